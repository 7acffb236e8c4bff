"""Minutes that both co-chairs sign (issue 19): the private-sector co-chair approves a version
of the minutes or proposes changes; a changed text is a new version that needs validating
again; officers may publish without the validation only with a reason readers see."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MinutesReview, MinutesVersion
from meetings.services import cosign, minutes, scheduling
from meetings.services._common import MeetingError
from portal.notifications.models import Notification
from stakeholders.models import Contact
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    PortalClient,
    representative_of,
)
from tests.meetings.factories import BodyFactory

pytestmark = pytest.mark.django_db

DRAFT = "## Décisions\n\nLa mainlevée anticipée est étendue aux OEA sous 48 heures."
REVISED = "## Décisions\n\nLa mainlevée anticipée est étendue aux OEA sous 24 heures."


@pytest.fixture
def client():
    """The pages in English (the portal's default is French): visitors by their browser's
    language, people signed in by their preference (`language="en"` below)."""
    return PortalClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def people():
    officer = OfficerFactory(email="agent@douane.gouv.ml", full_name="Agent Traoré", language="en")
    ccim = OrganizationFactory(name="CCIM")
    chair = representative_of(
        ccim, email="copresident@ccim.ml", full_name="Oumar Sidibé", language="en"
    )
    other = representative_of(ccim, email="membre@ccim.ml", language="en")
    stranger = representative_of(
        OrganizationFactory(name="CNPM"), email="autre@cnpm.ml", language="en"
    )
    body = BodyFactory(
        name="Cadre de concertation",
        customs_chair=officer,
        private_chair=Contact.objects.get(user=chair),
    )
    return {
        "officer": officer,
        "chair": chair,
        "other": other,
        "stranger": stranger,
        "body": body,
        "ccim": ccim,
    }


def held_meeting(people, *, visibility=Meeting.Visibility.PUBLIC):
    start = timezone.now() + timedelta(days=3)
    meeting = scheduling.create_meeting(
        acting_user=people["officer"],
        title="Session du cadre de concertation",
        start=start,
        end=start + timedelta(hours=2),
        visibility=visibility,
        body=people["body"],
        users=[people["other"]],
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting


def record(meeting, people, text=DRAFT, **kwargs):
    return minutes.record_minutes(
        meeting, acting_user=people["officer"], minutes=text, cosign=True, **kwargs
    )


def latest(meeting):
    return meeting.minutes_versions.order_by("-number").first()


# --- Services ------------------------------------------------------------------------------


def test_a_cosigned_draft_waits_for_the_co_chair_and_readers_see_nothing_yet(people):
    meeting = record(held_meeting(people), people)

    meeting.refresh_from_db()
    assert meeting.minutes_cosign and meeting.minutes == ""
    version = latest(meeting)
    assert (version.number, version.status, version.text) == (1, "awaiting", DRAFT)
    assert version.recorded_by == people["officer"]
    asked = Notification.objects.get(kind=cosign.COSIGN_KIND)
    assert asked.recipient == people["chair"] and asked.email == "copresident@ccim.ml"


def test_approving_publishes_the_version_and_tells_the_organiser(people):
    meeting = record(held_meeting(people), people)

    review = cosign.review_minutes(
        latest(meeting), acting_user=people["chair"], decision="approved"
    )

    meeting.refresh_from_db()
    assert meeting.minutes == DRAFT
    version = latest(meeting)
    assert version.status == MinutesVersion.Status.APPROVED
    assert version.published_by == people["chair"] and version.published_at == review.at
    told = Notification.objects.get(kind=cosign.REVIEWED_KIND)
    assert told.recipient == people["officer"] and told.target_id == review.pk
    # The participants are told once the minutes are published, not before.
    assert Notification.objects.filter(kind=minutes.MINUTES_KIND).count() == 1


def test_proposing_changes_needs_a_comment_and_publishes_nothing(people):
    meeting = record(held_meeting(people), people)
    version = latest(meeting)

    with pytest.raises(MeetingError, match="comment"):
        cosign.review_minutes(
            version, acting_user=people["chair"], decision="changes_proposed", comment="  "
        )
    cosign.review_minutes(
        version,
        acting_user=people["chair"],
        decision="changes_proposed",
        comment="Le délai convenu était de 24 heures.",
    )

    meeting.refresh_from_db()
    assert meeting.minutes == ""
    assert latest(meeting).status == MinutesVersion.Status.CHANGES_PROPOSED
    assert MinutesReview.objects.get().comment == "Le délai convenu était de 24 heures."


def test_a_change_after_validation_is_a_new_version_to_validate_again(people):
    meeting = record(held_meeting(people), people)
    cosign.review_minutes(latest(meeting), acting_user=people["chair"], decision="approved")

    record(meeting, people, text=REVISED)

    meeting.refresh_from_db()
    assert [(v.number, v.status) for v in meeting.minutes_versions.order_by("number")] == [
        (1, "approved"),
        (2, "awaiting"),
    ]
    # Readers keep the validated text until the co-chair validates the new one.
    assert meeting.minutes == DRAFT
    assert Notification.objects.filter(kind=cosign.COSIGN_KIND).count() == 2
    cosign.review_minutes(latest(meeting), acting_user=people["chair"], decision="approved")
    meeting.refresh_from_db()
    assert meeting.minutes == REVISED


def test_saving_the_same_text_again_makes_no_new_version(people):
    meeting = record(held_meeting(people), people)

    record(meeting, people, text=DRAFT.replace("\n", "\r\n"))

    assert meeting.minutes_versions.count() == 1


def test_a_new_draft_replaces_one_not_yet_answered(people):
    meeting = record(held_meeting(people), people)
    first = latest(meeting)

    record(meeting, people, text=REVISED)

    first.refresh_from_db()
    assert first.status == MinutesVersion.Status.SUPERSEDED
    with pytest.raises(MeetingError, match="not_awaiting"):
        cosign.review_minutes(first, acting_user=people["chair"], decision="approved")


def test_only_the_co_chair_answers(people):
    meeting = record(held_meeting(people), people)

    for someone in (people["other"], people["stranger"], people["officer"]):
        with pytest.raises(MeetingError, match="not_cochair"):
            cosign.review_minutes(latest(meeting), acting_user=someone, decision="approved")


def test_publishing_without_the_co_chair_needs_a_reason(people):
    meeting = record(held_meeting(people), people)

    with pytest.raises(MeetingError, match="reason"):
        cosign.publish_without_cosign(meeting, acting_user=people["officer"], reason=" ")
    cosign.publish_without_cosign(
        meeting, acting_user=people["officer"], reason="Co-président absent pendant un mois."
    )

    meeting.refresh_from_db()
    assert meeting.minutes == DRAFT
    version = latest(meeting)
    assert version.status == "published"
    assert version.publication_reason == "Co-président absent pendant un mois."
    with pytest.raises(MeetingError, match="not_awaiting"):
        cosign.review_minutes(version, acting_user=people["chair"], decision="approved")


def test_minutes_without_co_signing_are_published_as_recorded(people):
    meeting = minutes.record_minutes(
        held_meeting(people), acting_user=people["officer"], minutes=DRAFT
    )

    meeting.refresh_from_db()
    assert meeting.minutes == DRAFT and not meeting.minutes_cosign
    assert latest(meeting).status == MinutesVersion.Status.RECORDED
    assert not Notification.objects.filter(kind=cosign.COSIGN_KIND).exists()


def test_co_signing_needs_a_co_chair_with_an_account(people):
    Contact.objects.filter(user=people["chair"]).update(user=None)
    meeting = held_meeting(people)

    with pytest.raises(MeetingError, match="no_cochair"):
        record(meeting, people)


# --- Pages ---------------------------------------------------------------------------------


def test_the_co_chair_approves_through_the_page_and_the_public_sees_it_validated(
    client, people, deliver
):
    meeting = record(held_meeting(people), people)
    review_url = reverse("meetings:minutes_review", args=[meeting.pk])
    sent = deliver()
    to_chair = [m for m in sent if m.to == ["copresident@ccim.ml"]]
    assert to_chair and review_url in to_chair[0].body
    client.force_login(people["chair"])

    page = client.get(review_url).content.decode()
    assert "La mainlevée anticipée est étendue aux OEA sous 48 heures." in page
    response = client.post(review_url, {"decision": "approved"})

    assert response.status_code == 302
    client.logout()
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Validated by both co-chairs on" in public
    assert "48 heures" in public
    officer_mail = [m for m in deliver() if m.to == ["agent@douane.gouv.ml"]]
    assert officer_mail and "approved version 1" in officer_mail[0].body


def test_proposing_changes_without_a_comment_keeps_the_choice_and_says_why(client, people):
    meeting = record(held_meeting(people), people)
    client.force_login(people["chair"])
    url = reverse("meetings:minutes_review", args=[meeting.pk])

    response = client.post(url, {"decision": "changes_proposed", "comment": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Say which changes you propose." in page
    radio = re.search(r'<input[^>]*value="changes_proposed"[^>]*>', page).group(0)
    assert "checked" in radio
    assert not MinutesReview.objects.exists()

    response = client.post(
        url, {"decision": "changes_proposed", "comment": "Le délai était de 24 heures."}
    )
    assert response.status_code == 302
    client.force_login(people["officer"])
    versions = client.get(reverse("meetings:minutes_versions", args=[meeting.pk]))
    assert "Le délai était de 24 heures." in versions.content.decode()


def test_the_draft_is_hidden_from_the_public_and_other_representatives(client, people):
    meeting = record(held_meeting(people), people)

    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "48 heures" not in public
    assert "Awaiting the private-sector co-chair&#x27;s validation." in public
    for someone in (people["other"], people["stranger"]):
        client.force_login(someone)
        assert "48 heures" not in client.get(meeting.get_absolute_url()).content.decode()
        review = client.get(reverse("meetings:minutes_review", args=[meeting.pk]))
        assert review.status_code == 404
        versions = client.get(reverse("meetings:minutes_versions", args=[meeting.pk]))
        assert versions.status_code == 404


def test_officers_do_not_answer_for_the_co_chair(client, people):
    meeting = record(held_meeting(people), people)
    client.force_login(people["officer"])

    response = client.post(
        reverse("meetings:minutes_review", args=[meeting.pk]), {"decision": "approved"}
    )

    assert response.status_code == 404
    assert latest(meeting).status == "awaiting"


def test_an_officer_edit_after_validation_asks_the_co_chair_again(client, people):
    meeting = record(held_meeting(people), people)
    cosign.review_minutes(latest(meeting), acting_user=people["chair"], decision="approved")
    client.force_login(people["officer"])

    form = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Ask the private-sector co-chair" not in form  # asked once, for good
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": REVISED})

    assert response.status_code == 302
    assert latest(meeting).status == "awaiting" and latest(meeting).number == 2
    client.force_login(people["chair"])
    review = client.get(reverse("meetings:minutes_review", args=[meeting.pk])).content.decode()
    # The co-chair sees, word by word, what changed since the version they validated.
    assert "What changed since version 1, which you validated" in review
    assert "48</del>" in review.replace('<span class="visually-hidden"> (end)</span>', "")
    assert "24</ins>" in review.replace('<span class="visually-hidden"> (end)</span>', "")
    client.logout()
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Validated by both co-chairs on" in public
    assert "A revised version awaits the private-sector co-chair&#x27;s validation." in public
    assert "48 heures" in public and "24 heures" not in public


def test_the_officer_asks_for_co_signing_on_the_minutes_form(client, people):
    meeting = held_meeting(people)
    client.force_login(people["officer"])
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert (
        "Ask the private-sector co-chair to validate these minutes"
        in client.get(url).content.decode()
    )

    client.post(url, {"minutes": DRAFT, "cosign": "on"})

    meeting.refresh_from_db()
    assert meeting.minutes_cosign and meeting.minutes == ""


def test_officers_compare_any_two_versions_word_by_word(client, people):
    meeting = record(held_meeting(people), people)
    record(meeting, people, text=REVISED)
    client.force_login(people["officer"])

    page = client.get(
        reverse("meetings:minutes_versions", args=[meeting.pk]), {"old": 1, "new": 2}
    ).content.decode()

    assert "Changes from version 1 to version 2" in page
    assert "<del>" in page and "<ins>" in page
    bad = client.get(reverse("meetings:minutes_versions", args=[meeting.pk]), {"old": 1, "new": 9})
    assert (
        bad.status_code == 200 and "Choose two versions of these minutes." in bad.content.decode()
    )


def test_publishing_without_validation_shows_the_reason_publicly(client, people):
    meeting = record(held_meeting(people), people)
    client.force_login(people["officer"])
    url = reverse("meetings:minutes_publish", args=[meeting.pk])

    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 200 and latest(meeting).status == "awaiting"
    response = client.post(url, {"reason": "Le co-président est en mission jusqu’en juin."})

    assert response.status_code == 302
    client.logout()
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Published without the private-sector co-chair&#x27;s validation:" in public
    assert "Le co-président est en mission jusqu’en juin." in public
    assert "48 heures" in public


def test_a_bad_reason_keeps_what_was_typed(client, people):
    meeting = record(held_meeting(people), people)
    client.force_login(people["officer"])

    response = client.post(
        reverse("meetings:minutes_publish", args=[meeting.pk]), {"reason": "x" * 2100}
    )

    assert response.status_code == 200
    assert "x" * 2100 in response.content.decode()
    assert latest(meeting).status == "awaiting"


def test_the_emails_are_dropped_once_they_no_longer_apply(people, deliver):
    meeting = record(held_meeting(people), people)
    cosign.publish_without_cosign(meeting, acting_user=people["officer"], reason="Urgence.")

    sent = deliver()

    assert not [m for m in sent if m.to == ["copresident@ccim.ml"]]
