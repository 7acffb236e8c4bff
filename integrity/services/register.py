"""The register of contacts: entries made from held meetings, contacts logged by officers,
completing, publishing and withholding them, publishing late ones automatically, and the
reminders of the officer who must complete them.

- One entry per meeting (a unique link), made when the meeting is recorded held and a
  private-sector organisation or person took part (`Meeting.objects.held_with_private_sector`),
  whatever its visibility; `sync_from_meetings` makes those still missing (the daily task).
- The public subject of an entry made from a meeting is the meeting's title only when the
  meeting is public: the title of a restricted meeting is never copied.
- An entry is due INTEGRITY_REGISTER_DUE_DAYS after the contact. An officer publishes it with
  a subject and an outcome, or withholds it with a reason from the administrators' active
  list; either completes it (on time when on or before its due date). A draft whose due date
  has passed is published as it is, marked late (`publish_overdue`).
- Every write locks the entry's row (or the meeting's) first, then checks, then writes.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrity.models import ContactEntry
from meetings.models import Meeting
from portal import permissions
from portal.notifications import queue as notifications

REMINDER_KIND = "integrity.entry_due"
# The officer is reminded this many days before the due date, and on the day itself,
# at this hour of the portal's time zone.
REMINDER_DAYS_BEFORE = (3, 0)
REMINDER_HOUR = 8


class RegisterError(Exception):
    """A write the entry's state refuses; `code` names why (the views say it)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def due_on(contact_date):
    return contact_date + timedelta(days=settings.INTEGRITY_REGISTER_DUE_DAYS)


def _lock(entry):
    return ContactEntry.objects.select_for_update().get(pk=entry.pk)


def _today():
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


# --- Entries from meetings -----------------------------------------------------------------


def officer_of(meeting):
    """Who completes a meeting's entry: its organiser when a customs officer, else the Customs
    co-chair of its dialogue body (None when neither)."""
    if meeting.organiser is not None and permissions.is_customs(meeting.organiser):
        return meeting.organiser
    chair = meeting.body.customs_chair if meeting.body_id else None
    if chair is not None and permissions.is_customs(chair):
        return chair
    return None


def _present(meeting):
    """The organisations and the number of private persons who took part in a held meeting, by
    the rule of `held_with_private_sector`: those marked present, or, when the attendance was
    not recorded, those invited."""
    links = list(meeting.invited_orgs.values_list("organization_id", "attended"))
    people = list(meeting.invitations.values_list("organization_id", "attended"))
    recorded = any(attended for _org, attended in links + people)
    organizations = {org for org, attended in links + people if org and (attended or not recorded)}
    persons = meeting.invitations.filter(organization__isnull=True, user__kind="private")
    if recorded:
        persons = persons.filter(attended=True)
    return organizations, persons.count()


def entry_for_meeting(meeting, *, acting_user=None):
    """Make the register entry of a meeting recorded held, if a private-sector organisation or
    person took part; refresh who was present while the entry is a draft. Returns the entry,
    or None when the meeting does not qualify. Called in the transaction that marks the meeting
    held (`meetings.services.minutes.on_held`), which holds the meeting's lock."""
    if not Meeting.objects.held_with_private_sector().filter(pk=meeting.pk).exists():
        return None
    organizations, persons = _present(meeting)
    entry = ContactEntry.objects.select_for_update().filter(meeting=meeting).first()
    if entry is None:
        officer = officer_of(meeting)
        day = timezone.localdate(meeting.start, timezone.get_default_timezone())
        public = meeting.visibility == Meeting.Visibility.PUBLIC
        entry = ContactEntry.objects.create(
            kind=ContactEntry.Kind.MEETING,
            meeting=meeting,
            contact_date=day,
            officer=officer,
            unit=officer.unit if officer else None,
            officer_role=officer.position if officer else "",
            subject=meeting.title[:200] if public else "",
            private_individuals=persons,
            due_on=due_on(day),
            created_by=acting_user,
        )
        entry.organizations.set(organizations)
        plan_reminders(entry)
    elif entry.is_draft:
        entry.private_individuals = persons
        entry.save(update_fields=["private_individuals", "updated_at"])
        entry.organizations.set(organizations)
    return entry


def on_meeting_held(meeting):
    """The `meetings.services.minutes.on_held` provider (registered in IntegrityConfig.ready)."""
    entry_for_meeting(meeting)


def sync_from_meetings():
    """Make the entries of held meetings that have none (meetings held before this register
    existed, or by a path that told no one). Idempotent. Returns how many were made."""
    made = 0
    missing = Meeting.objects.held_with_private_sector().filter(register_entry__isnull=True)
    for pk in missing.values_list("pk", flat=True):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=pk)
            if ContactEntry.objects.filter(meeting=meeting).exists():
                continue
            made += entry_for_meeting(meeting) is not None
    return made


# --- Contacts outside meetings, completing, withholding ----------------------------------


def _check_complete(subject, outcome):
    if not subject.strip() or not outcome.strip():
        raise RegisterError("incomplete")


def _publish(entry, today):
    entry.status = ContactEntry.Status.PUBLISHED
    entry.published_at = timezone.now()
    entry.completed_on = entry.completed_on or today


def log_contact(
    *,
    acting_user,
    kind,
    contact_date,
    organizations=(),
    private_individuals=0,
    unit=None,
    officer_role="",
    subject="",
    outcome="",
    publish=False,
    today=None,
):
    """An officer logs a contact held outside a meeting (a visit, a call, a site inspection,
    an e-mail on a pending matter): a draft, or published at once with its subject and
    outcome. The officer who logs it is the one who held it."""
    if kind == ContactEntry.Kind.MEETING:
        raise RegisterError("kind")
    if publish:
        _check_complete(subject, outcome)
    today = today or _today()
    with transaction.atomic():
        entry = ContactEntry(
            kind=kind,
            contact_date=contact_date,
            officer=acting_user,
            unit=unit,
            officer_role=officer_role,
            subject=subject,
            outcome=outcome,
            private_individuals=private_individuals,
            due_on=due_on(contact_date),
            created_by=acting_user,
        )
        if publish:
            _publish(entry, today)
        entry.save()
        entry.organizations.set(organizations)
        if entry.is_draft:
            plan_reminders(entry)
    return entry


# The fields of a contact logged outside a meeting; an entry made from a meeting takes them
# from the meeting.
CONTACT_FIELDS = ("kind", "contact_date", "private_individuals")
PUBLIC_FIELDS = ("unit", "officer_role", "subject", "outcome")


def update_entry(entry, *, acting_user, publish=False, today=None, organizations=None, **fields):
    """Complete or correct an entry (draft or published); with `publish`, publish a draft.

    Filling in the outcome of an entry published automatically completes it (late)."""
    today = today or _today()
    with transaction.atomic():
        entry = _lock(entry)
        if entry.status == ContactEntry.Status.WITHHELD:
            raise RegisterError("withheld")
        allowed = PUBLIC_FIELDS + (() if entry.meeting_id else CONTACT_FIELDS)
        for name, value in fields.items():
            if name in allowed:
                setattr(entry, name, value)
        if entry.kind == ContactEntry.Kind.MEETING and not entry.meeting_id:
            raise RegisterError("kind")
        if not entry.meeting_id:
            entry.due_on = due_on(entry.contact_date)
        if publish or not entry.is_draft:
            _check_complete(entry.subject, entry.outcome)
        if publish and entry.is_draft:
            _publish(entry, today)
        elif not entry.is_draft and entry.completed_on is None:
            entry.completed_on = today  # the outcome of an entry published late
        entry.save()
        if organizations is not None and not entry.meeting_id:
            entry.organizations.set(organizations)
        if entry.is_draft:
            plan_reminders(entry)
    return entry


def withhold(entry, *, acting_user, reason, note="", today=None):
    """Withhold an entry from publication for a legal reason from the administrators' list
    (an active one). The register still counts it, under its reason."""
    today = today or _today()
    with transaction.atomic():
        entry = _lock(entry)
        if entry.status == ContactEntry.Status.WITHHELD:
            raise RegisterError("withheld")
        if reason is None or not reason.active:
            raise RegisterError("reason")
        entry.status = ContactEntry.Status.WITHHELD
        entry.withheld_reason = reason
        entry.withheld_note = note
        entry.published_at = None
        entry.completed_on = entry.completed_on or today
        entry.save()
    return entry


# --- Late entries and reminders -------------------------------------------------------------


def publish_overdue(*, today=None):
    """Publish, as they are, the drafts whose due date has passed, marked late: the public sees
    that the outcome is overdue. Returns how many were published."""
    today = today or _today()
    published = 0
    for pk in ContactEntry.objects.overdue(today).values_list("pk", flat=True):
        with transaction.atomic():
            entry = ContactEntry.objects.select_for_update().get(pk=pk)
            if not entry.is_draft or entry.due_on >= today:
                continue
            entry.status = ContactEntry.Status.PUBLISHED
            entry.published_at = timezone.now()
            entry.published_automatically = True
            entry.save()
            published += 1
    return published


def reminder_times(entry):
    zone = timezone.get_default_timezone()
    return [
        (days, datetime.combine(entry.due_on - timedelta(days=days), time(REMINDER_HOUR), zone))
        for days in REMINDER_DAYS_BEFORE
    ]


def plan_reminders(entry, *, now=None):
    """The officer's reminders to complete a draft: some days before it is due and on the day.
    Made once each (by key); those whose time has passed are not made. The renderer drops
    them once the entry is no longer a draft."""
    officer = entry.officer
    if officer is None or not officer.is_active or not officer.email:
        return []
    now = now or timezone.now()
    rows = []
    for days, due_at in reminder_times(entry):
        if due_at <= now:
            continue
        rows.append(
            notifications.notify(
                REMINDER_KIND,
                target=entry,
                email=officer.email,
                recipient=officer,
                due_at=due_at,
                payload={"due_on": entry.due_on.isoformat()},
                key=f"{REMINDER_KIND}:{entry.pk}:{officer.pk}:{entry.due_on.isoformat()}:{days}",
            )
        )
    return rows


__all__ = [
    "REMINDER_KIND",
    "RegisterError",
    "entry_for_meeting",
    "log_contact",
    "publish_overdue",
    "sync_from_meetings",
    "update_entry",
    "withhold",
]
