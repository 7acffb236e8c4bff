"""An organisation's change history, for its page: every recorded change to the organisation,
its contacts, its memberships and its assessments, newest first, with who made it and what
changed (a membership's reason says why).

Read from django-simple-history's tables in a fixed number of queries (diffs are computed here
rather than with diff_against, which queries once per record).
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from stakeholders.models import Assessment, Contact, Membership, Organization, Sector

LIMIT = 200
IGNORED = {"id", "created_at", "updated_at", "organization"}

KIND_LABELS = {
    "+": pgettext_lazy("change history", "created"),
    "~": pgettext_lazy("change history", "changed"),
    "-": pgettext_lazy("change history", "deleted"),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: object  # a User or None (a change made by the system, or by a since-removed user)
    subject: str
    kind: str
    changes: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


@functools.cache
def _historical(model):
    """The historical model of `model`. Read once: simple-history builds a new manager class
    (inspecting the queryset's methods) on every access to `model.history`."""
    return model.history.model


def _tracked_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in IGNORED and not f.name.startswith("history_")
    ]


def _display(model_field, value, users):
    if value in (None, ""):
        return "—"
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        user = users.get(value)
        return str(user) if user else f"#{value}"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return str(value)


def _entries(records, fields, subject_of, users, extra=None):
    """Turn one object's historical records (oldest first) into entries with their diffs."""
    entries = []
    previous = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append(
                        Change(
                            str(f.verbose_name),
                            _display(f, old, users),
                            _display(f, new, users),
                        )
                    )
            if extra:
                changes.extend(extra(before, record))
            if not changes:
                previous[record.id] = record
                continue  # a save that changed nothing shown here
        entries.append(
            Entry(
                when=record.history_date,
                who=users.get(record.history_user_id),
                subject=subject_of(record),
                kind=record.history_type,
                changes=changes,
            )
        )
        previous[record.id] = record
    return entries


def for_organization(organization):
    """The organisation's change history, newest first (at most LIMIT entries)."""
    org_records = list(
        _historical(Organization)
        .objects.filter(id=organization.pk)
        .order_by("history_date", "history_id")
    )
    contact_records = list(
        _historical(Contact)
        .objects.filter(organization_id=organization.pk)
        .order_by("history_date", "history_id")
    )
    assessment_records = list(
        _historical(Assessment)
        .objects.filter(organization_id=organization.pk)
        .order_by("history_date", "history_id")
    )
    membership_records = list(
        _historical(Membership)
        .objects.filter(organization_id=organization.pk)
        .order_by("history_date", "history_id")
    )
    sector_model = (
        _historical(Organization)._meta.get_field("historicalorganization_sectors").related_model
    )
    sectors_of = {record.history_id: set() for record in org_records}
    for history_id, sector_id in sector_model.objects.filter(
        history_id__in=list(sectors_of)
    ).values_list("history_id", "sector_id"):
        sectors_of[history_id].add(sector_id)
    sector_names = {s.pk: str(s) for s in Sector.objects.all()}

    user_ids = set()
    for record in org_records + contact_records + assessment_records + membership_records:
        user_ids.add(record.history_user_id)
    for record in membership_records:
        user_ids.update((record.user_id, record.decided_by_id))
    for record in org_records:
        user_ids.add(record.verified_by_id)
    for record in assessment_records:
        user_ids.add(record.assessed_by_id)
    for record in contact_records:
        user_ids.add(record.user_id)
    user_ids.discard(None)
    users = get_user_model().objects.in_bulk(user_ids)

    def sector_change(before, record):
        old, new = sectors_of.get(before.history_id), sectors_of.get(record.history_id)
        if old == new:
            return []

        def names(ids):
            return ", ".join(sorted(sector_names.get(i, "?") for i in ids)) or "—"

        return [
            Change(
                str(Organization._meta.get_field("sectors").verbose_name), names(old), names(new)
            )
        ]

    entries = _entries(
        org_records,
        _tracked_fields(_historical(Organization)),
        lambda r: _("Organisation"),
        users,
        extra=sector_change,
    )
    entries += _entries(
        contact_records,
        _tracked_fields(_historical(Contact)),
        lambda r: _("Contact: %(name)s") % {"name": r.name},
        users,
    )
    entries += _entries(
        assessment_records,
        _tracked_fields(_historical(Assessment)),
        lambda r: (
            _("Assessment of %(date)s")
            % {"date": formats.date_format(timezone.localtime(r.assessed_at), "SHORT_DATE_FORMAT")}
        ),
        users,
    )
    entries += _entries(
        membership_records,
        [
            f
            for f in _tracked_fields(_historical(Membership))
            if f.name not in ("user", "decided_by", "decided_at", "requested_at")
        ],
        lambda r: _("Membership: %(person)s") % {"person": users.get(r.user_id, "?")},
        users,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:LIMIT]
