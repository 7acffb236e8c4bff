"""The portal as deploy/ installs it: two gunicorn instances, a Celery worker and beat started
by the shipped units' ExecStart lines (deploy/bin/), on the test database and a Redis of their
own, nginx in front with the shipped site over TLS (a self-signed certificate), driven over
HTTPS as browsers would.

The servers start once for the module (tests/deploy/conftest.py) and share the test
database with the tests, which are all transactional: their rows are committed for the
servers to see (and kept together by pytest-django's ordering of the tests).
"""

import re

import pytest
from django.utils import timezone

from actionplans.models import Evidence
from forums.models import Registration
from portal.notifications.models import Notification
from tests import servers
from tests.actionplans.factories import ActionFactory
from tests.deploy.kit import DEPLOY
from tests.deploy.stack import Client, multipart
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.forums.factories import ForumFactory, SessionFactory

# One stack per test process: under `--dist loadgroup` xdist keeps the module's tests in one
# process; under plain `load` a process that gets some of them starts a stack of its own.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("deploy-stack")]
# Rows the servers must see: committed, emptied afterwards.
with_rows = pytest.mark.django_db(transaction=True)

MB = 1024 * 1024


def main(page):
    return page[page.find("<main") : page.find("</main>")]


@with_rows
def test_a_visitor_gets_pages_and_static_files_through_nginx_and_healthz_is_ok(stack):
    """The home page in French over HTTPS (plain HTTP redirected), static files served by
    nginx with a year's cache, and /healthz ok through the proxy with the worker and beat
    running."""
    status, headers, page = stack.client().request("/")
    assert status == 200, main(page)
    assert '<html lang="fr"' in page
    # The portal knew the request came over HTTPS (X-Forwarded-Proto): no redirect, and HSTS.
    assert "max-age=31536000" in headers["Strict-Transport-Security"]

    status, headers, _ = Client(stack.http_port, tls=False).request("/")
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")
    # Straight to gunicorn without nginx's X-Forwarded-Proto, the portal itself redirects.
    plain = stack.instance(0)
    del plain.headers["X-Forwarded-Proto"]
    assert plain.request("/")[0] == 301

    # Static files: nginx serves them from STATIC_ROOT, with the long cache header.
    _, _, page = stack.client().request("/")
    (path,) = set(re.findall(r"/static/css/portal\.[0-9a-f]{12}\.css", page))
    status, headers, body = stack.client().raw(path)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert body == (stack.static_root / path.removeprefix("/static/")).read_bytes()

    # /healthz through the proxy, once beat (every 2 seconds here) has had the worker run the
    # dispatcher.
    assert servers.wait_for(lambda: stack.health()[1].get("dispatcher") == "ok", timeout=30), (
        stack.logs_text()
    )
    status, health = stack.health()
    assert status == 200
    assert health["status"] == "ok" and health["database"] == "ok" and health["broker"] == "ok"


@with_rows
def test_sessions_hold_across_instances_and_the_worker_confirms_a_forum_registration(stack):
    """An officer signed in (password and second factor) on one instance is signed in on the
    other; a representative registers for a forum through nginx, and the worker sends the
    confirmation."""
    officer = OfficerFactory(email="agent.deploy@douane.gouv.ml", full_name="Awa Traoré")
    first = stack.instance(0)
    # Password, then the second factor (TOTP), on instance 1.
    first.sign_in(officer.email)

    second = stack.instance(1)
    second.cookies = dict(first.cookies)
    status, _, page = second.request("/dashboard/")
    assert status == 200, main(page)
    assert "Awa Traoré" in page
    # And through nginx, whichever instance answers.
    through = stack.client()
    through.cookies = dict(first.cookies)
    status, _, page = through.request("/dashboard/")
    assert status == 200 and "Awa Traoré" in page

    forum = ForumFactory(title="Forum de la facilitation des échanges")
    session = SessionFactory(forum=forum)
    representative = representative_of(OrganizationFactory(), email="moussa.deploy@example.ml")
    browser = stack.client()
    browser.sign_in(representative.email)
    status, headers, page = browser.post_form(
        f"/forums/{forum.slug}/register/",
        {"attendance_mode": "in_person", "sessions": [session.pk], "consent_to_list": "on"},
    )
    assert status == 302, main(page)
    status, _, page = browser.request(headers["Location"])
    registration = Registration.objects.get(forum=forum, user=representative)
    assert status == 200 and registration.display_code in page

    confirmation = Notification.objects.get(kind="forums.confirmation", recipient=representative)
    assert servers.wait_for(
        lambda: Notification.objects.get(pk=confirmation.pk).status == "sent", timeout=30
    ), stack.logs_text()
    written = "".join(path.read_text() for path in stack.mails.iterdir())
    assert "To: moussa.deploy@example.ml" in written


def pdf(size, marker):
    head = b"%PDF-1.4\n% " + marker.encode() + b"\n"
    return head + b" " * (size - len(head))


@with_rows
def test_uploads_up_to_the_limit_and_private_files_through_the_portal_only(stack):
    officer = OfficerFactory(email="responsable.deploy@douane.gouv.ml")
    action = ActionFactory(responsible=officer)
    browser = stack.client()
    browser.sign_in(officer.email)
    url = f"/action-plans/actions/{action.pk}/progress/"
    browser.request(url)
    fields = {
        "csrfmiddlewaretoken": browser.csrf_token(),
        "date": timezone.localdate().isoformat(),
        "percent": "40",
        "narrative": "Atelier de validation tenu avec la CCIM.",
    }
    # Five files of exactly 10 MB (ACTIONPLANS_EVIDENCE_MAX_BYTES): the largest request of
    # the portal, which nginx's client_max_body_size lets through.
    files = [("evidence", f"preuve-{n}.pdf", pdf(10 * MB, f"preuve {n}")) for n in range(5)]
    body, content_type = multipart(fields, files)
    assert len(body) > 50 * MB
    status, _, page = browser.request(url, body=body, content_type=content_type)
    assert status == 302, main(page)
    assert Evidence.objects.filter(update__action=action).count() == 5

    # Over the page's own limit but under nginx's: the portal's translated 413.
    status, headers, page = browser.request(
        "/accounts/preferences/",
        body=b"x" * (3 * MB),
        content_type="application/x-www-form-urlencoded",
    )
    assert status == 413
    assert "<h1>Envoi trop volumineux</h1>" in page and "2,5\xa0Mio" in page

    # Over nginx's limit (53 MB): nginx answers on the announced length, with the shipped
    # bilingual page instead of its own.
    status, headers, page = browser.request(
        url,
        body=b"",
        content_type=content_type,
        headers={"Content-Length": str(54 * MB)},
    )
    assert status == 413
    assert page == (DEPLOY / "nginx" / "413.html").read_text()  # not nginx's own page
    assert "<h1>Envoi trop volumineux</h1>" in page and "What you sent is too large" in page

    # A private file (one of them): downloaded through the portal by an officer (nginx
    # buffering the 10 MB), never from its folder.
    evidence = Evidence.objects.get(update__action=action, original_name="preuve-3.pdf")
    assert evidence.file.name.startswith("private/")
    content = files[3][2]

    download = f"/action-plans/evidence/{evidence.pk}/"
    status, headers, body = browser.raw(download)
    assert status == 200 and body == content
    assert "attachment" in headers["Content-Disposition"]

    visitor = stack.client()
    status, headers, body = visitor.raw(download)
    assert status == 302 and headers["Location"].startswith("/accounts/login/")
    # The folder itself is not served: nginx has no /media/ location, the portal answers 404.
    status, _, body = visitor.raw(f"/media/{evidence.file.name}")
    assert status == 404 and body != content
    status, _, body = browser.raw(f"/media/{evidence.file.name}")
    assert status == 404 and body != content


@with_rows
def test_rate_limits_count_the_address_nginx_saw_whatever_the_client_claims(stack):
    """nginx replaces X-Forwarded-For with the address it sees (TRUSTED_PROXY_COUNT=1): a
    client sending its own X-Forwarded-For cannot spread its tries over invented addresses,
    while another client (another loopback address, 127.0.0.2) has a count of its own."""
    limit = 20  # "integrity_follow": "20/h/ip" (portal/settings.py)

    def try_code(client, spoofed):
        client.headers["X-Forwarded-For"] = spoofed
        status, _, _ = client.post_form("/integrity/follow/", {"code": "AAAA-BBBB-CCCC"})
        return status

    spoofer = stack.client()
    answers = [try_code(spoofer, f"203.0.113.{n}") for n in range(limit)]
    assert answers == [200] * limit
    assert try_code(spoofer, "198.51.100.1") == 429

    neighbour = stack.client(source="127.0.0.2")
    assert try_code(neighbour, "203.0.113.1") == 200


def requests_counted(text, view):
    """The sum of portal_http_requests_total for one view, from a /metrics answer."""
    from prometheus_client.parser import text_string_to_metric_families

    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "portal_http_requests"
        for sample in family.samples
        if sample.name == "portal_http_requests_total" and sample.labels.get("view") == view
    )


@with_rows
def test_metrics_per_instance_on_its_own_port_never_on_the_public_site(stack):
    """Prometheus reads each gunicorn instance through its metrics port of the shipped site
    (the unit's PROMETHEUS_MULTIPROC_DIR and deploy/gunicorn.conf.py at work); the public site
    answers 404 for /metrics. nginx's request id reaches the portal and comes back."""
    status, _, _ = stack.client().request("/metrics")
    assert status == 404

    scrape = Client(stack.metrics_ports[0], tls=False)
    status, headers, text = scrape.request("/metrics")
    assert status == 200, text
    assert "portal_notifications_unsent_due" in text
    assert "portal_dispatcher_heartbeat_age_seconds" in text
    before = requests_counted(text, "healthz")
    for _ in range(3):
        assert stack.instance(0).request("/healthz")[0] == 200
    after = requests_counted(scrape.request("/metrics")[2], "healthz")
    assert after == before + 3

    # The other instance counts its own requests, on its own port.
    assert Client(stack.metrics_ports[1], tls=False).request("/metrics")[0] == 200

    # nginx's $request_id (32 hexadecimal digits) is the id the portal uses and returns.
    _, headers, _ = stack.client().request("/")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
