"""The main navigation: each item says who may use it, so each role sees only what it may use.

This module is the one place that says who sees which section. Items belong to groups (the
registry, the calendar, the forums…); the layout (templates/base.html) draws a group that
holds two or more of the reader's items as a disclosure (<details>) with the group's name, and
a group that holds one as a plain link, so that the navigation stays on one line on a desktop
whatever the role, and behind one "Menu" button on a phone.

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
class NavGroup:
    key: str
    label: str | Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    allowed: Callable = lambda user: True
    # The item's group; an item with a group of its own (a one-item group) is a plain link.
    group: NavGroup | None = None


def _signed_in(user):
    return user.is_authenticated


def _staff(user):
    return user.is_authenticated and user.is_staff


REGISTRY = NavGroup("registry", _("Stakeholders"))
CALENDAR = NavGroup("calendar", _("Calendar"))
FORUMS = NavGroup("forums", _("Forums"))
ACTION_PLANS = NavGroup("actionplans", _("Action plans"))
ADMINISTRATION = NavGroup("administration", _("Administration"))

ITEMS = [
    NavItem(_("Home"), "home"),
    NavItem(_("Dashboard"), "dashboard", _signed_in),
    NavItem(_("Stakeholders"), "stakeholders:list", permissions.is_customs, REGISTRY),
    NavItem(_("Stakeholder map"), "stakeholders:map", permissions.is_customs, REGISTRY),
    NavItem(_("My organisation"), "stakeholders:mine", permissions.is_private_sector, REGISTRY),
    NavItem(_("Directory"), "stakeholders:directory", group=REGISTRY),
    NavItem(_("Calendar"), "meetings:calendar", group=CALENDAR),
    NavItem(_("Meetings"), "meetings:list", permissions.is_customs, CALENDAR),
    NavItem(_("Meeting requests"), "meetings:requests", permissions.is_private_sector, CALENDAR),
    NavItem(_("Forums"), "forums:list", group=FORUMS),
    NavItem(_("My registrations"), "forums:mine", permissions.is_private_sector, FORUMS),
    NavItem(_("Check-in"), "forums:checkin_home", permissions.is_checkin_staff, FORUMS),
    NavItem(_("Surveys"), "surveys:manage", permissions.is_customs, FORUMS),
    NavItem(_("Consultations"), "consultations:list"),
    # Officers build surveys (above); everyone else answers the ones open to them.
    NavItem(_("Surveys"), "surveys:list", lambda user: not permissions.is_customs(user)),
    NavItem(_("Action plans"), "actionplans:plan_list", permissions.is_customs, ACTION_PLANS),
    NavItem(_("Commitments"), "actionplans:board", group=ACTION_PLANS),
    NavItem(_("Integrity"), "integrity:home"),
    NavItem(_("Webhooks"), "webhooks:list", permissions.is_webhook_manager, ADMINISTRATION),
    NavItem(_("Site administration"), "admin:index", _staff, ADMINISTRATION),
]


def items_for(user, current_path=""):
    """The items the user may use, in order, as dicts: label, url, active, group."""
    visible = []
    for item in ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": item.label, "url": url, "active": False, "group": item.group})
    # The current section is the item whose address is the longest prefix of the page's (the
    # home page's "/" only for itself: it is a prefix of every address).
    matches = [
        entry
        for entry in visible
        if current_path == entry["url"]
        or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return visible


def sections_for(user, current_path=""):
    return sections_of(items_for(user, current_path))


def sections_of(items):
    """The navigation as drawn, from items_for's items: a list of sections, each a dict with
    key, label, url (a link) or items (a group of two or more links), and active (the current
    page is in it)."""
    sections = []
    by_group = {}
    for item in items:
        group = item["group"]
        if group is None:
            sections.append({**item, "key": item["url"], "items": []})
            continue
        if group.key not in by_group:
            by_group[group.key] = {
                "key": group.key,
                "label": group.label,
                "url": None,
                "active": False,
                "items": [],
            }
            sections.append(by_group[group.key])
        section = by_group[group.key]
        section["items"].append(item)
        section["active"] = section["active"] or item["active"]
    for section in sections:
        if len(section["items"]) == 1:  # a group of one is that one link
            (only,) = section["items"]
            section.update(label=only["label"], url=only["url"], items=[])
    return sections
