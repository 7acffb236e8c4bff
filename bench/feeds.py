"""The .ics feeds: CPU of a "304 Not Modified" and of a changed feed, personal and public.

A person sees 200 entries in their feed's period (140 public meetings, 30 for partners, 20
they are invited to, 10 public forums, 5 of them with a seat), among 2,000 meetings they mostly
may not see; the public feed holds the 150 public ones. For each feed it prints the median
CPU time of this process (Django's own work; PostgreSQL's aside) over requests through the
test client, all middleware included:

- 304: the calendar program asks again with the ETag it holds (target <= 2 ms);
- changed: a meeting of the feed was moved through the scheduling service just before, so the
  feed's version, and its ETag, is new and the feed is built and written (target <= 10 ms).

It fails unless every answer is the 304 or the 200 it should be, with the right number of
VEVENTs. It sets up its own database as bench/dispatch_reminders.py does (a temporary
PostgreSQL database next to DATABASE_URL's, dropped afterwards; a temporary SQLite file
without one), and uses the Redis cache of REDIS_URL when set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python -m bench feeds
"""

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.dispatch_reminders import temporary_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 9
TARGET_304_MS = 2
TARGET_CHANGED_MS = 10
PERSON_ENTRIES = 200
PUBLIC_ENTRIES = 150


def main():
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench._settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "EMAIL_URL": f"filemail:///{tmp}/outbox",
            "LOG_LEVEL": "WARNING",
        }
        with temporary_database(tmp) as url:
            env["DATABASE_URL"] = url
            subprocess.run(
                [sys.executable, "-m", "bench.feeds", "--child"], cwd=ROOT, env=env, check=True
            )


def _seed():
    """The person, their 200 entries and 1,800 meetings they may not see."""
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from forums.models import Forum, Registration
    from meetings.models import Invitation, Meeting
    from meetings.services import feeds
    from portal.accounts.models import User

    officer = User.objects.create_user("bench-officer@douane.gouv.ml", None, kind="customs")
    person = User.objects.create_user("awa@entreprise.ml", None, full_name="Awa Traoré")
    soon = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    V = Meeting.Visibility
    plan = [V.PUBLIC] * 140 + [V.PARTNERS] * 30 + [V.INVITEES] * 20
    plan += [V.INVITEES] * 900 + [V.INTERNAL] * 910  # not the person's
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Réunion de concertation n° {n}, Douane–secteur privé",
            kind=Meeting.Kind.WORKING_GROUP,
            description="Ordre du jour : facilitation des échanges; délais de dédouanement.",
            start=soon + timedelta(hours=7 * n),
            end=soon + timedelta(hours=7 * n + 2),
            venue="Direction générale des Douanes, Bamako",
            visibility=visibility,
            organiser=officer,
        )
        for n, visibility in enumerate(plan)
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            user=person,
            name=person.full_name,
            email=person.email,
            token=uuid.uuid4().hex,
        )
        for meeting in meetings[170:190]
    )
    forums = Forum.objects.bulk_create(
        Forum(
            title=f"Forum Douane–Secteur privé {n}",
            slug=f"forum-{n}",
            start=soon + timedelta(days=20 + 7 * n),
            end=soon + timedelta(days=20 + 7 * n, hours=8),
            venue="CICB",
            city="Bamako",
            online_url="https://webinaire.douane.gouv.ml/forum",
            capacity=100,
            registration_opens_at=timezone.now(),
            registration_closes_at=soon + timedelta(days=19 + 7 * n),
            status=Forum.Status.PUBLISHED,
            visibility=Forum.Visibility.PUBLIC,
        )
        for n in range(10)
    )
    Registration.objects.bulk_create(
        Registration(
            forum=forum,
            user=person,
            status=Registration.Status.CONFIRMED,
            arrival=1,
            code=f"BENCH{n}",
        )
        for n, forum in enumerate(forums[:5])
    )
    return officer, person, meetings[:140], feeds.feed_for(person).get_absolute_url()


def _measure(client, url, officer, movable, expected):
    """Median CPU ms of a 304 and of a changed feed at `url`; checks every answer."""
    from datetime import timedelta

    from meetings.services import scheduling

    def events(response):
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}, not 200")
        found = response.content.count(b"BEGIN:VEVENT")
        if found != expected:
            raise RuntimeError(f"{url} holds {found} VEVENTs, not {expected}")
        return response["ETag"]

    etag = events(client.get(url))
    if os.environ.get("BENCH_PROFILE"):
        _profile(client, url, etag, officer, movable[-1])
        etag = events(client.get(url))
    not_modified, changed = [], []
    for n in range(SAMPLES):
        begin = time.process_time()
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        not_modified.append(time.process_time() - begin)
        if response.status_code != 304:
            raise RuntimeError(f"{url} answered {response.status_code} to its ETag, not 304")
        meeting = movable[n]
        scheduling.update_meeting(
            meeting,
            acting_user=officer,
            start=meeting.start + timedelta(minutes=30),
            end=meeting.end + timedelta(minutes=30),
        )
        begin = time.process_time()
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        changed.append(time.process_time() - begin)
        new_etag = events(response)
        if new_etag == etag:
            raise RuntimeError(f"{url} kept its ETag after a meeting moved")
        etag = new_etag
    return statistics.median(not_modified) * 1000, statistics.median(changed) * 1000


def _profile(client, url, etag, officer, meeting):
    """BENCH_PROFILE=cumulative (or tottime): where a 304 and a changed feed spend their
    time (cProfile)."""
    import cProfile
    import pstats
    from datetime import timedelta

    from meetings.services import scheduling

    for label in ("304", "changed"):
        if label == "changed":
            scheduling.update_meeting(
                meeting,
                acting_user=officer,
                start=meeting.start + timedelta(minutes=1),
                end=meeting.end + timedelta(minutes=1),
            )
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url, HTTP_IF_NONE_MATCH=etag)
        profiler.disable()
        print(f"--- {url}: {label}")
        pstats.Stats(profiler).sort_stats(os.environ["BENCH_PROFILE"]).print_stats(35)


def _child():
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    officer, person, public_meetings, personal_url = _seed()
    feeds = [
        ("personal feed", personal_url, PERSON_ENTRIES, public_meetings[:SAMPLES]),
        ("public feed", "/calendar/public.ics", PUBLIC_ENTRIES, public_meetings[SAMPLES:]),
    ]
    print(f"{'feed':16} {'answer':22} {'CPU ms':>7} {'target':>8}  met")
    for name, url, expected, movable in feeds:
        client = Client(HTTP_HOST="127.0.0.1")
        not_modified, changed = _measure(client, url, officer, movable, expected)
        for label, figure, target in (
            ("304 on If-None-Match", not_modified, TARGET_304_MS),
            (f"changed, {expected} VEVENTs", changed, TARGET_CHANGED_MS),
        ):
            met = "yes" if figure <= target else "NO"
            print(f"{name:16} {label:22} {figure:7.1f} {'<= ' + str(target):>8}  {met}")
    print(
        f"median of {SAMPLES} requests each, this process's CPU (PostgreSQL's aside); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        _child()
    else:
        main()
