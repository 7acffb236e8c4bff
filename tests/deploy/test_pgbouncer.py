"""The portal behind PgBouncer in transaction mode (docs/operations.md, "Scaling out").

The module runs a PgBouncer of its own (`pool_mode = transaction`, in front of the suite's
PostgreSQL), and the real gunicorn (two processes) and a real Celery worker whose
DATABASE_URL points at it. PgBouncer is set to hand out its server connections in turn
(`server_round_robin = 1`) and the test first opens several: each transaction of a client then
lands on another server connection than its previous one, which is what a busy pool does to
whoever relies on a session's state, made to happen every time rather than now and then.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from forums.models import Registration
from integrity.models import GiftVersion
from integrity.services import gifts as services
from portal.accounts.models import Unit
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.faults.backends import delivered
from tests.faults.forms import SIGN_UP
from tests.forums.factories import ForumFactory, SessionFactory
from tests.services import _missing

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILE_PER_MESSAGE = "tests.faults.backends.FilePerMessageBackend"
SERVER_CONNECTIONS = 3
SERVER_ZONE = "Africa/Bamako"


def find_pgbouncer():
    return shutil.which("pgbouncer") or next(
        (path for path in ("/usr/sbin/pgbouncer",) if os.access(path, os.X_OK)), None
    )


class PgBouncer:
    """A PgBouncer of the test's own on a free port, in transaction mode, in front of the
    PostgreSQL server at `host`:`port` (any database name: `*` in [databases]).

    It refuses to run as root: as root it switches to the `postgres` user (`-u`)."""

    def __init__(self, program, host, port):
        self.program = program
        self.port = servers.free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pgbouncer-"))
        (self.directory / "userlist.txt").write_text('"postgres" ""\n')
        (self.directory / "pgbouncer.ini").write_text(
            "[databases]\n"
            # Server connections start in another zone than the portal's (UTC), as a server
            # whose postgresql.conf names the country's would.
            f"* = host={host} port={port} timezone={SERVER_ZONE}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {self.directory / 'userlist.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {SERVER_CONNECTIONS}\n"
            "max_client_conn = 200\n"
            "server_round_robin = 1\n"
        )
        self.log = self.directory / "pgbouncer.log"
        self.user = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
            self.user = ["-u", "postgres"]
        self.process = None

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name):
        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=name, connect_timeout=2
        )

    def answers(self):
        try:
            self.connect("postgres").close()
            return True
        except psycopg2.OperationalError:
            return False

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self.program, *self.user, str(self.directory / "pgbouncer.ini")],
                stdout=log,
                stderr=log,
            )
        assert servers.wait_for(self.answers, timeout=10, interval=0.1), self.log.read_text()
        return self

    def open_server_connections(self, name, count=SERVER_CONNECTIONS):
        """`count` clients in a transaction at once: the pool then holds `count` server
        connections to `name`, idle once they commit, which the round robin takes in turn."""
        clients = [self.connect(name) for _ in range(count)]
        pids = set()
        for client in clients:
            with client.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.add(cursor.fetchone()[0])
        for client in clients:
            client.commit()
            client.close()
        assert len(pids) == count

    def stop(self):
        if self.process is not None:
            self.process.terminate()  # SIGTERM: immediate shutdown, server connections closed
            self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def pgbouncer():
    program = find_pgbouncer()
    if program is None:
        _missing("needs PgBouncer (Debian package pgbouncer)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _missing("PgBouncer refuses root, and there is no `postgres` user to run it as")
    database = settings.DATABASES["default"]
    bouncer = PgBouncer(program, database["HOST"] or "127.0.0.1", database["PORT"] or 5432)
    try:
        yield bouncer.start()
    finally:
        bouncer.stop()


@pytest.fixture
def behind(pgbouncer):
    """The test database's URL through PgBouncer, with its server connections open."""
    name = connection.settings_dict["NAME"]
    pgbouncer.open_server_connections(name)
    return pgbouncer.url(name)


def gift_form(**changes):
    return {
        "kind": "gift",
        "description": "Un panier de fruits",
        "organization": "",
        "offered_by": "Transit Sahel SARL",
        "estimated_value": "15000",
        "offered_on": str(timezone.localdate() - timedelta(days=2)),
        "decision": "accepted",
        **changes,
    }


def test_the_portal_works_behind_pgbouncer_in_transaction_mode(behind, tmp_path):
    """Visitors' pages, an officer's sign-in with the second factor (sessions in the
    database), a gift declared and the register's CSV (`.iterator()`), a sign-up, a forum
    registration (`SET LOCAL lock_timeout` and the forum's row lock) and its confirmation
    e-mail sent by a worker (the dispatcher's SKIP LOCKED claim), all through PgBouncer."""
    if not shutil.which("redis-server"):
        _missing("needs redis-server to run a Redis of the test's own (Celery's broker)")
    mails = tmp_path / "mails"
    forum = ForumFactory(title="Forum de la facilitation des échanges")
    session = SessionFactory(forum=forum)
    representative = representative_of(OrganizationFactory(), email="moussa@example.ml")
    unit = Unit.objects.create(name="Bureau des douanes de Kayes")
    officer = OfficerFactory(unit=unit, position="Chef de visite")

    with ExitStack() as stack:
        broker = stack.enter_context(servers.redis_server())
        env = {
            "DATABASE_URL": behind,
            "DATABASE_POOLER": "pgbouncer",
            "REDIS_URL": broker,
            "EMAIL_URL": f"filemail:///{mails}",
            "EMAIL_BACKEND": FILE_PER_MESSAGE,
        }
        base = stack.enter_context(servers.gunicorn(workers=2, **env))
        stack.enter_context(servers.celery_worker(log=tmp_path / "worker.log", **env))

        for _ in range(3):  # both gunicorn processes, each on every server connection
            status, body = servers.get(f"{base}/healthz")
            assert status == 200 and b'"database": "ok"' in body, body
            for path in ("/", "/calendar/", f"/forums/{forum.slug}/", "/integrity/gifts/"):
                assert servers.get(f"{base}{path}")[0] == 200, path

        staff = servers.Browser(base)
        staff.sign_in(officer.email)  # the password, then the second factor
        for _ in range(4):
            status, _, page = staff.request("/dashboard/")
            assert status == 200 and officer.email in page
        status, _, page = staff.post_form("/integrity/gifts/declare/", gift_form())
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        (version,) = GiftVersion.objects.filter(declaration__declarant=officer)

        for _ in range(3):
            status, headers, text = servers.Browser(base).request("/integrity/gifts/register.csv")
            assert status == 200 and headers["Content-Type"].startswith("text/csv")
            assert version.declaration.reference in text
            assert "Transit Sahel SARL" in text and "Bureau des douanes de Kayes" in text

        status, headers, page = servers.Browser(base).post_form("/accounts/signup/", SIGN_UP)
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        assert headers["Location"] == "/accounts/confirm-email/"

        person = servers.Browser(base)
        person.sign_in(representative.email)
        status, headers, page = person.post_form(
            f"/forums/{forum.slug}/register/",
            {"attendance_mode": "in_person", "sessions": [session.pk], "consent_to_list": "on"},
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        registration = Registration.objects.get(forum=forum, user=representative)
        status, _, page = person.request(headers["Location"])
        assert status == 200 and registration.display_code in page

        confirmation = Notification.objects.get(kind="forums.confirmation")
        servers.dispatch_via(broker)  # beat's run, should the page's nudge have been missed
        assert servers.wait_for(
            lambda: Notification.objects.get(pk=confirmation.pk).status == "sent"
        ), (tmp_path / "worker.log").read_text()

    assert [address for pk, address in delivered(mails) if pk == confirmation.pk] == [
        representative.email
    ]


def test_without_the_setting_pages_that_iterate_fail_behind_pgbouncer_in_transaction_mode(
    behind,
):
    """What DATABASE_POOLER=pgbouncer prevents. Django's `.iterator()` outside a transaction
    is a WITH HOLD cursor declared in one transaction and fetched from in the next, on
    another server connection here, where the cursor does not exist. The register's CSV reads
    its rows so; so does a form's list of choices from the database (Django's
    ModelChoiceField: the register's filter by unit; the pickers of stakeholders/pickers.py
    sort theirs in French in Python, from a list), and allauth's check that a new address is
    not taken."""
    services.declare(
        acting_user=OfficerFactory(),
        kind="gift",
        description="Un panier de fruits",
        offered_by="Transit Sahel SARL",
        estimated_value=15000,
        offered_on=timezone.localdate() - timedelta(days=2),
        decision="accepted",
    )
    pages = ("/integrity/gifts/register.csv", "/integrity/gifts/")
    with servers.gunicorn(workers=1, DATABASE_URL=behind) as base:
        assert servers.get(f"{base}/")[0] == 200  # pages that iterate nothing work
        assert [servers.get(f"{base}{path}")[0] for path in pages] == [500, 500]
    with servers.gunicorn(workers=1, DATABASE_URL=behind, DATABASE_POOLER="pgbouncer") as base:
        assert [servers.get(f"{base}{path}")[0] for path in pages] == [200, 200]
        assert servers.get(f"{base}/accounts/signup/")[0] == 200
        status, body = servers.get(f"{base}{pages[0]}")
        assert "Transit Sahel SARL" in body.decode("utf-8-sig")


def test_the_time_zone_django_sets_follows_it_to_every_server_connection(pgbouncer, behind):
    """Django's one session setting, `SET TIME ZONE 'UTC'` when it connects to a server in
    another zone, is carried by PgBouncer to whichever server connection runs the
    transaction."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    name = connection.settings_dict["NAME"]
    raw = pgbouncer.connect(name)
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone() == (SERVER_ZONE,)
    raw.close()

    portal = DatabaseWrapper({**connection.settings_dict, "PORT": pgbouncer.port}, "bouncer")
    try:
        seen = set()
        with portal.cursor() as cursor:
            for _ in range(2 * SERVER_CONNECTIONS):
                cursor.execute("SELECT pg_backend_pid(), current_setting('TimeZone')")
                seen.add(cursor.fetchone())
    finally:
        portal.close()
    assert len(seen) == SERVER_CONNECTIONS  # every server connection took a turn
    assert {zone for _, zone in seen} == {"UTC"}
