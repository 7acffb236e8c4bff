"""Minutes that both co-chairs sign: the private-sector co-chair's answer to a version of the
minutes, and an officer publishing a version without it (with a reason readers see).

The Customs side's validation is the officer's recording of a version
(`meetings.services.minutes.record_minutes`, which makes the version and, when the minutes
need co-signing, asks the co-chair through `ask_cochair`). Every write locks the meeting's
row first (`lock_meeting`), as every write to a meeting does, then checks, then writes.
"""

from django.db import transaction
from django.utils import timezone

from meetings.cosign import cochair, is_cochair
from meetings.models import MinutesReview, MinutesVersion
from meetings.services._common import MeetingError, lock_meeting
from meetings.services.minutes import publish_text
from portal import permissions
from portal.notifications import queue as notifications

COSIGN_KIND = "meetings.minutes_cosign"
REVIEWED_KIND = "meetings.minutes_reviewed"


def ask_cochair(version):
    """E-mail the private-sector co-chair that `version` awaits their validation (in the
    caller's transaction). Nobody to ask (no co-chair with an account): the version waits
    for an officer to publish it without the validation."""
    user = cochair(version.meeting)
    if user is None:
        return None
    return notifications.notify(
        COSIGN_KIND,
        target=version,
        email=user.email,
        recipient=user,
        language=user.language,
        key=f"{COSIGN_KIND}:{version.pk}",
    )


def _locked_latest(meeting):
    meeting = lock_meeting(meeting)
    latest = meeting.minutes_versions.order_by("-number").first()
    return meeting, latest


def review_minutes(version, *, acting_user, decision, comment=""):
    """The co-chair approves `version` or proposes changes (with a comment, which the
    officers read). Approved, it becomes the text readers see, "validated by both co-chairs".
    Only the meeting's latest version, while it awaits the co-chair, and only by them."""
    comment = (comment or "").strip()
    with transaction.atomic():
        meeting, latest = _locked_latest(version.meeting)
        if not is_cochair(acting_user, meeting):
            raise MeetingError("not_cochair")
        if (
            latest is None
            or latest.pk != version.pk
            or latest.status != MinutesVersion.Status.AWAITING
        ):
            raise MeetingError("not_awaiting")
        if decision not in MinutesReview.Decision.values:
            raise MeetingError("decision")
        if decision == MinutesReview.Decision.CHANGES_PROPOSED and not comment:
            raise MeetingError("comment")
        now = timezone.now()
        review = MinutesReview.objects.create(
            version=latest, reviewer=acting_user, decision=decision, comment=comment, at=now
        )
        if decision == MinutesReview.Decision.APPROVED:
            latest.status = MinutesVersion.Status.APPROVED
            latest.published_at, latest.published_by = now, acting_user
        else:
            latest.status = MinutesVersion.Status.CHANGES_PROPOSED
        latest.save(update_fields=["status", "published_at", "published_by"])
        if latest.status == MinutesVersion.Status.APPROVED:
            publish_text(meeting, latest.text)
        _tell_officer(meeting, latest, review)
    return review


def _tell_officer(meeting, version, review):
    """The organiser (or, without one, the officer who recorded the version) learns the
    co-chair's answer."""
    for officer in (meeting.organiser, version.recorded_by):
        if officer is not None and officer.is_active and permissions.is_customs(officer):
            notifications.notify(
                REVIEWED_KIND,
                target=review,
                email=officer.email,
                recipient=officer,
                language=officer.language,
                key=f"{REVIEWED_KIND}:{review.pk}",
            )
            return


def publish_without_cosign(meeting, *, acting_user, reason):
    """An officer publishes the latest draft without the co-chair's validation: readers read
    it, and the reason, with who and when. Only a draft still pending (awaiting the
    co-chair, or with changes proposed), and never without a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        meeting, latest = _locked_latest(meeting)
        if not permissions.is_customs(acting_user):
            raise MeetingError("not_officer")
        if latest is None or latest.status not in MinutesVersion.PENDING:
            raise MeetingError("nothing_pending")
        if not reason:
            raise MeetingError("reason")
        latest.status = MinutesVersion.Status.PUBLISHED
        latest.publication_reason = reason
        latest.published_at, latest.published_by = timezone.now(), acting_user
        latest.save(update_fields=["status", "publication_reason", "published_at", "published_by"])
        publish_text(meeting, latest.text)
    return latest
