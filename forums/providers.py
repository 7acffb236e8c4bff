"""How forums reach the shared machinery: the calendar (and so the feeds) and the
organisation's engagement history. Registered in ForumsConfig.ready."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums.models import ACTIVE, Forum, Registration
from portal.calendar import CalendarEntry
from stakeholders.engagement import EngagementItem

KIND = "forum"


def entry_for(forum):
    """The forum as a calendar entry (its UID never changes, whatever is edited)."""
    description = forum.theme or ""
    if forum.description:
        description = f"{description}\n\n{forum.description}".strip()
    return CalendarEntry(
        uid=f"forum-{forum.pk}@portail-douane",
        title=forum.title,
        start=forum.start,
        end=forum.end,
        url=forum.get_absolute_url(),
        kind=KIND,
        kind_label=_("Forum"),
        location=forum.place,
        online_url=forum.online_url,
        description=description,
        cancelled=forum.status == Forum.Status.CANCELLED,
        sequence=forum.sequence,
        last_modified=forum.updated_at,
        public=forum.visibility == Forum.Visibility.PUBLIC,
        categories=(str(_("Forum")),),
    )


def forum_entries(user, start, end, **filters):
    """Calendar provider: the forums `user` may see that overlap [start, end).

    Filters understood: `kind`/`kinds` (only answers for "forum"), `registered=True` (only
    the forums the user holds a live registration for), `public=True` (only public forums).
    Drafts are never on a calendar, not even an officer's.
    """
    kinds = filters.get("kinds") or ([filters["kind"]] if filters.get("kind") else None)
    if kinds and KIND not in kinds:
        return []
    forums = (
        Forum.objects.visible_to(user)
        .exclude(status=Forum.Status.DRAFT)
        .filter(start__lt=end, end__gt=start)
    )
    if filters.get("registered"):
        if not user.is_authenticated:
            return []
        forums = forums.filter(
            registrations__user=user, registrations__status__in=ACTIVE
        ).distinct()
    if filters.get("public"):
        forums = forums.filter(visibility=Forum.Visibility.PUBLIC)
    return [entry_for(forum) for forum in forums]


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
