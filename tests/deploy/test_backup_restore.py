"""deploy/backup.sh and deploy/restore.sh, run as an operator runs them.

The tests run a PostgreSQL server of their own (initdb into a temporary folder, on a free
port: the machine's shared cluster is never touched) that asks TCP clients for a password
(SCRAM), so the DATABASE_URL the scripts read, with a password full of URL-special characters,
is really checked; it is the portal's own role, owner of its databases and not a
superuser, as in production. The scripts get their configuration from an env file of the kind the
services read (PORTAL_ENV_FILE), and nothing else but PATH.

The round trip migrates the portal into a database, stores files through the real models (a
consultation's document and a progress update's evidence under MEDIA_ROOT/private/, a complaint's
attachment in PRIVATE_MEDIA_ROOT), backs up, restores into a new database and new folders,
and compares every table's rows, every sequence, every file and its mode, and reads each
stored file back through the portal from the restored database and folders. The other tests
(retention, a damaged set, a target that is not empty) need no portal schema: they back up a
small database of their own, which is all the scripts see of it.
"""

import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import psycopg2
import pytest

from tests import servers
from tests.services import _missing

DEPLOY = servers.ROOT / "deploy"
BACKUP = DEPLOY / "backup.sh"
RESTORE = DEPLOY / "restore.sh"
# Every character that means something in a URL, and one that is not ASCII.
PASSWORD = "p@ss:w/rd?#%+ é&="
SET_NAME = re.compile(r"^portal-\d{4}-\d\d-\d\dT\d{6}Z$")
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class _PasswordCluster(servers.PostgresCluster):
    """tests.servers' throwaway PostgreSQL server, but asking TCP clients for a password."""

    def init(self):
        return super().init(auth=("--auth-local", "trust", "--auth-host", "scram-sha-256"))

    def start(self):
        super().start()
        local = psycopg2.connect(
            host=str(self.directory), port=self.port, user="postgres", dbname="postgres"
        )
        local.autocommit = True
        with local.cursor() as cursor:
            cursor.execute("ALTER ROLE postgres PASSWORD %s", [PASSWORD])
            # The portal's own role, as install.md makes it: it owns its database, no more.
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'portal'")
            if not cursor.fetchone():
                cursor.execute("CREATE ROLE portal LOGIN PASSWORD %s", [PASSWORD])
        local.close()

    def url(self, name="postgres"):
        """The portal's URL: its role, with the password percent-encoded."""
        password = urllib.parse.quote(PASSWORD, safe="")
        return f"postgres://portal:{password}@127.0.0.1:{self.port}/{name}"

    def connect(self, name="postgres"):
        db = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", password=PASSWORD, dbname=name
        )
        db.autocommit = True
        return db

    def create_database(self):
        name = f"portal_{uuid.uuid4().hex[:10]}"
        self.execute(f"CREATE DATABASE {name} OWNER portal")  # `createdb -O portal NAME`
        return name


@pytest.fixture(scope="module")
def cluster():
    for program in ("pg_dump", "pg_restore", "psql", "tar", "sha256sum", "flock"):
        if not shutil.which(program):
            _missing(f"needs {program} (Debian: postgresql-client, tar, coreutils, util-linux)")
    bindir = servers.PostgresCluster.required_bindir()
    own = _PasswordCluster(bindir)
    try:
        own.init()
        own.start()
        # The scripts run the pg_dump on PATH, as an operator's would: it must be the server's.
        (server,) = own.execute("SHOW server_version_num")[0]
        client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
        assert re.search(rf"\) {int(server) // 10000}\.", client), (client, server)
        yield own
    finally:
        own.destroy()


class _Site:
    """One installation's configuration: its env file, its folders and its database."""

    def __init__(self, cluster, folder, database, **extra):
        self.cluster = cluster
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database = database
        self.media = self.folder / "media"
        self.private = self.folder / "private"
        self.backups = self.folder / "backups"
        self.env_file = self.folder / "portal.env"
        self.write_env(**extra)

    def write_env(self, **extra):
        settings = {
            "DATABASE_URL": self.cluster.url(self.database),
            "MEDIA_ROOT": self.media,
            "PRIVATE_MEDIA_ROOT": f'"{self.private}"',  # quoted, as systemd allows
            "BACKUP_DIR": self.backups,
            **extra,
        }
        lines = ["# The services' environment (a test's)", "SECRET_KEY=$(touch pwned)"]
        lines += [f"{key}={value}" for key, value in settings.items()]
        self.env_file.write_text("\n".join(lines) + "\n")

    def run(self, script, *arguments):
        """The script as an operator runs it: its configuration from the env file only."""
        result = subprocess.run(
            [str(script), *arguments],
            cwd=self.folder,
            env={"PATH": os.environ["PATH"], "PORTAL_ENV_FILE": str(self.env_file)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert not (self.folder / "pwned").exists()  # the env file is read, never run
        return result

    def sets(self):
        return sorted(p.name for p in self.backups.iterdir() if SET_NAME.match(p.name))

    def counts(self):
        """Rows of every table and the value of every sequence."""
        tables = self.cluster.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            self.database,
        )
        rows = {
            table: self.cluster.execute(f'SELECT count(*) FROM "{table}"', self.database)[0][0]
            for (table,) in tables
        }
        sequences = dict(
            self.cluster.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'",
                self.database,
            )
        )
        return rows, sequences

    def relations(self):
        (count,) = self.cluster.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public'",
            self.database,
        )[0]
        return count

    def manage(self, *arguments):
        """manage.py with this site's database and folders; its standard output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=servers.ROOT,
            env=servers.portal_env(
                DATABASE_URL=self.cluster.url(self.database),
                MEDIA_ROOT=self.media,
                PRIVATE_MEDIA_ROOT=self.private,
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def _files(folder):
    """Every file under `folder`: its SHA-256 and mode, by relative path."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            found[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                stat.S_IMODE(path.stat().st_mode),
                path.stat().st_uid,
            )
    return found


def _seed():
    """Run inside `manage.py shell`: realistic rows, and files stored through the models."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings
    from django.utils import timezone

    from actionplans import services as actionplans
    from forums.services import seats
    from integrity.services import complaints
    from tests.actionplans.factories import ActionFactory
    from tests.consultations import factories as consultations
    from tests.factories import OfficerFactory, OrganizationFactory, representative_of
    from tests.forums.factories import ForumFactory
    from tests.meetings.factories import MeetingFactory, in_days
    from tests.notifications.factories import due_rows

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast, NOTIFICATIONS_NUDGE=False):
        officer = OfficerFactory()
        organizations = [OrganizationFactory() for _ in range(12)]
        people = [representative_of(organization) for organization in organizations[:6]]
        forum = ForumFactory()
        for person in people:
            seats.register(forum, user=person)
        for days in range(5):
            MeetingFactory(start=in_days(days + 1))
        consultations.draft(officer, document=SimpleUploadedFile("projet.pdf", PDF))
        action = ActionFactory()
        actionplans.record_progress(
            action,
            acting_user=action.responsible,
            date=timezone.localdate(),
            percent=40,
            narrative="Atelier tenu.",
            files=[SimpleUploadedFile("compte-rendu.pdf", PDF), SimpleUploadedFile("p.png", PNG)],
        )
        complaints.submit_complaint(
            acting_user=None,
            category="delay",
            occurred_on=timezone.localdate(),
            place="Bamako",
            description="Attente de trois jours sans motif.",
            anonymous=True,
            files=[SimpleUploadedFile("photo.png", PNG)],
        )
        due_rows(40)


def _stored_files():
    """Run inside `manage.py shell`: each row's file, read through the portal's storage."""
    from actionplans.models import Evidence
    from consultations.models import Version
    from integrity.models import CaseAttachment

    found = {}
    for model, field in ((Version, "document"), (Evidence, "file"), (CaseAttachment, "file")):
        for row in model.objects.exclude(**{field: ""}).order_by("pk"):
            stored = getattr(row, field)
            with stored.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            found.setdefault(model.__name__, []).append([stored.name, stored.path, digest])
    print(json.dumps(found))


def _read_stored_files(site):
    return json.loads(
        site.manage(
            "shell",
            "--no-imports",
            "-c",
            "from tests.deploy.test_backup_restore import _stored_files as f; f()",
        )
    )


@pytest.mark.postgres
def test_a_backup_of_the_portal_restores_into_a_new_database_and_new_folders(cluster, tmp_path):
    source = _Site(cluster, tmp_path / "source", cluster.create_database())
    source.manage("migrate", "--verbosity", "0")
    source.manage(
        "shell", "--no-imports", "-c", "from tests.deploy.test_backup_restore import _seed; _seed()"
    )
    stored = _read_stored_files(source)
    assert {name: len(rows) for name, rows in stored.items()} == {
        "Version": 1,
        "Evidence": 2,
        "CaseAttachment": 1,
    }
    assert all(path.startswith(f"{source.media}/private/") for _, path, _ in stored["Evidence"])
    assert stored["CaseAttachment"][0][1].startswith(f"{source.private}/")
    # Modes are kept: a file made private by hand stays so.
    evidence = Path(stored["Evidence"][0][1])
    evidence.chmod(0o600)
    if os.geteuid() == 0:  # and as root, owners too: one file given to another user
        os.chown(evidence, pwd.getpwnam("postgres").pw_uid, -1)

    backed_up = source.run(BACKUP)
    assert backed_up.returncode == 0, backed_up.stderr
    assert "backup complete" in backed_up.stderr
    (name,) = source.sets()
    backup_set = source.backups / name
    assert sorted(p.name for p in backup_set.iterdir()) == [
        "SHA256SUMS",
        "backup.info",
        "database.dump",
        "media.files.sha256",
        "media.tar",
        "private-media.files.sha256",
        "private-media.tar",
    ]
    # Confidential: the folders 0700 and the files 0600.
    assert stat.S_IMODE(source.backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup_set.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in backup_set.iterdir()} == {0o600}
    assert (backup_set / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump -Fc
    info = (backup_set / "backup.info").read_text()
    assert PASSWORD not in info and urllib.parse.quote(PASSWORD, safe="") not in info
    assert "media_files=3\n" in info and "private_media_files=1\n" in info

    restored = _Site(cluster, tmp_path / "restored", cluster.create_database())
    result = restored.run(RESTORE, str(backup_set))
    assert result.returncode == 0, result.stderr
    assert "restore complete" in result.stderr

    rows, sequences = source.counts()
    assert len(rows) > 100
    assert rows["notifications_notification"] >= 40
    assert rows["forums_registration"] == 6
    assert restored.counts() == (rows, sequences)
    assert _files(restored.media) == _files(source.media)
    assert _files(restored.private) == _files(source.private)
    assert _files(restored.media)[str(evidence.relative_to(source.media))][1:] == (
        0o600,
        evidence.stat().st_uid,
    )
    assert len(_files(source.media)) == 3 and len(_files(source.private)) == 1
    # Each row's file, read through the portal from the restored database and folders.
    again = _read_stored_files(restored)
    assert {m: [(n, d) for n, _, d in f] for m, f in again.items()} == {
        m: [(n, d) for n, _, d in f] for m, f in stored.items()
    }
    for model, files in again.items():
        root = restored.private if model == "CaseAttachment" else restored.media / "private"
        assert all(Path(path).is_relative_to(root) for _, path, _ in files)

    # The restored database is no longer empty: restoring into it again is refused.
    again = restored.run(RESTORE, str(backup_set))
    assert again.returncode == 4, again.stderr
    assert "is not empty" in again.stderr and "nothing was restored" in again.stderr


def _small_site(cluster, folder, **extra):
    """A database of one table and two folders of a few files: all the scripts see of a site."""
    site = _Site(cluster, folder, cluster.create_database(), **extra)
    cluster.execute(
        "SET ROLE portal; CREATE TABLE note (id serial PRIMARY KEY, body text);"
        " INSERT INTO note (body) SELECT 'note ' || n FROM generate_series(1, 50) n",
        site.database,
    )
    (site.media / "private" / "consultations").mkdir(parents=True)
    (site.media / "private" / "consultations" / "projet.pdf").write_bytes(PDF)
    (site.private / "integrity").mkdir(parents=True)
    (site.private / "integrity" / "photo.png").write_bytes(PNG)
    return site


def _backed_up(site):
    result = site.run(BACKUP)
    assert result.returncode == 0, result.stderr
    return site.backups / site.sets()[-1]


@pytest.mark.postgres
def test_retention_keeps_the_newest_sets_and_removes_the_older_ones(cluster, tmp_path):
    site = _small_site(cluster, tmp_path / "site", BACKUP_KEEP=3)
    first = _backed_up(site)
    older = [f"portal-2000-01-0{day}T023000Z" for day in range(1, 6)]
    for name in older:
        shutil.copytree(first, site.backups / name)
    (site.backups / "notes").mkdir()  # not a set: never touched
    killed = site.backups / f".incomplete-{first.name}.x1y2z3"  # a run killed mid-way
    killed.mkdir()

    result = site.run(BACKUP)

    assert result.returncode == 0, result.stderr
    newest = site.sets()[-1]
    assert site.sets() == [older[-1], first.name, newest]
    for name in older[:-1]:
        assert f"removed the old set {site.backups / name}" in result.stderr
    assert (site.backups / "notes").is_dir()
    assert not killed.exists()

    site.write_env(BACKUP_KEEP=1)
    result = site.run(BACKUP)
    assert result.returncode == 0, result.stderr
    (kept,) = site.sets()
    assert kept > newest  # the set just made, never another


@pytest.mark.postgres
def test_a_failed_backup_leaves_no_set_and_removes_none(cluster, tmp_path):
    site = _small_site(cluster, tmp_path / "site", BACKUP_KEEP=1)
    made = _backed_up(site)
    before = sorted(p.name for p in site.backups.iterdir())

    site.write_env(BACKUP_KEEP=1, DATABASE_URL=cluster.url("no_such_database"))
    result = site.run(BACKUP)
    assert result.returncode == 1
    assert "backup FAILED during: dumping the database 'no_such_database'" in result.stderr
    assert "nothing was kept" in result.stderr
    assert sorted(p.name for p in site.backups.iterdir()) == before

    site.write_env(BACKUP_KEEP=1, MEDIA_ROOT=tmp_path / "nowhere")
    result = site.run(BACKUP)
    assert result.returncode == 2
    assert f"MEDIA_ROOT ({tmp_path / 'nowhere'}) is not a folder" in result.stderr
    assert sorted(p.name for p in site.backups.iterdir()) == before

    # A second run while one is writing (the lock on BACKUP_DIR/.lock held) is refused.
    with open(site.backups / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        site.write_env(BACKUP_KEEP=1)
        result = site.run(BACKUP)
    assert result.returncode == 2
    assert f"another backup.sh is writing into {site.backups}" in result.stderr
    assert sorted(p.name for p in site.backups.iterdir()) == before

    # Behind PgBouncer, BACKUP_DATABASE_URL names PostgreSQL itself: it wins over DATABASE_URL.
    site.write_env(
        BACKUP_KEEP=1,
        DATABASE_URL=cluster.url("no_such_database"),
        BACKUP_DATABASE_URL=cluster.url(site.database),
    )
    result = site.run(BACKUP)
    assert result.returncode == 0, result.stderr
    (newest,) = site.sets()
    assert newest > made.name
    assert f"database={site.database}\n" in (site.backups / newest / "backup.info").read_text()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "damage",
    ["a byte of a complaint's file", "the dump cut short", "an archive missing"],
)
def test_a_damaged_set_is_refused_and_nothing_is_restored(cluster, tmp_path, damage):
    backup_set = _backed_up(_small_site(cluster, tmp_path / "site"))
    if damage == "a byte of a complaint's file":
        archive = backup_set / "private-media.tar"
        content = bytearray(archive.read_bytes())
        at = content.index(PNG[:8])  # the file's own bytes, inside the archive
        content[at + 20] ^= 0xFF
        archive.write_bytes(bytes(content))
        expected = "private-media.tar: FAILED"
    elif damage == "the dump cut short":
        dump = backup_set / "database.dump"
        dump.write_bytes(dump.read_bytes()[:-100])
        expected = "database.dump: FAILED"
    else:
        (backup_set / "media.tar").unlink()
        expected = "media.tar is missing: not a complete set"
    target = _Site(cluster, tmp_path / "target", cluster.create_database())

    result = target.run(RESTORE, str(backup_set))

    assert result.returncode == 3, result.stderr
    assert expected in result.stderr
    assert target.relations() == 0
    assert not target.media.exists() and not target.private.exists()


@pytest.mark.postgres
def test_a_database_or_a_folder_that_is_not_empty_is_refused_unless_clean_is_given(
    cluster, tmp_path
):
    source = _small_site(cluster, tmp_path / "site")
    backup_set = _backed_up(source)

    # Into the very database it came from.
    result = source.run(RESTORE, str(backup_set))
    assert result.returncode == 4, result.stderr
    assert (
        f"the database '{source.database}' on 127.0.0.1:{cluster.port} as portal is not empty"
        in result.stderr
    )
    assert "nothing was restored" in result.stderr

    target = _Site(
        cluster, tmp_path / "target", cluster.create_database(), BACKUP_DIR=source.backups
    )
    stray = target.media / "private" / "stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(PDF)
    result = target.run(RESTORE, backup_set.name)  # a name within BACKUP_DIR
    assert result.returncode == 4, result.stderr
    assert f"MEDIA_ROOT ({target.media}) is not empty" in result.stderr
    assert target.relations() == 0 and not target.private.exists()

    # --clean: the folders emptied first, the backup's objects dropped and made again.
    target.cluster.execute(
        "SET ROLE portal; CREATE TABLE note (id int); INSERT INTO note VALUES (1)",
        target.database,
    )
    result = target.run(RESTORE, "--clean", "latest")
    assert result.returncode == 0, result.stderr
    assert target.counts() == source.counts()
    assert _files(target.media) == _files(source.media)
    assert _files(target.private) == _files(source.private)


def _unit(name):
    """{key: value} of a unit file of deploy/systemd/ (a key's last value, as systemd keeps)."""
    found = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()
    return found


def test_the_timer_starts_the_shipped_script_nightly_with_the_services_env_file():
    service = _unit("portal-backup.service")
    script = Path(service["ExecStart"].replace(service["WorkingDirectory"], str(servers.ROOT)))
    assert script == BACKUP and os.access(script, os.X_OK)
    assert service["Type"] == "oneshot"
    # The scripts' defaults: the env file they read, and the folder the sets go to.
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert "default_file=/etc/portal/portal.env" in (DEPLOY / "backup-lib.sh").read_text()
    assert "BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}" in (DEPLOY / "backup-lib.sh").read_text()
    assert service["ReadWritePaths"] == "/var/backups/portal"
    assert service["UMask"] == "0077"
    timer = _unit("portal-backup.timer")
    assert timer["OnCalendar"] == "*-*-* 02:30:00" and timer["Persistent"] == "true"


def test_the_scripts_pass_shellcheck():
    if not shutil.which("shellcheck"):
        _missing("needs shellcheck (Debian package shellcheck)")
    scripts = [str(DEPLOY / name) for name in ("backup.sh", "restore.sh", "backup-lib.sh")]
    result = subprocess.run(["shellcheck", "-x", *scripts], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.postgres
def test_a_folder_with_no_file_yet_is_backed_up_and_restored_empty(cluster, tmp_path):
    source = _small_site(cluster, tmp_path / "site")
    shutil.rmtree(source.private / "integrity")  # no complaint has had a file yet
    backup_set = _backed_up(source)
    assert (backup_set / "private-media.files.sha256").read_text() == ""

    target = _Site(cluster, tmp_path / "target", cluster.create_database())
    result = target.run(RESTORE, str(backup_set))

    assert result.returncode == 0, result.stderr
    assert target.private.is_dir() and not any(target.private.iterdir())
    assert _files(target.media) == _files(source.media)


@pytest.mark.parametrize(
    "url",
    [
        "postgres://portal:s3cret@127.0.0.1:5432/portal",
        "postgresql://u%40x:p%2Fw+d%25@db.example:6432/por%20tal?sslmode=require&conn_max_age=60",
        "postgres://portal@//run/postgresql/portal",
        "postgres://portal:x@[::1]:5433/portal",
        "postgres://portal@localhost/portal",
    ],
)
def test_the_scripts_read_a_database_url_as_the_portal_does(url):
    """The scripts' libpq environment names what django-environ gives the portal."""
    import environ

    result = subprocess.run(
        ["bash", "-c", '. "$0"; connect_with "$1"; env', str(DEPLOY / "backup-lib.sh"), url],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    )
    libpq = dict(line.split("=", 1) for line in result.stdout.splitlines() if line.startswith("PG"))
    portal = environ.Env.db_url_config(url)
    options = portal.get("OPTIONS") or {}
    assert libpq == {
        key: str(value)
        for key, value in {
            "PGDATABASE": portal["NAME"],
            "PGUSER": portal["USER"],
            "PGPASSWORD": portal["PASSWORD"],
            "PGHOST": portal["HOST"],
            "PGPORT": portal["PORT"],
            "PGSSLMODE": options.get("sslmode"),
        }.items()
        if value
    }
