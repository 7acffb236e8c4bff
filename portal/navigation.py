"""The main navigation: each item says who may use it, so each role sees only what it may use.

An app adds its sections here when they exist; an item whose URL does not resolve is left out
rather than shown as a dead link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import permissions


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    allowed: Callable = lambda user: True


def _signed_in(user):
    return user.is_authenticated


ITEMS = [
    NavItem(_("Dashboard"), "dashboard", _signed_in),
    NavItem(_("Calendar"), "meetings:calendar"),
    NavItem(_("Meetings"), "meetings:list", permissions.is_customs),
    NavItem(_("Meeting requests"), "meetings:requests", permissions.is_private_sector),
    NavItem(
        _("Administration"), "admin:index", lambda user: user.is_authenticated and user.is_staff
    ),
]


def items_for(user, current_path=""):
    visible = []
    for item in ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        visible.append({"label": item.label, "url": url, "active": active})
    return visible
