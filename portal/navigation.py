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
    NavItem(_("Stakeholders"), "stakeholders:list", permissions.is_customs),
    NavItem(_("Stakeholder map"), "stakeholders:map", permissions.is_customs),
    NavItem(_("My organisation"), "stakeholders:mine", permissions.is_private_sector),
    NavItem(_("Directory"), "stakeholders:directory"),
    NavItem(_("Forums"), "forums:list"),
    NavItem(_("My registrations"), "forums:mine", permissions.is_private_sector),
    NavItem(_("Check-in"), "forums:checkin_home", permissions.is_checkin_staff),
    NavItem(_("Consultations"), "consultations:list"),
    NavItem(_("Commitments"), "actionplans:board"),
    NavItem(_("Action plans"), "actionplans:plan_list", permissions.is_customs),
    NavItem(_("Calendar"), "meetings:calendar"),
    NavItem(_("Meetings"), "meetings:list", permissions.is_customs),
    NavItem(_("Meeting requests"), "meetings:requests", permissions.is_private_sector),
    NavItem(_("Integrity"), "integrity:home"),
    NavItem(_("Webhooks"), "webhooks:list", permissions.is_webhook_manager),
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
        visible.append({"label": item.label, "url": url, "active": False})
    # The current section is the item whose address is the longest prefix of the page's.
    matches = [entry for entry in visible if current_path.startswith(entry["url"])]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return visible
