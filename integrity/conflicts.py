"""Conflicts of interest as the rest of the portal asks about them.

`conflicting(officers, organizations)` gives the active declared conflicts between them;
`record_overrides(...)` keeps who went ahead despite the warning, and why. The contact
register calls them directly; meetings (below this app) reach `warnings` and `record` through
`meetings.conflicts`, where `IntegrityConfig.ready()` registers this module.
"""

from django.utils.translation import gettext as _

from integrity.models import ConflictOfInterest, ConflictOverride
from integrity.services import conflicts as services


def _ids(items):
    if items is None:
        return []
    if hasattr(items, "pk"):
        return [items.pk]
    return [getattr(item, "pk", item) for item in items]


def conflicting(officers, organizations):
    """The active conflicts declared by `officers` (one officer, or several) with any of
    `organizations` (instances or ids)."""
    officer_ids, organization_ids = _ids(officers), _ids(organizations)
    if not officer_ids or not organization_ids:
        return ConflictOfInterest.objects.none()
    return (
        ConflictOfInterest.objects.active()
        .filter(officer_id__in=officer_ids, organization_id__in=organization_ids)
        .select_related("officer", "organization")
        .order_by("officer__full_name", "organization__name", "pk")
    )


def record_overrides(conflicts, *, context, reason, acting_user, target="", meeting=None):
    return services.record_overrides(
        conflicts,
        context=context,
        reason=reason,
        acting_user=acting_user,
        target=target,
        meeting=meeting,
    )


def describe(conflict):
    return _("%(officer)s has declared a conflict of interest with %(organization)s.") % {
        "officer": conflict.officer.get_full_name() or conflict.officer.email,
        "organization": conflict.organization.name,
    }


# --- The provider meetings.conflicts asks ---------------------------------------------------

CONTEXTS = {
    "invitation": ConflictOverride.Context.INVITATION,
    "chair": ConflictOverride.Context.CHAIR,
    "contact": ConflictOverride.Context.CONTACT,
}


def warnings(officers, organizations):
    return [describe(conflict) for conflict in conflicting(officers, organizations)]


def record(officers, organizations, *, context, reason, acting_user, target="", meeting=None):
    return record_overrides(
        list(conflicting(officers, organizations)),
        context=CONTEXTS[context],
        reason=reason,
        acting_user=acting_user,
        target=target,
        meeting=meeting,
    )
