"""E-mails that follow the standards (issue 17, §3): one-click List-Unsubscribe (RFC 8058)
working without signing in, a Reply-To someone reads, a Message-ID on the portal's domain,
the check-in QR code as an inline PNG, links built from SITE_URL, the sign-up mail naming the
site, and the officers' previews of every template."""

import email
import email.policy
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from announcements import services as announcements
from forums.models import Registration
from forums.services import messaging, seats
from meetings.services import scheduling
from portal import emailpreview
from portal.accounts.models import Unit
from portal.notifications import dispatcher, unsubscribe
from portal.notifications.models import Notification
from stakeholders.models import Contact
from tests import servers
from tests.accounts.test_signup import SIGNUP
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.forums.factories import ForumFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"<(https?://[^>]+)>")


def announce(officer=None):
    return announcements.send_announcement(
        acting_user=officer or OfficerFactory(),
        subject="Nouvelle procédure",
        body="Le **guichet unique** ouvre lundi.",
        filters={},
    )


@pytest.fixture
def contact():
    return ContactFactory(
        organization=OrganizationFactory(), email="sg@chambre.ml", consent=True, language="fr"
    )


def unsubscribe_path(message):
    url = LINK.search(message.extra_headers["List-Unsubscribe"]).group(1)
    assert url.startswith(settings.SITE_URL + "/unsubscribe/")
    return url[len(settings.SITE_URL) :]


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


# --- List-Unsubscribe ---------------------------------------------------------------------


def test_an_announcement_carries_one_click_unsubscribe_headers(contact, deliver):
    announce()
    (message,) = deliver()

    headers = parsed(message)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert LINK.search(headers["List-Unsubscribe"])
    # The HTML part shows the same link to people.
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{unsubscribe_path(message)}"' in html


def test_the_one_click_post_unsubscribes_without_a_session_or_csrf_token(contact, deliver):
    announce()
    (message,) = deliver()
    mail_program = Client(enforce_csrf_checks=True)  # no session, no cookie, no token

    response = mail_program.post(
        unsubscribe_path(message),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    contact.refresh_from_db()
    assert not contact.consent  # the contacts' one preference: their consent
    ContactFactory(organization=contact.organization, email="dg@chambre.ml", consent=True)
    announce()
    assert [m.to for m in deliver()] == [["dg@chambre.ml"]]  # the next one skips them


def test_a_get_shows_a_button_and_never_unsubscribes(contact, deliver):
    announce()
    (message,) = deliver()

    response = Client().get(unsubscribe_path(message), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="unsubscribe-form"' in page and 'method="post"' in page
    assert "sg@chambre.ml" in page
    # It names the address: no cache may keep it.
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    contact.refresh_from_db()
    assert contact.consent


def test_a_tampered_or_foreign_token_is_a_clear_400_and_changes_nothing(contact, deliver):
    announce()
    (message,) = deliver()
    path = unsubscribe_path(message)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    forum_token = unsubscribe.token("forum-messages", "sg@chambre.ml", 1)

    for bad in (tampered, reverse("unsubscribe", args=["mailings", forum_token])):
        response = Client().post(bad, "List-Unsubscribe=One-Click", content_type="text/plain")
        assert response.status_code == 400
        assert b"<h1>" in response.content
    contact.refresh_from_db()
    assert contact.consent


def test_an_expired_token_is_a_400_and_an_unknown_purpose_a_404(contact):
    token = unsubscribe.token("mailings", contact.email)
    with time_machine.travel(timezone.now() + timedelta(days=401)):
        response = Client().post(reverse("unsubscribe", args=["mailings", token]))
    assert response.status_code == 400
    response = Client().post(reverse("unsubscribe", args=["nothing", token]))
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.consent


def test_consultation_e_mails_carry_the_same_unsubscribe_link_purpose():
    message = emailpreview.render("consultations-opened", "fr")
    assert "/unsubscribe/mailings/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_forum_message_unsubscribes_its_registration_in_one_click(deliver):
    forum = ForumFactory()
    leaving = seats.register(forum, user=RepresentativeFactory(email="awa@ccim.ml"))
    staying = seats.register(forum, user=RepresentativeFactory(email="ali@ccim.ml"))
    deliver()

    def message_them():
        messaging.message_registrants(
            forum,
            statuses=[Registration.Status.CONFIRMED],
            subject="Changement de salle",
            body="Salle 2.",
            acting_user=OfficerFactory(),
        )
        return {m.to[0]: m for m in deliver()}

    sent = message_them()
    # Kept with the ready-made e-mail in its row, the headers survive to the sending.
    path = unsubscribe_path(sent["awa@ccim.ml"])
    assert sent["awa@ccim.ml"].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert (
        Client().post(path, "List-Unsubscribe=One-Click", content_type="text/plain").status_code
        == 200
    )

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert not leaving.wants_messages and staying.wants_messages
    assert set(message_them()) == {"ali@ccim.ml"}


# --- Reply-To and Message-ID --------------------------------------------------------------


def test_meeting_mail_answers_to_the_organisers_unit_and_other_mail_to_the_setting(
    contact, deliver
):
    unit = Unit.objects.create(name="Bureau des relations", email="relations@douane.gouv.ml")
    officer = OfficerFactory(unit=unit)
    scheduling.create_meeting(
        acting_user=officer,
        title="Concertation",
        start=in_days(10),
        end=in_days(10, 12),
        venue="DGD",
        visibility="partners",
        users=[RepresentativeFactory(email="awa@ccim.ml")],
    )
    announce()

    sent = {m.to[0]: m for m in deliver()}

    assert parsed(sent["awa@ccim.ml"])["Reply-To"] == "relations@douane.gouv.ml"
    assert parsed(sent["sg@chambre.ml"])["Reply-To"] == settings.DEFAULT_REPLY_TO_EMAIL


def test_a_unit_without_an_address_leaves_meeting_mail_to_the_setting(deliver):
    officer = OfficerFactory(unit=Unit.objects.create(name="Bureau de Kati"))
    scheduling.create_meeting(
        acting_user=officer,
        title="Concertation",
        start=in_days(10),
        end=in_days(10, 12),
        venue="DGD",
        visibility="partners",
        users=[RepresentativeFactory(email="awa@ccim.ml")],
    )
    (message,) = deliver()
    assert message.reply_to == [settings.DEFAULT_REPLY_TO_EMAIL]


def test_the_message_id_is_on_the_portals_domain_and_the_same_at_every_attempt(
    contact, deliver, settings
):
    settings.MESSAGE_ID_DOMAIN = "portail.example.ml"
    announce()
    row = Notification.objects.get(email="sg@chambre.ml")

    first = dispatcher._render(row).extra_headers["Message-ID"]
    again = dispatcher._render(row).extra_headers["Message-ID"]
    (message,) = deliver()

    assert first == again == parsed(message)["Message-ID"]
    assert re.fullmatch(r"<[^@<>\s]+@portail\.example\.ml>", first)


def test_the_headers_reach_a_real_smtp_server(contact, settings):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content)
            return "250 OK"

    port = servers.free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        announce()
        dispatcher.dispatch_due()
    finally:
        controller.stop()

    (raw,) = received
    message = email.message_from_bytes(raw, policy=email.policy.default)
    row = Notification.objects.get(email="sg@chambre.ml")
    assert row.status == Notification.Status.SENT
    assert message["Message-ID"] == dispatcher.message_id(row)
    assert message["Reply-To"] == settings.DEFAULT_REPLY_TO_EMAIL
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = LINK.search(message["List-Unsubscribe"]).group(1)[len(settings.SITE_URL) :]
    assert (
        Client().post(path, "List-Unsubscribe=One-Click", content_type="text/plain").status_code
        == 200
    )
    assert not Contact.objects.get(pk=contact.pk).consent


# --- The QR code as an inline PNG ---------------------------------------------------------


def test_the_confirmation_shows_the_qr_code_as_an_inline_png_named_by_its_cid(deliver):
    seats.register(ForumFactory(), user=RepresentativeFactory())
    (message,) = deliver()

    root = parsed(message)
    alternative = next(p for p in root.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "multipart/related"]
    related = alternative.get_payload()[1]
    html_part, image = related.get_payload()
    assert image.get_content_type() == "image/png"
    assert image.get_content().startswith(b"\x89PNG\r\n\x1a\n")
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html_part.get_content()
    assert not any(p.get_content_type() == "image/svg+xml" for p in root.walk())


# --- Links and the site's name ------------------------------------------------------------


# Addresses an e-mail quotes as what it is about, not as a link to the portal: a webhook
# endpoint's own address, in the e-mail saying it was switched off.
QUOTED = {"webhooks-disabled": "https://observatoire.example.org/portail/evenements"}


def test_every_link_of_every_e_mail_follows_site_url_with_its_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    for name in emailpreview.names():
        message = emailpreview.render(name, "en")
        html = message.alternatives[0][0]
        links = re.findall(r'href="([^"]+)"', html) + re.findall(r"https?://\S+", message.body)
        links += LINK.findall(message.extra_headers.get("List-Unsubscribe", ""))
        links = [link for link in links if not (name in QUOTED and link.startswith(QUOTED[name]))]
        assert links, name
        for link in links:
            assert link.startswith("http://127.0.0.1:8101/"), (name, link)


def test_make_run_gives_the_web_processs_port_to_the_e_mails_links():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    (line,) = [line for line in dry_run.splitlines() if "honcho start" in line]
    assert "SITE_URL=http://127.0.0.1:8101 " in line


def test_on_a_laptop_site_url_follows_port():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "PORT": "8101"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "http://127.0.0.1:8101"


def test_the_sign_up_mail_names_the_site(client, deliver, settings):
    settings.SITE_NAME = "Portail Douane – Secteur privé"
    client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="fr")
    (message,) = deliver()
    assert "Portail Douane – Secteur privé" in message.body
    assert "c'est  !" not in message.body


# --- Previews -----------------------------------------------------------------------------


def test_every_e_mail_template_has_a_preview():
    templates = {
        path.name.removesuffix("-subject.txt")
        for path in (ROOT / "templates" / "emails").glob("*-subject.txt")
    }
    assert templates - set(emailpreview.names()) == set()


def test_officers_preview_every_template_in_both_languages_and_nothing_is_sent(client):
    client.force_login(OfficerFactory())
    index = client.get(reverse("emailpreview:index")).content.decode()
    for name in emailpreview.names():
        for language in emailpreview.LANGUAGES:
            path = reverse("emailpreview:detail", args=[name, language])
            assert f'href="{path}"' in index
            page = client.get(path)
            assert page.status_code == 200, (name, language)
            content = page.content.decode()
            assert 'id="email-subject"' in content and 'id="email-text"' in content
            frame = reverse("emailpreview:html", args=[name, language])
            assert f'src="{frame}"' in content and 'sandbox=""' in content
            html = client.get(frame)
            assert html.status_code == 200
            assert f'lang="{language}"' in html.content.decode()
            assert "default-src 'none'" in html["Content-Security-Policy"]
            assert "sandbox" in html["Content-Security-Policy"]
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_preview_is_in_the_language_asked_for():
    assert "Confirmez" not in emailpreview.render("forums-confirmation", "en").body
    french = emailpreview.render("forums-confirmation", "fr").body
    english = emailpreview.render("forums-confirmation", "en").body
    assert french != english


def test_previews_are_for_officers_only(client):
    client.force_login(RepresentativeFactory())
    assert client.get(reverse("emailpreview:index")).status_code == 404
    path = reverse("emailpreview:detail", args=["announcement", "fr"])
    assert client.get(path).status_code == 404
    client.force_login(OfficerFactory())
    assert client.get(reverse("emailpreview:detail", args=["nothing", "fr"])).status_code == 404
    assert (
        client.get(reverse("emailpreview:detail", args=["announcement", "de"])).status_code == 404
    )
