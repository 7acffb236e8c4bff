from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from portal import navigation, permissions


def portal(request):
    # An error page may be rendered for a request that never reached the authentication
    # middleware: it is then a visitor's.
    user = getattr(request, "user", None) or AnonymousUser()
    nav_items = navigation.items_for(user, request.path)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": nav_items,
        "nav_sections": navigation.sections_of(nav_items),
        "is_customs": permissions.is_customs(user),
        "is_private_sector": permissions.is_private_sector(user),
    }
