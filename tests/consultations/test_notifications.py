"""E-mails: told when a consultation opens, reminded a week before it closes, told when the
report is out; each once, to contacts who agreed to be contacted, in their language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultations import notifications
from consultations.models import Consultation
from consultations.services import comments, consultations, handling
from portal.notifications import dispatcher, queue
from portal.notifications.models import Notification
from tests.consultations import factories as f
from tests.email_links import link_after, sign_in_from, sign_in_page_for
from tests.factories import ContactFactory, OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db


class Invited:
    pass


@pytest.fixture
def invited():
    s = Invited()
    s.officer = OfficerFactory()
    s.alpha = OrganizationFactory()
    s.beta = OrganizationFactory()
    s.outsider = OrganizationFactory()
    ContactFactory(organization=s.alpha, email="awa@alpha.ml", language="en")
    s.representative = representative_of(s.alpha, email="oumar@alpha.ml")
    ContactFactory(organization=s.alpha, email="sans.accord@alpha.ml", consent=False)
    ContactFactory(organization=s.alpha, email="")
    ContactFactory(organization=s.beta, email="AWA@alpha.ml")  # the same person, twice
    ContactFactory(organization=s.outsider, email="non.invite@outsider.ml")
    return s


def open_for(invited, **options):
    return f.opened(invited.officer, invited_organizations=[invited.alpha, invited.beta], **options)


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


def test_consenting_invited_contacts_are_told_once_in_their_language(invited, deliver):
    consultation = open_for(invited)

    sent = deliver()

    assert addresses(sent) == ["awa@alpha.ml", "oumar@alpha.ml"]
    by_address = {m.to[0]: m for m in sent}
    assert by_address["awa@alpha.ml"].subject.startswith("Consultation open for comments")
    assert by_address["oumar@alpha.ml"].subject.startswith("Consultation ouverte aux commentaires")
    assert consultation.title in by_address["awa@alpha.ml"].body
    consultations.update_consultation(
        consultation, acting_user=invited.officer, title="Nouveau titre"
    )
    notifications.notify_opened(consultation)
    assert deliver() == []


def test_contacts_of_an_organisation_invited_later_are_told_once(invited, deliver):
    consultation = open_for(invited)
    deliver()
    ContactFactory(organization=invited.outsider, email="second@outsider.ml")

    consultations.update_consultation(
        consultation,
        acting_user=invited.officer,
        invited_organizations=[invited.alpha, invited.beta, invited.outsider],
    )

    assert addresses(deliver()) == ["non.invite@outsider.ml", "second@outsider.ml"]
    consultations.update_consultation(consultation, acting_user=invited.officer, summary="Précisé.")
    assert deliver() == []


def test_a_closing_reminder_is_due_a_week_before_closing(invited):
    consultation = open_for(invited)

    reminders = Notification.objects.filter(kind=notifications.CLOSING_REMINDER)

    assert sorted(reminders.values_list("email", flat=True)) == [
        "awa@alpha.ml",
        "oumar@alpha.ml",
    ]
    assert {r.due_at for r in reminders} == {consultation.closes_at - timedelta(days=7)}


def test_the_reminder_follows_a_moved_closing_and_goes_out_once(invited):
    consultation = open_for(invited)
    later = consultation.closes_at + timedelta(days=5)

    consultations.update_consultation(consultation, acting_user=invited.officer, closes_at=later)

    reminders = Notification.objects.filter(kind=notifications.CLOSING_REMINDER)
    assert reminders.count() == 2
    assert {r.due_at for r in reminders} == {later - timedelta(days=7)}
    dispatcher.dispatch_due(now=later - timedelta(days=7))
    dispatcher.dispatch_due(now=later - timedelta(days=6))
    assert addresses(mail.outbox[-2:]) == ["awa@alpha.ml", "oumar@alpha.ml"]
    assert len([m for m in mail.outbox if "semaine" in m.subject or "week" in m.subject]) == 2


def test_a_reminder_whose_closing_moved_is_not_sent(invited):
    consultation = open_for(invited)
    due = consultation.closes_at - timedelta(days=7)
    # The closing moved without the reminders being recomputed (as a crash could leave it).
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=consultation.closes_at + timedelta(days=3)
    )
    dispatcher.dispatch_due()  # the opening e-mails
    before = len(mail.outbox)

    dispatcher.dispatch_due(now=due)

    assert len(mail.outbox) == before
    assert not Notification.objects.filter(
        kind=notifications.CLOSING_REMINDER, status=Notification.Status.SENT
    ).exists()


def test_a_contact_who_withdrew_consent_gets_no_reminder(invited):
    consultation = open_for(invited)
    dispatcher.dispatch_due()  # the opening e-mails
    invited.alpha.contacts.filter(email="awa@alpha.ml").update(consent=False)
    invited.beta.contacts.filter(email="AWA@alpha.ml").update(consent=False)
    before = len(mail.outbox)

    dispatcher.dispatch_due(now=consultation.closes_at - timedelta(days=7))

    assert addresses(mail.outbox[before:]) == ["oumar@alpha.ml"]


def test_no_reminder_is_made_when_less_than_a_week_is_left(invited):
    open_for(invited, closes_in=timedelta(days=5), justification="Urgence réglementaire.")

    assert not Notification.objects.filter(kind=notifications.CLOSING_REMINDER).exists()


def test_the_report_is_announced_once_to_contacts_and_commenters(invited, deliver):
    start = timezone.now() - timedelta(days=31)
    consultation = open_for(invited, now=start, closes_in=timedelta(days=30))
    deliver()
    outsider = representative_of(OrganizationFactory(), email="commentateur@ailleurs.ml")
    for author in [invited.representative, outsider, outsider]:
        comment = comments.submit_comment(
            consultation, author=author, body="Avis", publication="named", now=start
        )
        handling.decide_comment(comment, acting_user=invited.officer, decision="noted", reason="-")

    handling.publish_report(consultation, acting_user=invited.officer)

    sent = deliver()
    assert addresses(sent) == ["awa@alpha.ml", "commentateur@ailleurs.ml", "oumar@alpha.ml"]
    assert all("Rapport de consultation publié" in m.subject or "report" in m.subject for m in sent)
    notifications.notify_report(consultation)
    assert deliver() == []


def test_pending_reminders_are_cancelled_when_the_report_is_published(invited):
    start = timezone.now() - timedelta(days=31)
    consultation = open_for(invited, now=start, closes_in=timedelta(days=30))
    Notification.objects.filter(kind=notifications.CLOSING_REMINDER).update(
        status=Notification.Status.PENDING, due_at=timezone.now() + timedelta(days=1)
    )

    handling.publish_report(consultation, acting_user=invited.officer)

    assert not Notification.objects.filter(
        kind=notifications.CLOSING_REMINDER, status=Notification.Status.PENDING
    ).exists()


def pending_opened():
    return sorted(
        Notification.objects.filter(
            kind=notifications.OPENED, status=Notification.Status.PENDING
        ).values_list("email", flat=True)
    )


def test_an_officers_edit_does_not_revive_opening_emails_that_were_cancelled(invited, deliver):
    consultation = open_for(invited)
    queue.cancel_for(consultation)  # as the demo does: its e-mails are never sent

    consultations.update_consultation(consultation, acting_user=invited.officer, summary="Précisé.")

    assert pending_opened() == []
    assert deliver() == []


def test_a_new_invitee_is_told_but_cancelled_opening_emails_stay_cancelled(invited, deliver):
    consultation = open_for(invited)
    queue.cancel_for(consultation, kind=notifications.OPENED)

    consultations.update_consultation(
        consultation,
        acting_user=invited.officer,
        invited_organizations=[invited.alpha, invited.beta, invited.outsider],
    )

    assert addresses(deliver()) == ["non.invite@outsider.ml"]


def test_an_opening_email_already_sent_is_not_queued_again_by_an_audience_change(invited, deliver):
    consultation = open_for(invited)
    deliver()

    notifications.notify_opened(consultation)
    consultations.update_consultation(
        consultation, acting_user=invited.officer, invited_organizations=[invited.alpha]
    )
    consultations.update_consultation(
        consultation,
        acting_user=invited.officer,
        invited_organizations=[invited.alpha, invited.beta],
    )

    assert pending_opened() == []
    assert Notification.objects.filter(kind=notifications.OPENED).count() == 2


def test_a_signed_out_invitee_follows_the_opening_e_mail_signs_in_and_reads_the_text(
    invited, client, deliver
):
    consultation = open_for(invited, audience=Consultation.Audience.INVITED)
    (message,) = [m for m in deliver() if m.to == ["oumar@alpha.ml"]]
    text = link_after("Lire le texte et commenter\u00a0:", message)

    login = sign_in_page_for(client.get(text), text)

    assert sign_in_from(client, login, invited.representative)["Location"] == text
    page = client.get(text)
    assert page.status_code == 200
    assert page.context["consultation"] == consultation
