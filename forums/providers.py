"""How forums reach the shared machinery: the calendar (and so the feeds) and the
organisation's engagement history. Registered in ForumsConfig.ready."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums.models import ACTIVE, SEATED, Forum, Registration
from portal import calendar, permissions
from portal.calendar import CalendarEntry
from stakeholders.engagement import EngagementItem

KIND = "forum"


def entry_for(forum, *, with_link=False):
    """The forum as a calendar entry (its UID never changes, whatever is edited).

    The online link goes only to those who hold a seat (and to officers): `with_link`.
    """
    description = forum.theme or ""
    if forum.description:
        description = f"{description}\n\n{forum.description}".strip()
    return CalendarEntry(
        uid=calendar.uid(f"forum-{forum.pk}"),
        title=forum.title,
        start=forum.start,
        end=forum.end,
        url=forum.get_absolute_url(),
        kind=KIND,
        kind_label=_("Forum"),
        location=forum.place,
        online_url=forum.online_url if with_link else "",
        description=description,
        cancelled=forum.status == Forum.Status.CANCELLED,
        sequence=forum.sequence,
        last_modified=forum.updated_at,
        public=forum.visibility == Forum.Visibility.PUBLIC,
        categories=(str(_("Forum")),),
    )


def forum_entries(user, start, end, **filters):
    """Calendar provider: the forums `user` may see that overlap [start, end).

    Filters understood: `kind`/`kinds` (only answers for "forum"), `body` (a dialogue body:
    a forum belongs to none, so nothing), `organization` (only the forums linked to that
    organisation: a partner of the forum or invited to it; the forum's own links, not its
    registrations, which say who chose to come and are not shown to everyone),
    `registered=True` (only the forums the user holds a live registration for), `public=True`
    (only public forums). Drafts are never on a calendar, not even an officer's.
    """
    kinds = filters.get("kinds") or ([filters["kind"]] if filters.get("kind") else None)
    if kinds and KIND not in kinds:
        return []
    if filters.get("body"):
        return []
    signed_in = user is not None and user.is_authenticated
    forums = (
        Forum.objects.visible_to(user)
        .exclude(status=Forum.Status.DRAFT)
        .filter(start__lt=end, end__gt=start)
    )
    if filters.get("registered"):
        if not signed_in:
            return []
        forums = forums.filter(
            registrations__user=user, registrations__status__in=ACTIVE
        ).distinct()
    if filters.get("public"):
        forums = forums.filter(visibility=Forum.Visibility.PUBLIC)
    if filters.get("organization"):
        organization = filters["organization"]
        forums = forums.filter(
            Q(partner_organizations=organization) | Q(invited_organizations=organization)
        ).distinct()
    officer = signed_in and permissions.is_customs(user)
    if signed_in and not officer:
        forums = forums.annotate(
            seated_here=Exists(
                Registration.objects.filter(forum=OuterRef("pk"), user=user, status__in=SEATED)
            )
        )
    return [
        entry_for(forum, with_link=officer or getattr(forum, "seated_here", False))
        for forum in forums
    ]


def forum_engagements(organization, user):
    """Engagement-history provider: the forums `organization`'s people registered for."""
    forums = (
        Forum.objects.visible_to(user)
        .filter(registrations__organization=organization)
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(
                    registrations__organization=organization,
                    registrations__status__in=ACTIVE,
                ),
            ),
            attended=Count(
                "registrations",
                filter=Q(
                    registrations__organization=organization,
                    registrations__status=Registration.Status.ATTENDED,
                ),
            ),
        )
        .filter(registered__gt=0)
        .order_by("-start")
    )
    items = []
    for forum in forums:
        detail = ngettext(
            "%(count)s person registered", "%(count)s people registered", forum.registered
        ) % {"count": forum.registered}
        if forum.attended:
            detail += ", " + ngettext(
                "%(count)s attended", "%(count)s attended", forum.attended
            ) % {"count": forum.attended}
        items.append(
            EngagementItem(
                when=forum.start,
                kind_label=_("Forum registration"),
                title=forum.title,
                url=forum.get_absolute_url(),
                detail=detail,
            )
        )
    return items
