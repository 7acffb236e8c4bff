from django.conf import settings

from portal import navigation, permissions


def portal(request):
    user = request.user
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": navigation.items_for(user, request.path),
        "is_customs": permissions.is_customs(user),
        "is_private_sector": permissions.is_private_sector(user),
    }
