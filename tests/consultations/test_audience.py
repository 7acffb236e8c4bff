"""Who is invited: the organisations listed, and the members of the invited dialogue bodies.

The one rule (consultations.models.invited_organizations_q) decides who sees an invited-only
consultation, who may comment on it, who is told when it opens, reminded and told of the
report, and what the officers' form accepts.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from consultations import notifications
from consultations.models import Comment, Consultation
from consultations.services import comments, consultations, handling
from meetings.services import bodies
from portal.notifications import queue
from portal.notifications.models import Notification
from tests.consultations import factories as f
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    SuperuserFactory,
    representative_of,
)
from tests.meetings.factories import BodyFactory

pytestmark = pytest.mark.django_db

INVITED = Consultation.Audience.INVITED


class Scene:
    pass


@pytest.fixture
def scene():
    """A body with one member (and its representative), an organisation outside it."""
    s = Scene()
    s.officer = OfficerFactory()
    s.member = OrganizationFactory(name="Conseil malien des chargeurs")
    s.outsider = OrganizationFactory(name="Société hors comité")
    s.body = BodyFactory(name="Cadre de concertation Douane – secteur privé")
    s.body.members.add(s.member)
    s.member_rep = representative_of(s.member, email="rep@chargeurs.ml")
    s.outsider_rep = representative_of(s.outsider, email="rep@horscomite.ml")
    return s


def open_for_body(scene, **fields):
    fields.setdefault("audience", INVITED)
    return f.opened(scene.officer, invited_bodies=[scene.body], **fields)


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


def test_a_member_of_an_invited_body_sees_the_consultation(client, scene):
    consultation = open_for_body(scene)
    client.force_login(scene.member_rep)

    assert client.get(consultation.get_absolute_url()).status_code == 200
    assert consultation.title in client.get(reverse("consultations:list")).content.decode()


def test_an_organisation_outside_the_invited_bodies_does_not_see_the_consultation(client, scene):
    consultation = open_for_body(scene)
    client.force_login(scene.outsider_rep)

    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert consultation.title not in client.get(reverse("consultations:list")).content.decode()


def test_an_unverified_member_of_an_invited_body_does_not_see_the_consultation(client, scene):
    claimed = OrganizationFactory(verified=False)
    scene.body.members.add(claimed)
    consultation = open_for_body(scene)
    client.force_login(representative_of(claimed))

    assert client.get(consultation.get_absolute_url()).status_code == 404


def test_a_member_of_an_invited_body_may_comment(client, scene):
    consultation = open_for_body(scene)
    client.force_login(scene.member_rep)

    response = client.post(
        reverse("consultations:comment", args=[consultation.pk]),
        {
            "body": "Le délai de 48 heures est trop court.",
            "publication": "named",
            "on_behalf": "organization",
        },
    )

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.organization) == (scene.member_rep, scene.member)


def test_an_organisation_outside_the_invited_bodies_may_not_comment(client, scene):
    consultation = open_for_body(scene)
    client.force_login(scene.outsider_rep)

    response = client.post(
        reverse("consultations:comment", args=[consultation.pk]),
        {
            "body": "Je ne devrais pas pouvoir écrire ici.",
            "publication": "named",
            "on_behalf": "personal",
        },
    )

    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        comments.submit_comment(
            consultation, author=scene.outsider_rep, body="Non.", publication="named"
        )
    assert not Comment.objects.exists()


def test_members_of_an_invited_body_are_told_once_when_it_opens(scene, deliver):
    ContactFactory(organization=scene.member, email="direction@chargeurs.ml")
    ContactFactory(organization=scene.outsider, email="direction@horscomite.ml")
    second_body = BodyFactory()
    second_body.members.add(scene.member)
    # Invited three ways: listed, and as a member of two bodies.
    f.opened(
        scene.officer,
        audience=INVITED,
        invited_organizations=[scene.member],
        invited_bodies=[scene.body, second_body],
    )

    sent = deliver()

    assert addresses(sent) == ["direction@chargeurs.ml", "rep@chargeurs.ml"]
    assert Notification.objects.filter(kind=notifications.OPENED).count() == 2


def test_an_organisation_joining_an_invited_body_is_told_of_an_open_consultation(
    client, scene, deliver
):
    consultation = open_for_body(scene)
    deliver()
    ContactFactory(organization=scene.outsider, email="direction@horscomite.ml")
    client.force_login(scene.officer)

    client.post(
        reverse("meetings:body_edit", args=[scene.body.pk]),
        {"name": scene.body.name, "members": [scene.member.pk, scene.outsider.pk]},
    )

    assert addresses(deliver()) == ["direction@horscomite.ml", "rep@horscomite.ml"]
    client.force_login(scene.outsider_rep)
    assert client.get(consultation.get_absolute_url()).status_code == 200
    reminders = Notification.objects.filter(
        kind=notifications.CLOSING_REMINDER, status=Notification.Status.PENDING
    )
    assert "rep@horscomite.ml" in set(reminders.values_list("email", flat=True))


def test_a_member_leaving_an_invited_body_loses_the_consultation_and_its_reminder(client, scene):
    consultation = open_for_body(scene)

    bodies.save_body(scene.body, acting_user=scene.officer, members=[], name=scene.body.name)

    client.force_login(scene.member_rep)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    pending = Notification.objects.filter(
        kind=notifications.CLOSING_REMINDER, status=Notification.Status.PENDING
    )
    assert not pending.filter(email="rep@chargeurs.ml").exists()


def test_a_member_who_left_is_not_sent_an_opening_e_mail_queued_before(scene, deliver):
    open_for_body(scene)
    scene.body.members.remove(scene.member)  # even when the page's service is bypassed

    assert deliver() == []


def test_the_report_is_announced_to_members_of_an_invited_body(scene, deliver):
    ContactFactory(organization=scene.member, email="direction@chargeurs.ml")
    consultation = f.closed(scene.officer, audience=INVITED, invited_bodies=[scene.body])
    deliver()

    handling.publish_report(consultation, acting_user=scene.officer)

    assert addresses(deliver()) == ["direction@chargeurs.ml", "rep@chargeurs.ml"]


def test_visibility_and_invitees_agree_for_each_organisation(scene):
    listed = OrganizationFactory()
    listed_rep = representative_of(listed)
    consultation = f.opened(
        scene.officer, audience=INVITED, invited_organizations=[listed], invited_bodies=[scene.body]
    )

    assert set(consultation.invitees()) == {listed, scene.member}
    for user, organization in (
        (listed_rep, listed),
        (scene.member_rep, scene.member),
        (scene.outsider_rep, scene.outsider),
    ):
        sees = Consultation.objects.visible_to(user).filter(pk=consultation.pk).exists()
        invited = Consultation.objects.inviting(organization).filter(pk=consultation.pk).exists()
        assert sees == invited == (organization in consultation.invitees())


def _form(consultation, officer, **overrides):
    data = {
        "title": consultation.title,
        "summary": consultation.summary,
        "audience": "invited",
        "closes_at": timezone.localtime(consultation.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "responsible_officer": officer.pk,
    }
    data.update(overrides)
    return data


def test_an_officer_invites_a_dialogue_body_from_the_form(client, scene):
    consultation = f.draft(scene.officer)
    client.force_login(scene.officer)

    response = client.post(
        reverse("consultations:edit", args=[consultation.pk]),
        _form(consultation, scene.officer, invited_bodies=[scene.body.pk]),
    )

    assert response.status_code == 302
    consultation = f.refresh(consultation)
    assert consultation.audience == INVITED
    assert list(consultation.invited_bodies.all()) == [scene.body]


def test_inviting_a_body_is_kept_in_the_history(scene):
    consultation = f.draft(scene.officer)

    consultations.update_consultation(
        consultation, acting_user=scene.officer, invited_bodies=[scene.body]
    )

    latest = consultation.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == scene.officer
    assert [row.dialoguebody for row in latest.invited_bodies.all()] == [scene.body]


def test_an_invited_body_without_members_is_not_enough_to_invite_anyone(client, scene):
    consultation = f.draft(scene.officer)
    empty = BodyFactory()
    client.force_login(scene.officer)

    response = client.post(
        reverse("consultations:edit", args=[consultation.pk]),
        _form(consultation, scene.officer, invited_bodies=[empty.pk]),
    )

    assert "Invitez au moins une organisation" in response.content.decode()
    assert f.refresh(consultation).audience == Consultation.Audience.PUBLIC


def test_the_page_names_the_invited_bodies_and_only_officers_see_the_listed_organisations(
    client, scene
):
    listed = OrganizationFactory(name="Banque listée SA")
    consultation = open_for_body(scene, invited_organizations=[listed])

    client.force_login(scene.member_rep)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert scene.body.name in page
    assert "Banque listée SA" not in page

    client.force_login(scene.officer)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert scene.body.name in page and "Banque listée SA" in page
    assert "2 organisations invitées au total" in page


def test_the_admin_shows_the_invited_bodies(client, scene):
    consultation = open_for_body(scene)
    client.force_login(SuperuserFactory())

    listing = client.get(reverse("admin:consultations_consultation_changelist"))
    record = client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk]))

    assert scene.body.name in listing.content.decode()
    assert scene.body.name in record.content.decode()


def test_a_body_member_added_after_closing_is_not_told_it_opened(scene, deliver):
    consultation = open_for_body(scene, closes_in=timedelta(days=45))
    deliver()
    consultations.close_expired(now=consultation.closes_at + timedelta(minutes=1))
    ContactFactory(organization=scene.outsider, email="direction@horscomite.ml")

    bodies.save_body(
        scene.body,
        acting_user=scene.officer,
        members=[scene.member, scene.outsider],
        name=scene.body.name,
    )

    assert deliver() == []


def test_a_new_body_member_is_told_without_reviving_cancelled_opening_emails(scene, deliver):
    consultation = open_for_body(scene)
    queue.cancel_for(consultation, kind=notifications.OPENED)
    ContactFactory(organization=scene.outsider, email="direction@horscomite.ml")

    bodies.save_body(
        scene.body,
        acting_user=scene.officer,
        members=[scene.member, scene.outsider],
        name=scene.body.name,
    )

    assert addresses(deliver()) == ["direction@horscomite.ml", "rep@horscomite.ml"]
    assert Notification.objects.get(email="rep@chargeurs.ml", kind=notifications.OPENED).status == (
        Notification.Status.CANCELLED
    )
