"""Reading where a meeting's minutes stand with the private-sector co-chair: who validates
them, the text readers see and the draft waiting, and the sentence that says so on the page.
The writes are meetings/services/cosign.py."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.models import Meeting, MinutesVersion
from portal import dates


def cochair(meeting):
    """The portal account that validates the meeting's minutes for the private sector: the
    account tied to its body's private-sector co-chair (a Contact; an approved member's
    account is tied to one, stakeholders.membership), if active. None for an internal
    meeting, a meeting without a body, or a co-chair without an account."""
    if meeting.visibility == Meeting.Visibility.INTERNAL or meeting.body_id is None:
        return None
    contact = meeting.body.private_chair
    if contact is None or contact.user_id is None:
        return None
    user = contact.user
    return user if user.is_active else None


def is_cochair(user, meeting):
    return Meeting.objects.cosigned_by(user).filter(pk=meeting.pk).exists()


@dataclass
class MinutesState:
    """`published`: the version readers read (or None); `pending`: a later draft waiting for
    the co-chair's answer or an officer's new version (or None); `latest`: the last version;
    `validated`: the last version the co-chair approved before `latest` (what a co-chair
    compares a new draft with)."""

    cosign: bool
    published: MinutesVersion | None
    pending: MinutesVersion | None
    latest: MinutesVersion | None
    validated: MinutesVersion | None

    @property
    def awaiting(self):
        return self.pending is not None and self.pending.status == MinutesVersion.Status.AWAITING

    def lines(self):
        """What readers are told of the validation, sentence by sentence (empty when the
        minutes were never asked to be co-signed)."""
        said = []
        published = self.published
        if published is not None and published.status == MinutesVersion.Status.APPROVED:
            said.append(
                _("Validated by both co-chairs on %(date)s.")
                % {"date": dates.date_format(published.published_at, "DATE_FORMAT")}
            )
        elif published is not None and published.status == MinutesVersion.Status.PUBLISHED:
            said.append(
                _("Published without the private-sector co-chair's validation: %(reason)s")
                % {"reason": published.publication_reason}
            )
        if self.pending is not None:
            if published is not None and published.text.strip():
                said.append(_("A revised version awaits the private-sector co-chair's validation."))
            else:
                said.append(_("Awaiting the private-sector co-chair's validation."))
        return said


def state(meeting):
    versions = list(
        meeting.minutes_versions.select_related("recorded_by", "published_by").order_by("-number")
    )
    latest = versions[0] if versions else None
    published = next((v for v in versions if v.is_public), None)
    pending = latest if latest is not None and latest.status in MinutesVersion.PENDING else None
    older = versions[1:] if latest is not None else []
    validated = next((v for v in older if v.status == MinutesVersion.Status.APPROVED), None)
    return MinutesState(
        cosign=meeting.minutes_cosign,
        published=published,
        pending=pending,
        latest=latest,
        validated=validated,
    )
