"""/metrics: Prometheus's text format, gauges that follow what they measure, request counts
(added up over gunicorn's processes in multiprocess mode), and who may read it."""

import concurrent.futures
import math
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from forums.models import Forum
from forums.services import seats
from portal.notifications import dispatcher
from portal.notifications.models import Notification
from tests import servers
from tests.factories import RepresentativeFactory
from tests.forums.factories import ForumFactory
from tests.notifications.factories import queue

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
FOREIGN = "203.0.113.5"  # an address of nobody's network (documentation range)


def parse(text):
    """{(sample name, sorted labels): value} of an exposition, read by prometheus_client's
    own parser."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    return parse(response.content.decode())


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def requests_counted(samples, view):
    return sum(
        number
        for (name, labels), number in samples.items()
        if name == "portal_http_requests_total" and dict(labels)["view"] == view
    )


# --- What it shows ----------------------------------------------------------------------


def test_a_notification_falling_due_counts_as_unsent_with_its_age(client):
    before = scrape(client)

    queue()  # due now, not sent: no dispatcher has run

    after = scrape(client)
    assert value(after, "portal_notifications_unsent_due") == (
        value(before, "portal_notifications_unsent_due") + 1
    )
    assert value(after, "portal_notifications_oldest_unsent_due_age_seconds") > 0


def test_a_notification_due_later_is_not_counted_and_a_sent_one_leaves_the_count(client, deliver):
    later = queue()
    Notification.objects.filter(pk=later.pk).update(due_at=timezone.now() + timedelta(hours=1))
    assert value(scrape(client), "portal_notifications_unsent_due") == 0

    queue()
    assert value(scrape(client), "portal_notifications_unsent_due") == 1
    deliver()

    samples = scrape(client)
    assert value(samples, "portal_notifications_unsent_due") == 0
    assert value(samples, "portal_notifications_oldest_unsent_due_age_seconds") == 0


def test_a_notification_that_fails_its_last_attempt_counts_as_failed(client, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    before = value(scrape(client), "portal_notifications_failed")
    row = queue()

    dispatcher.dispatch_due()  # the mail server refuses it: its one attempt fails

    row.refresh_from_db()
    assert row.status == "failed"
    assert value(scrape(client), "portal_notifications_failed") == before + 1


def test_the_dispatcher_heartbeat_age_drops_when_it_runs(client):
    assert math.isinf(value(scrape(client), "portal_dispatcher_heartbeat_age_seconds"))

    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        dispatcher.dispatch_due()
    silent = value(scrape(client), "portal_dispatcher_heartbeat_age_seconds")
    assert silent >= 600

    dispatcher.dispatch_due()
    assert value(scrape(client), "portal_dispatcher_heartbeat_age_seconds") < silent


def test_a_registration_takes_one_seat_off_its_forum(client):
    forum = ForumFactory(capacity=20, reserved_seats=2)
    other = ForumFactory(capacity=5)
    before = scrape(client)
    assert value(before, "portal_forum_seats_left", forum=forum.slug, mode="in_person") == 18

    seats.register(forum, user=RepresentativeFactory())

    after = scrape(client)
    assert value(after, "portal_forum_seats_left", forum=forum.slug, mode="in_person") == 17
    assert value(after, "portal_forum_seats_left", forum=other.slug, mode="in_person") == 5


def test_online_seats_are_shown_when_limited(client):
    forum = ForumFactory(online_url="https://visio.example.ml/forum", online_capacity=50)

    seats.register(forum, user=RepresentativeFactory(), attendance_mode="online")

    samples = scrape(client)
    assert value(samples, "portal_forum_seats_left", forum=forum.slug, mode="online") == 49
    assert value(samples, "portal_forum_seats_left", forum=forum.slug, mode="in_person") == 20


def test_only_forums_whose_registration_is_open_or_to_come_are_shown(client):
    now = timezone.now()
    open_now = ForumFactory()
    to_come = ForumFactory(
        registration_opens_at=now + timedelta(days=2),
        registration_closes_at=now + timedelta(days=10),
    )
    closed_window = ForumFactory(
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=now - timedelta(days=1),
    )
    draft = ForumFactory(status=Forum.Status.DRAFT)
    closed = ForumFactory(status=Forum.Status.CLOSED)

    shown = {
        dict(labels)["forum"]
        for name, labels in scrape(client)
        if name == "portal_forum_seats_left"
    }
    assert {open_now.slug, to_come.slug} <= shown
    assert not {closed_window.slug, draft.slug, closed.slug} & shown


def test_requests_are_counted_by_view_name_status_class_and_method_not_by_path(client):
    ForumFactory(slug="forum-a")
    ForumFactory(slug="forum-b")
    before = scrape(client)

    assert client.get("/forums/forum-a/").status_code == 200
    assert client.get("/forums/forum-b/").status_code == 200
    assert client.get("/forums/no-such-forum/").status_code == 302  # to sign in: hidden
    assert client.get("/no/such/address/").status_code == 404

    after = scrape(client)
    labels = {"method": "GET", "view": "forums:detail"}
    ok = ("portal_http_requests_total", tuple(sorted({**labels, "status": "2xx"}.items())))
    hidden = ("portal_http_requests_total", tuple(sorted({**labels, "status": "3xx"}.items())))
    assert after[ok] - before.get(ok, 0) == 2
    assert after[hidden] - before.get(hidden, 0) == 1
    assert requests_counted(after, "unmatched") - requests_counted(before, "unmatched") == 1
    durations = ("portal_http_request_duration_seconds_count", tuple(sorted(labels.items())))
    assert after[durations] - before.get(durations, 0) == 3
    # No path in any label of the request series.
    assert not any(
        "forum-a" in str(labels) for name, labels in after if name.startswith("portal_http")
    )


def test_metrics_does_not_count_itself(client):
    scrape(client)
    scrape(client)

    assert requests_counted(scrape(client), "metrics") == 0


def test_the_answer_is_prometheus_text_never_cached_and_needs_no_session(client):
    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie
    names = {family.name for family in text_string_to_metric_families(response.content.decode())}
    assert {
        "portal_http_requests",
        "portal_http_request_duration_seconds",
        "portal_notifications_unsent_due",
        "portal_notifications_oldest_unsent_due_age_seconds",
        "portal_notifications_failed",
        "portal_dispatcher_heartbeat_age_seconds",
        "portal_forum_seats_left",
    } <= names


def test_metrics_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/metrics").status_code == 200


def test_the_database_gauges_are_left_out_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(Notification.objects.__class__, "unsent_due", broken)

    samples = scrape(client)
    assert not any(name == "portal_notifications_unsent_due" for name, _ in samples)
    assert ("portal_notifications_failed", ()) in samples  # the others still come out


# --- Who may read it --------------------------------------------------------------------


def test_the_local_machine_may_read_it_by_default(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_another_address_gets_a_404_as_for_an_address_that_does_not_exist(client):
    response = client.get("/metrics", REMOTE_ADDR=FOREIGN)

    assert response.status_code == 404
    assert b"portal_" not in response.content
    # The same page as for any address that does not exist (the path aside, which it shows).
    missing = client.get("/nothings", REMOTE_ADDR=FOREIGN)
    assert response.content.replace(b"/metrics", b"/nothings") == missing.content


def test_the_right_token_opens_it_from_anywhere_and_a_wrong_one_from_nowhere(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"

    assert client.get("/metrics", REMOTE_ADDR=FOREIGN).status_code == 404
    right = {"HTTP_AUTHORIZATION": "Bearer s3cret-metrics-token"}
    assert client.get("/metrics", REMOTE_ADDR=FOREIGN, **right).status_code == 200
    wrong = {"HTTP_AUTHORIZATION": "Bearer s3cret-metrics-tokem"}
    assert client.get("/metrics", REMOTE_ADDR=FOREIGN, **wrong).status_code == 404
    # A wrong token is refused even from an allowed address.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", **wrong).status_code == 404
    other_scheme = {"HTTP_AUTHORIZATION": "Basic czNjcmV0LW1ldHJpY3MtdG9rZW4="}
    assert client.get("/metrics", REMOTE_ADDR=FOREIGN, **other_scheme).status_code == 404


def test_a_bearer_token_opens_nothing_when_none_is_configured(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics", REMOTE_ADDR=FOREIGN, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_networks_are_allowed_by_cidr(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "2001:db8::/32"]

    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="2001:db8::7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="11.0.0.1").status_code == 404


def test_behind_a_proxy_the_visitors_address_counts_not_the_proxys(client, settings):
    """nginx connects from 127.0.0.1 for everybody: with TRUSTED_PROXY_COUNT=1 the address
    nginx adds to X-Forwarded-For decides, and one the visitor wrote there is ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.0.0/8"]
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}

    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=FOREIGN, **via_proxy).status_code == 404
    forged = f"10.1.2.3, {FOREIGN}"  # the visitor wrote 10.1.2.3; nginx appended the real one
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=forged, **via_proxy).status_code == 404
    inside = "10.1.2.3"
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=inside, **via_proxy).status_code == 200
    # Straight to gunicorn from the machine itself (no proxy, no header): its own address.
    assert client.get("/metrics", **via_proxy).status_code == 200


# --- Several gunicorn processes -----------------------------------------------------------


def home_pages_per_process(folder, scratch):
    """How many home pages each worker process counted: prometheus_client writes one file per
    process (counter_<pid>.db), read here one at a time with its own collector."""
    counts = {}
    for path in Path(folder).glob("counter_*.db"):
        alone = scratch / path.stem
        alone.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, alone / path.name)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(alone))
        counts[path.stem] = requests_counted(parse(generate_latest(registry).decode()), "home")
    return counts


def serve_until_both_workers_counted(base, folder, scratch):
    """Ask for the home page, eight at a time (so that a busy worker leaves the next to the
    other), until both workers have served some; return how many were asked for."""
    made = 0
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in range(25):
            statuses = list(pool.map(lambda _: servers.get(f"{base}/")[0], range(8)))
            assert statuses == [200] * 8
            made += 8
            counts = home_pages_per_process(folder, scratch)
            if sum(1 for count in counts.values() if count > 0) >= 2:
                return made
    pytest.fail("one worker served every request")


@pytest.mark.postgres
def test_two_gunicorn_workers_counts_are_added_up_and_start_from_zero(tmp_path):
    folder = tmp_path / "prometheus"
    options = ("--config", str(ROOT / "deploy" / "gunicorn.conf.py"))

    for run in range(2):  # the second start finds the first one's files, and empties the folder
        with servers.gunicorn(workers=2, options=options, PROMETHEUS_MULTIPROC_DIR=folder) as base:
            made = serve_until_both_workers_counted(base, folder, tmp_path / f"run{run}")

            status, body = servers.get(f"{base}/metrics")
            assert status == 200
            assert requests_counted(parse(body.decode()), "home") == made
