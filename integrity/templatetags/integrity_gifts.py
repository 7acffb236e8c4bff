"""What the gift pages ask of the person looking at them."""

from django import template

from portal import permissions

register = template.Library()


@register.filter
def is_gift_supervisor(user):
    return permissions.is_gift_supervisor(user)
