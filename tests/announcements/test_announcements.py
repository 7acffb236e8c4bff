"""Announcements: officers write to a segment of the registry chosen with the stakeholder
list's filters; one e-mail per consenting contact address, in the contact's language, through
the queue; recorded in each reached organisation's engagement history."""

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from announcements import emails, services
from announcements.models import Announcement, AnnouncementOrganization
from portal.notifications.models import Notification
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.meetings.factories import BodyFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


class Registry:
    pass


@pytest.fixture
def registry():
    r = Registry()
    r.officer = OfficerFactory()
    r.chamber = OrganizationFactory(name="Chambre de commerce", category="chamber", region="kayes")
    r.bank = OrganizationFactory(name="Banque du Sahel", category="bank", region="bamako")
    r.broker = OrganizationFactory(name="Transit Niger", category="broker", region="bamako")
    AssessmentFactory(organization=r.bank, influence=5, interest=5)  # manage closely
    AssessmentFactory(organization=r.broker, influence=1, interest=1)  # monitor
    r.framework = BodyFactory(name="Cadre de concertation")
    r.framework.members.add(r.chamber, r.broker)
    ContactFactory(organization=r.chamber, email="sg@chambre.ml", language="fr")
    ContactFactory(organization=r.bank, email="ops@banque.ml", language="en")
    ContactFactory(organization=r.broker, email="dg@transit.ml")
    return r


def send(registry, filters=None, **kwargs):
    return services.send_announcement(
        acting_user=registry.officer,
        subject=kwargs.pop("subject", "Nouvelle procédure"),
        body=kwargs.pop("body", "Le **guichet unique** ouvre lundi."),
        filters=filters or {},
        **kwargs,
    )


def reached(announcement):
    return sorted(announcement.reached.values_list("organization__name", flat=True))


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


@pytest.fixture
def officer_client(client, registry):
    client.force_login(registry.officer)
    return client


# --- The segment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"category": "bank"}, ["Banque du Sahel"]),
        ({"region": "bamako"}, ["Banque du Sahel", "Transit Niger"]),
        ({"quadrant": "manage_closely"}, ["Banque du Sahel"]),
        ({"quadrant": "unassessed"}, ["Chambre de commerce"]),
        ({"body": "framework"}, ["Chambre de commerce", "Transit Niger"]),
        ({"region": "bamako", "body": "framework"}, ["Transit Niger"]),
    ],
)
def test_the_segment_is_what_the_stakeholder_list_filters_select(registry, filters, expected):
    if filters.get("body") == "framework":
        filters = {**filters, "body": registry.framework.pk}

    announcement = send(registry, filters)

    assert reached(announcement) == expected
    assert sorted(Notification.objects.values_list("email", flat=True)) == sorted(
        {"Banque du Sahel": "ops@banque.ml", "Transit Niger": "dg@transit.ml"}.get(
            name, "sg@chambre.ml"
        )
        for name in expected
    )


def test_the_segment_s_filters_are_stored_as_the_list_takes_them(registry):
    announcement = send(registry, {"body": str(registry.framework.pk), "region": "", "q": ""})

    assert announcement.filters == {"body": registry.framework.pk}


def test_an_invalid_filter_refuses_the_announcement_rather_than_widening_it(registry):
    with pytest.raises(services.Refused):
        send(registry, {"category": "spaceships"})

    assert not Announcement.objects.exists() and not Notification.objects.exists()


# --- Who is written to --------------------------------------------------------------------


def test_one_e_mail_per_consenting_address_and_none_without_consent(registry, deliver):
    ContactFactory(organization=registry.bank, email="refus@banque.ml", consent=False)
    ContactFactory(organization=registry.bank, email="")
    ContactFactory(organization=registry.bank, email="OPS@banque.ml")  # the same person again
    ContactFactory(organization=registry.chamber, email="ops@banque.ml")  # and in another

    announcement = send(registry)
    sent = deliver()

    assert addresses(sent) == ["dg@transit.ml", "ops@banque.ml", "sg@chambre.ml"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in sent)
    assert announcement.recipients == 3
    counts = dict(announcement.reached.values_list("organization__name", "contacts"))
    assert counts == {"Banque du Sahel": 1, "Chambre de commerce": 2, "Transit Niger": 1}


def test_an_organisation_without_a_consenting_contact_is_not_recorded_as_reached(registry):
    silent = OrganizationFactory(name="Sans accord", category="bank")
    ContactFactory(organization=silent, email="non@sans-accord.ml", consent=False)

    announcement = send(registry, {"category": "bank"})

    assert reached(announcement) == ["Banque du Sahel"]


def test_each_contact_is_written_to_in_their_language(registry, deliver):
    user = representative_of(registry.broker, email="rep@transit.ml", language="en")
    registry.broker.contacts.filter(user=user).update(language="fr")

    send(registry, subject="Guichet unique")
    by_address = {message.to[0]: message for message in deliver()}

    french, english = by_address["sg@chambre.ml"], by_address["ops@banque.ml"]
    assert french.subject == english.subject == "Guichet unique"
    assert french.body.startswith("Bonjour,") and "vous avez accepté" in french.body
    assert english.body.startswith("Hello,") and "you agreed to be contacted" in english.body
    html = english.alternatives[0][0]
    assert "<strong>guichet unique</strong>" in html and 'lang="en"' in html
    # A representative's account language wins over the contact record's.
    assert by_address["rep@transit.ml"].body.startswith("Hello,")


def test_the_e_mails_are_queued_and_dispatching_twice_sends_each_once(registry, deliver):
    announcement = send(registry)

    assert len(mail.outbox) == 0  # queued, not sent by the request
    rows = Notification.objects.filter(kind=emails.KIND)
    assert rows.count() == 3 and {r.status for r in rows} == {Notification.Status.PENDING}
    assert {r.key for r in rows} == {
        f"announcement:{announcement.pk}:{email}"
        for email in ["dg@transit.ml", "ops@banque.ml", "sg@chambre.ml"]
    }
    assert len(deliver()) == 3
    assert deliver() == []


def test_sending_again_with_the_preview_s_token_makes_nothing_more(registry):
    import uuid

    token = uuid.uuid4()
    first = send(registry, token=token)
    second = send(registry, token=token, subject="Autre chose")

    assert second == first and Announcement.objects.count() == 1
    assert Notification.objects.count() == 3


def test_a_contact_who_withdrew_consent_before_the_dispatch_gets_nothing(registry, deliver):
    send(registry)
    registry.bank.contacts.update(consent=False)

    assert addresses(deliver()) == ["dg@transit.ml", "sg@chambre.ml"]
    row = Notification.objects.get(email="ops@banque.ml")
    assert row.status == Notification.Status.CANCELLED


def test_the_renderer_rechecks_consent_without_the_batch_preparer(registry):
    send(registry)
    bank, chamber = (Notification.objects.get(email=e) for e in ("ops@banque.ml", "sg@chambre.ml"))
    registry.bank.contacts.update(consent=False)

    assert emails.render_announcement(bank) is None
    assert emails.render_announcement(chamber).to == ["sg@chambre.ml"]


def test_a_segment_without_a_consenting_contact_is_refused(registry):
    with pytest.raises(services.Refused):
        send(registry, {"q": "personne"})

    assert not Announcement.objects.exists()


def test_only_officers_may_send(registry):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.send_announcement(
            acting_user=RepresentativeFactory(), subject="S", body="B", filters={}
        )


def test_the_announcement_keeps_a_change_history(registry):
    announcement = send(registry)

    record = announcement.history.get()
    assert record.history_user == registry.officer and record.subject == "Nouvelle procédure"


# --- The engagement history ---------------------------------------------------------------


def test_the_announcement_shows_in_the_history_of_each_reached_organisation_only(
    officer_client, registry
):
    announcement = send(registry, {"body": registry.framework.pk}, subject="Plénière de juin")

    def history(organization):
        page = officer_client.get(reverse("stakeholders:detail", args=[organization.pk]))
        content = page.content.decode()
        return content[content.index('id="engagement-title"') : content.index('id="history-title"')]

    for organization in (registry.chamber, registry.broker):
        section = history(organization)
        assert f'<a href="{announcement.get_absolute_url()}">Plénière de juin</a>' in section
        assert "adressée à 1 contact" in section
    assert "Plénière de juin" not in history(registry.bank)


def test_representatives_do_not_see_announcements_in_any_history(registry):
    from stakeholders import engagement

    send(registry)

    assert engagement.history(registry.bank, RepresentativeFactory()) == []
    assert [item.title for item in engagement.history(registry.bank, registry.officer)] == [
        "Nouvelle procédure"
    ]


# --- The pages ----------------------------------------------------------------------------


def form_data(**changes):
    data = {"subject": "Fermeture du bureau", "message": "Le bureau *ferme* vendredi."}
    return {**data, **changes}


def test_the_stakeholder_list_links_to_an_announcement_to_its_segment(officer_client, registry):
    page = officer_client.get(reverse("stakeholders:list"), {"category": "bank"}).content.decode()

    link = f"{reverse('announcements:create')}?category=bank"
    assert link in page
    form = officer_client.get(link).content.decode()
    assert '<option value="bank" selected>' in form


def test_the_preview_shows_whom_it_reaches_and_writes_nothing(officer_client, registry):
    ContactFactory(organization=registry.bank, email="refus@banque.ml", consent=False)

    response = officer_client.post(
        reverse("announcements:create"), form_data(region="bamako", preview="1")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 organisations correspondent à ces filtres" in page
    assert "2 courriels seront envoyés" in page
    assert "1 contact est laissé de côté" in page
    assert "Banque du Sahel" in page and "Transit Niger" in page
    assert "Chambre de commerce" not in page
    assert "<em>ferme</em>" in page
    assert not Announcement.objects.exists() and not Notification.objects.exists()


def hidden_inputs(page):
    """What the preview's "Send" form posts back: its hidden inputs, as a browser reads them."""
    form = page[page.index('name="confirm"') - 3000 : page.index('name="confirm"')]
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', form)
    }


def test_confirming_the_preview_sends_what_was_previewed(officer_client, registry):
    message = 'Le bureau *ferme* vendredi.\r\n\r\n- Réouverture lundi & "mardi" <matin>'
    preview = officer_client.post(
        reverse("announcements:create"), form_data(region="bamako", message=message, preview="1")
    ).content.decode()
    posted = hidden_inputs(preview)

    response = officer_client.post(reverse("announcements:create"), {**posted, "confirm": "1"})
    officer_client.post(reverse("announcements:create"), {**posted, "confirm": "1"})  # twice

    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response["Location"] == announcement.get_absolute_url()
    assert announcement.body == message and announcement.subject == "Fermeture du bureau"
    assert announcement.author == registry.officer and announcement.filters == {"region": "bamako"}
    assert Notification.objects.count() == 2
    page = officer_client.get(response["Location"]).content.decode()
    assert "<em>ferme</em>" in page and "<li>Réouverture lundi" in page
    assert 'class="delivery-pending"' in page
    assert "Banque du Sahel" in page and "Transit Niger" in page


def test_the_detail_counts_the_e_mails_by_delivery_status(officer_client, registry, deliver):
    announcement = send(registry)
    registry.bank.contacts.update(consent=False)
    deliver()

    page = officer_client.get(announcement.get_absolute_url()).content.decode()

    sent = page.split('class="delivery-sent"')[1].split("</tr>")[0]
    cancelled = page.split('class="delivery-cancelled"')[1].split("</tr>")[0]
    assert ">2<" in sent and ">1<" in cancelled


def test_bad_input_is_refused_keeping_everything_typed(officer_client, registry):
    response = officer_client.post(
        reverse("announcements:create"),
        form_data(subject="", message="Texte **important** à garder", category="bank", q="ban"),
    )

    page = response.content.decode()
    assert response.status_code == 200 and "is-invalid" in page
    assert "Texte **important** à garder" in page
    assert '<option value="bank" selected>' in page and 'value="ban"' in page
    assert not Announcement.objects.exists()


def test_an_invalid_filter_is_shown_as_an_error_not_ignored(officer_client, registry):
    response = officer_client.post(
        reverse("announcements:create"), form_data(category="spaceships", preview="1")
    )

    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert "seront envoyés" not in response.content.decode()


def test_a_segment_nobody_may_be_written_to_is_told_before_any_preview(officer_client, registry):
    response = officer_client.post(
        reverse("announcements:create"), form_data(q="introuvable", confirm="1")
    )

    page = response.content.decode()
    assert response.status_code == 200 and "alert-danger" in page
    assert "Aucun contact de ce segment n’a accepté d’être sollicité." in page
    assert 'value="introuvable"' in page and not Announcement.objects.exists()


def test_going_back_from_the_preview_keeps_the_announcement(officer_client, registry):
    response = officer_client.post(
        reverse("announcements:create"), form_data(category="bank", edit="1")
    )

    page = response.content.decode()
    assert "Le bureau *ferme* vendredi." in page and '<option value="bank" selected>' in page
    assert "is-invalid" not in page


def test_past_announcements_are_listed_newest_first_and_searchable(officer_client, registry):
    send(registry, subject="Horaires du ramadan")
    send(registry, subject="Nouveau tarif")

    everything = officer_client.get(reverse("announcements:list")).content.decode()
    found = officer_client.get(reverse("announcements:list"), {"q": "ramadan"}).content.decode()

    assert everything.index("Nouveau tarif") < everything.index("Horaires du ramadan")
    assert "Horaires du ramadan" in found and "Nouveau tarif" not in found


def test_the_list_is_paginated(officer_client, registry):
    for n in range(27):
        send(registry, subject=f"Annonce numéro {n:02d}")

    first = officer_client.get(reverse("announcements:list")).content.decode()
    second = officer_client.get(reverse("announcements:list"), {"page": 2}).content.decode()

    assert first.count("Annonce numéro") == 25 and second.count("Annonce numéro") == 2


@pytest.mark.parametrize("who", ["representative", "visitor"])
def test_representatives_and_visitors_reach_no_announcement_page(client, registry, who):
    announcement = send(registry)
    if who == "representative":
        client.force_login(representative_of(registry.bank))
    urls = [
        reverse("announcements:list"),
        reverse("announcements:create"),
        announcement.get_absolute_url(),
    ]

    answers = [client.get(url) for url in urls]
    answers.append(client.post(reverse("announcements:create"), form_data(confirm="1")))

    for response in answers:
        if who == "representative":
            assert response.status_code == 404
        else:  # sent to sign in, as on every page that needs an account
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Announcement.objects.count() == 1 and AnnouncementOrganization.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_send_at_once_write_to_everybody_once(registry):
    import threading
    import uuid

    from django.db import connection

    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    made, errors = [], []

    def click():
        try:
            barrier.wait()
            made.append(send(registry, token=token).pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(made) == 2 and len(set(made)) == 1
    assert Announcement.objects.count() == 1 and Notification.objects.count() == 3
