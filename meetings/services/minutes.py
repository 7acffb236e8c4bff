"""After a meeting: its attendance and minutes (which mark it held), and its commitments; and
telling the apps above that a meeting was held (the `on_held` provider hook)."""

from django.db import transaction
from django.utils import timezone

from meetings.models import (
    Commitment,
    Invitation,
    InvitedOrganization,
    Meeting,
    MinutesVersion,
)
from meetings.services._common import MeetingError, lock_meeting
from meetings.services.reminders import sync_meeting_reminders
from portal.notifications import queue as notifications

MINUTES_KIND = "meetings.minutes"

# What apps above meetings do when a meeting is recorded as held (integrity: its entry in the
# public register of contacts). Registered in their AppConfig.ready().
_held = []


def on_held(handler):
    """Call `handler(meeting)` whenever a meeting is recorded as held (its attendance and
    minutes saved), in the same transaction."""
    if handler not in _held:
        _held.append(handler)


def record_minutes(
    meeting,
    *,
    acting_user,
    minutes,
    present_invitations=(),
    present_organizations=(),
    cosign=False,
):
    """Mark a meeting held, with its attendance and minutes (Markdown).

    The organisations present are those ticked and those of the people present. A changed
    text is a new version of the minutes (MinutesVersion), recorded by `acting_user` for
    Customs. Without co-signing it is published at once; when the minutes need the
    private-sector co-chair's validation (`cosign=True` asks for it from now on, and it stays
    asked), the version awaits the co-chair (meetings.services.cosign) and readers keep the
    last text published. When the minutes are first published (they had no text and now have
    one), every participant who may read them (`minutes_readers`) is sent a notice, once.
    """
    from meetings.services import cosign as cosigning

    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if meeting.is_series:
            raise MeetingError("series")
        if meeting.status == Meeting.Status.CANCELLED or meeting.start > timezone.now():
            raise MeetingError("not_held")
        asked_now = bool(cosign) and not meeting.minutes_cosign
        if asked_now:
            if cosigning.cochair(meeting) is None:
                raise MeetingError("no_cochair")
            meeting.minutes_cosign = True
        present_ids = {inv.pk for inv in present_invitations}
        invitations = list(meeting.invitations.all())
        for inv in invitations:
            inv.attended = inv.pk in present_ids
        Invitation.objects.bulk_update(invitations, ["attended"])
        org_ids = {org.pk for org in present_organizations} | {
            inv.organization_id for inv in invitations if inv.attended and inv.organization_id
        }
        for org_id in org_ids:
            InvitedOrganization.objects.get_or_create(meeting=meeting, organization_id=org_id)
        meeting.invited_orgs.update(attended=False)
        meeting.invited_orgs.filter(organization_id__in=org_ids).update(attended=True)
        text = minutes.replace("\r\n", "\n")
        latest = meeting.minutes_versions.order_by("-number").first()
        changed = (latest.text if latest else meeting.minutes) != text
        if latest is None and not text.strip():
            changed = False
        version = None
        ask_anew = (
            asked_now and bool(text.strip()) and (latest is None or latest.status not in PENDING)
        )
        if changed or ask_anew:
            version = _new_version(meeting, latest, text, acting_user)
        first = False
        if version is not None and version.status == MinutesVersion.Status.RECORDED:
            first = not meeting.minutes.strip() and bool(text.strip())
            meeting.minutes = text
        meeting.minutes_recorded_at = timezone.now()
        meeting.status = Meeting.Status.HELD
        meeting.save()
        if first:
            tell_readers(meeting)
        if version is not None and version.status == MinutesVersion.Status.AWAITING:
            cosigning.ask_cochair(version)
        sync_meeting_reminders(meeting)
        for handler in _held:
            handler(meeting)
    return meeting


PENDING = MinutesVersion.PENDING


def _new_version(meeting, latest, text, acting_user):
    """The next version of the meeting's minutes; a draft it replaces is marked so."""
    if latest is not None and latest.status in PENDING:
        latest.status = MinutesVersion.Status.SUPERSEDED
        latest.save(update_fields=["status"])
    now = timezone.now()
    cosigned = meeting.minutes_cosign
    return MinutesVersion.objects.create(
        meeting=meeting,
        number=(latest.number + 1) if latest else 1,
        text=text,
        recorded_by=acting_user,
        recorded_at=now,
        status=MinutesVersion.Status.AWAITING if cosigned else MinutesVersion.Status.RECORDED,
        published_at=None if cosigned else now,
        published_by=None if cosigned else acting_user,
    )


def publish_text(meeting, text):
    """Make `text` the minutes readers see (the meeting is locked by the caller); the first
    time the minutes have a text, the participants are told (`tell_readers`)."""
    first = not meeting.minutes.strip() and bool(text.strip())
    meeting.minutes = text
    meeting.save(update_fields=["minutes", "updated_at"])
    if first:
        tell_readers(meeting)


def tell_readers(meeting):
    """The minutes are published: every participant who may read them gets a notice with a
    link to them, once."""
    for invitation in minutes_readers(meeting):
        notifications.notify(
            MINUTES_KIND,
            target=invitation,
            email=invitation.email,
            recipient=invitation.user,
            language=invitation.language,
            key=f"{MINUTES_KIND}:{invitation.pk}",
        )


def may_read_minutes(invitation):
    """Whether the invitee may read the meeting's minutes: `minutes_visible_to` of their
    account; an invitee without an account reads what a visitor reads (public meetings')."""
    if invitation.user_id:
        readable = Meeting.objects.minutes_visible_to(invitation.user)
        return readable.filter(pk=invitation.meeting_id).exists()
    return invitation.meeting.visibility == Meeting.Visibility.PUBLIC


def minutes_readers(meeting):
    """The meeting's participants (its invitees, present or not) who may read its minutes."""
    invitations = meeting.invitations.select_related("user", "meeting")
    return [invitation for invitation in invitations if may_read_minutes(invitation)]


def add_commitment(meeting, *, acting_user, **fields):
    with transaction.atomic():
        return Commitment.objects.create(meeting=meeting, **fields)


def update_commitment(commitment, *, acting_user, **fields):
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        for name, value in fields.items():
            setattr(commitment, name, value)
        commitment.save()
    return commitment
