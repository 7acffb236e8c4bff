"""Settings for the portal: one module, configured by environment variables.

Every variable has a default that serves a laptop (SQLite, an embedded Celery transport,
e-mails printed on the console). Production and CI set DATABASE_URL, REDIS_URL and friends;
README.md lists them all.
"""

import ipaddress
import logging
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import logs

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# A key everybody can read signs nobody's sessions: without DEBUG=1 the portal refuses to start
# unless SECRET_KEY is a real one (by the rule of `check --deploy`: 50 characters or more, at
# least 5 different ones, not Django's "django-insecure-" placeholder). Only a developer's
# machine (DEBUG=1) falls back to the public laptop key.
LAPTOP_SECRET_KEY = "django-insecure-laptop-only-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default="")


def _is_real_secret_key(key):
    return len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure-")


if not _is_real_secret_key(SECRET_KEY):
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or too weak, and DEBUG is off: the portal will not start "
            "with a key anyone can guess. Set SECRET_KEY to a long random value (at least 50 "
            'characters, e.g. the output of `python -c "import secrets; '
            "print(secrets.token_urlsafe(50))\"`), or set DEBUG=1 on a developer's machine."
        )
    SECRET_KEY = SECRET_KEY or LAPTOP_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# On a laptop the address follows PORT, the port runserver listens on (Procfile). `make run`
# passes SITE_URL itself: honcho gives every process of the Procfile a PORT of its own
# (web PORT, worker PORT+100...), and the worker writes the e-mails.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
# The domain part of every calendar UID (meetings, forums; feeds and e-mailed invitations
# alike). Fixed, not taken from SITE_URL: a calendar program that already holds an event
# knows it by its UID, so a new address or port must not make every event a new one.
CALENDAR_UID_DOMAIN = env.str("CALENDAR_UID_DOMAIN", default="portail.douane.gouv.ml")
# The mailbox e-mailed invitations name as ORGANIZER, where "Accept" in a mail client sends
# its iTIP REPLY; its mail is piped to `manage.py receive_calendar_reply` (docs/operations.md).
# Each invitation gets its own address, local+tag@domain, so the MTA must deliver "+"
# addresses to the mailbox. Empty: the organising officer's own address, and replies made in
# a mail client are not recorded.
CALENDAR_REPLY_EMAIL = env.str("CALENDAR_REPLY_EMAIL", default="")
SITE_NAME = env.str("SITE_NAME", default="Portail Douane – Secteur privé")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_countries",
    "portal",
    "portal.accounts",
    "portal.notifications",
    "portal.webhooks",
    "meetings",
    "stakeholders",
    "announcements",
    "forums",
    "surveys",
    "actionplans",
    "consultations",
    "integrity",
    # The read and write API under /api/v1/ (Django REST framework, its OpenAPI schema by
    # drf-spectacular, the documentation's assets from the sidecar package: nothing from a CDN).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
    # Demo data and seed_demo: on top of every app, imported by none.
    "demo",
]

MIDDLEWARE = [
    # First: counts and times every request, the responses of the middleware below included.
    "portal.metrics.RequestMetricsMiddleware",
    # Then: gives each request its id (X-Request-ID), and logs one line for it.
    "portal.logs.RequestLogMiddleware",
    # CORS for the API's public reads (CORS_* below), before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a request's body: 413 when it is larger than its page takes.
    "portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compress to a fifth of their size: it matters on a phone over a slow link. Django's
    # gzip adds random padding against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateResponsesMiddleware",
    "portal.middleware.UserPreferencesMiddleware",
    "portal.middleware.HostileAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, and only with DEBUG on: the portal's 404 page, not Django's technical one.
    "portal.middleware.DebugNotFoundMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            # portal/dates.py: the `date` filter writes the first of the month "1er" in French.
            "builtins": ["portal.dates"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(
        f"DATABASE_POOLER={DATABASE_POOLER!r}: leave it empty when DATABASE_URL points at "
        "PostgreSQL itself, or set it to 'pgbouncer' when it points at PgBouncer."
    )
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse: after a PostgreSQL restart the first
    # request gets a fresh connection instead of a stale-connection error.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Behind PgBouncer in transaction mode each transaction may run on another server
    # connection, so nothing may rely on a session's state. The portal's code keeps none
    # (`SET LOCAL`, row locks and SKIP LOCKED all end with their transaction; Django's own
    # `SET TIME ZONE` at connection is one PgBouncer carries to each server connection) but
    # Django's `.iterator()` outside a transaction (the gifts register's CSV, every form's
    # choices from the database, allauth's check that an address is free) declares a WITH
    # HOLD cursor in one transaction and fetches from it in the next: the cursor is not there
    # when that lands on another server connection. DATABASE_POOLER=pgbouncer has
    # `.iterator()` read its rows at once instead (docs/operations.md, "Scaling out";
    # tests/deploy/test_pgbouncer.py).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "pgbouncer"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# The cache holds security markers: allauth's "this TOTP code was already used" (30 seconds)
# and the rate limits' counters (up to 10 minutes). It must never drop one early, or the same
# code is accepted twice. With REDIS_URL it lives in Redis (under its own key prefix, beside
# Celery's queue; REDIS_CACHE_URL may name another Redis or database number), which drops
# nothing before it expires; while Redis does not answer, the database cache stands in
# (portal/cache.py says what that costs). Without Redis, the database cache is the cache. It
# deletes expired entries first, and live ones only beyond MAX_ENTRIES live entries at once:
# set far above any burst (a test shows a marker surviving 10,000 other writes; the default
# of 300 was reached in one registration morning). Each write counts the table's rows, a few
# milliseconds at this size on PostgreSQL.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "portal_cache",
    "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 3},
}
REDIS_CACHE = {
    "BACKEND": "portal.cache.RedisCache",
    "LOCATION": env.str("REDIS_CACHE_URL", default=REDIS_URL),
    "KEY_PREFIX": "portal-cache",
    "OPTIONS": {"FALLBACK": "database"},
}
CACHES = {
    "default": REDIS_CACHE if REDIS_URL else DATABASE_CACHE,
    "database": DATABASE_CACHE,
}
# Public pages kept for visitors (portal/pagecache.py): drawn afresh as soon as what they show
# changes, and at the latest after this many seconds (pages of "upcoming" things change with
# time alone). 0 keeps none.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=120)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "portal.accounts.backends.PortalModelBackend",
    "portal.accounts.backends.PortalAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "stakeholders.forms.SignupForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A sign-up with an address that has an account answers as any other, by the same page and
# after the same work (portal.accounts.signup hashes the password there too).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "portal.accounts.signup.PortalSignupForm"}
# Sign-in, sign-up and password reset are rate-limited (per IP and per account) by allauth,
# through the cache above. The portal's own limits are named here too and applied with
# portal.ratelimit's decorator (`@rate_limit(action=...)`, POSTs only, counted without a lock),
# so one setting holds every limit and one page (templates/429.html) answers whoever goes over
# one. A limit per IP sees the proxy's address unless TRUSTED_PROXY_COUNT says how many
# proxies stand in front.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    # Registering for a forum or cancelling: a person does it a few times; a script loops.
    # Counted per person; the ceiling per address lets a whole office or cybercafé behind one
    # address (500 people registering and some cancelling) through during a rush.
    "forum_registration": "10/10m/user,2000/10m/ip",
    # Integrity reports, anonymous ones included: counted per address only while the window
    # lasts (the counter expires with it), so no address outlives the limit.
    "integrity_report": "5/h/ip",
    # Receipt codes typed to follow a report: enough for a person's typos, not for guessing.
    "integrity_follow": "20/h/ip",
    # Contestations of a commitment on the board filed by one person (actionplans.contests):
    # a representative contests a few a month; more in a day is a loop or a campaign.
    "actionplans_contest": "5/d/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# A session ends this long after it was last saved (at sign-in, and whenever a page stores
# something in it). No idle timeout: saving every request's session would cost a write per
# page for every visitor. Beat clears the expired rows every night.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# Customs accounts must set up a second factor (TOTP) before reaching any page beyond their
# account settings; allauth then asks for a code at every sign-in.
MFA_REQUIRED_FOR_CUSTOMS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portail Douane"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# --- Language and time ------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Africa/Bamako"
# Whose public holidays count as days off (ISO 3166 code known to the `holidays` package; ""
# for weekends only): meetings warn of occurrences of a series that fall on one.
HOLIDAYS_COUNTRY = env.str("HOLIDAYS_COUNTRY", default="ML")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Files no web server may serve (integrity complaints' attachments): outside MEDIA_ROOT, sent
# only by views that check who asks.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
# Uploads (portal.storage): on this machine's disk under the two folders above, or, with
# S3_BUCKET set, in an S3-compatible object store (AWS S3, MinIO, Ceph) that every web host
# reaches: the uploads in S3_BUCKET, the complaints' files in S3_PRIVATE_BUCKET (by default the
# same bucket) under the `complaints/` prefix. Objects get no ACL (the bucket's policy, private,
# decides) and no URL: the portal's views read and send them.
S3_BUCKET = env.str("S3_BUCKET", default="")


def _s3_storage(bucket, location=""):
    return {
        "BACKEND": "portal.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": location,
            # Left empty: AWS itself, and boto3's own credentials (environment, instance role).
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # "path" for MinIO and most servers on a closed network (bucket in the path, not
            # in the host name).
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # A file read for a download is held in memory up to this size, on disk beyond.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


if S3_BUCKET:
    _UPLOADS = _s3_storage(S3_BUCKET)
    _PRIVATE = _s3_storage(
        env.str("S3_PRIVATE_BUCKET", default="") or S3_BUCKET, location="complaints"
    )
else:
    _UPLOADS = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _PRIVATE = {"BACKEND": "portal.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": _UPLOADS,
    "private": _PRIVATE,
    "staticfiles": {
        # Hashed, compressed names need `collectstatic`; a laptop and the tests do without.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files without collectstatic.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_MANIFEST_STRICT = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A backend named by its dotted path wins over the URL's scheme (the fault tests use one that
# writes each message to its own file, slowly enough to kill a worker in the middle of a batch).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Portail Douane <noreply@douane.gouv.ml>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where answers to the portal's e-mails go: a mailbox someone reads (DEFAULT_FROM_EMAIL is a
# no-reply address). Meeting e-mails answer to the organiser's unit when it has an address.
DEFAULT_REPLY_TO_EMAIL = env.str(
    "DEFAULT_REPLY_TO_EMAIL", default="Portail Douane <portail@douane.gouv.ml>"
)
# The domain of every e-mail's Message-ID (and of its images' Content-IDs): the portal's own,
# fixed like CALENDAR_UID_DOMAIN, not the machine's host name.
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="portail.douane.gouv.ml")

# --- Celery -----------------------------------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    # The embedded transport: messages are files under var/celery, so a laptop needs no broker.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # kombu writes its broadcast (control) exchange here; unset, it is ./control.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker went away keeps trying to reconnect (every 30 s at most) however long
# the outage lasts, instead of exiting after Celery's default of 100 attempts (some 45 minutes).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # The one dispatcher: sends every due notification (reminders, invitations, account
    # e-mails). Rows in the database are the source of truth; this only makes it run.
    "dispatch-notifications": {
        "task": "portal.notifications.tasks.dispatch_due",
        "schedule": timedelta(seconds=env.int("NOTIFICATIONS_DISPATCH_SECONDS", default=60)),
    },
    # Outgoing webhooks: the public forums whose registration opened since (once each; does
    # nothing unless WEBHOOKS_ENABLED).
    "forums-announce-opened-registrations": {
        "task": "forums.tasks.announce_opened_registrations",
        "schedule": crontab(minute="*/5"),
    },
    # Keeps the stored status of consultations true once their closing time has passed.
    "close-expired-consultations": {
        "task": "consultations.tasks.close_expired",
        "schedule": crontab(minute=5),
    },
    # Series are expanded some 400 days ahead; this keeps their reminders made as time passes.
    "refresh-meeting-reminders": {
        "task": "meetings.tasks.refresh_reminders",
        "schedule": crontab(hour=2, minute=40),
    },
    # Expired sessions stay in the database until something deletes them.
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=47),
    },
    # The feedback survey after a forum or a dialogue body's meeting: made, launched and sent
    # once the event has ended (once each: a second run makes nothing).
    "surveys-send-feedback-surveys": {
        "task": "surveys.tasks.send_feedback_surveys",
        "schedule": crontab(minute="*/15"),
    },
    # Anonymous survey responses lose what PostgreSQL's bookkeeping kept of when they were
    # written (surveys.services.answers.mix_anonymous_responses).
    "surveys-mix-anonymous-responses": {
        "task": "surveys.tasks.mix_anonymous_responses",
        "schedule": crontab(minute="*/10"),
    },
    "purge-old-notifications": {
        "task": "portal.notifications.tasks.purge_old",
        "schedule": crontab(hour=3, minute=17),
    },
    # Monday morning: each responsible officer's digest of actions due soon, at risk or overdue
    # (one notification per officer per week, so an extra run sends nothing more).
    "actionplans-weekly-digest": {
        "task": "actionplans.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # Each working morning: the integrity unit is reminded of cases nearing a deadline, and
    # the unit's heads are told (once per deadline) of those past one.
    "integrity-complaint-deadlines": {
        "task": "integrity.tasks.complaint_deadlines",
        "schedule": crontab(day_of_week="mon-fri", hour=7, minute=0),
    },
    # The register of contacts: entries for meetings held with the private sector, and the
    # drafts past their due date published as they are, marked late.
    "integrity-publish-register": {
        "task": "integrity.tasks.publish_register",
        "schedule": crontab(hour=1, minute=25),
    },
}

# --- Open data ------------------------------------------------------------------------------

# The licence of every dataset the portal publishes (the open data page, its DCAT catalogue and
# every JSON download name it), and who publishes them.
OPEN_DATA_LICENCE_NAME = env.str(
    "OPEN_DATA_LICENCE_NAME", default="Creative Commons Attribution 4.0 International (CC BY 4.0)"
)
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_PUBLISHER = env.str(
    "OPEN_DATA_PUBLISHER", default="Direction générale des Douanes du Mali"
)

# --- Integrity ------------------------------------------------------------------------------

# A contact with the private sector is entered in the public register within this many days.
INTEGRITY_REGISTER_DUE_DAYS = env.int("INTEGRITY_REGISTER_DUE_DAYS", default=14)
# A gift or hospitality accepted above this estimated value (CFA francs) waits for a
# supervisor's approval (or an order to return it).
INTEGRITY_GIFT_APPROVAL_THRESHOLD = env.int("INTEGRITY_GIFT_APPROVAL_THRESHOLD", default=25000)
# The public gifts register names units and roles; True names the officers too.
INTEGRITY_GIFTS_SHOW_NAMES = env.bool("INTEGRITY_GIFTS_SHOW_NAMES", default=False)
# Complaints: acknowledged within, and decided within, this many working days (Monday to
# Friday) of their receipt.
INTEGRITY_ACKNOWLEDGE_DAYS = env.int("INTEGRITY_ACKNOWLEDGE_DAYS", default=5)
INTEGRITY_DECISION_DAYS = env.int("INTEGRITY_DECISION_DAYS", default=30)
# The largest file joined to a complaint (a report or a message takes up to five).
INTEGRITY_MAX_UPLOAD_BYTES = env.int("INTEGRITY_MAX_UPLOAD_BYTES", default=10_485_760)

# How many notifications one dispatcher run claims at a time, and how often a failing send is
# retried before the row is marked failed.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
# Seconds after which the rows a dispatcher claimed and has not sent are given back to the
# others (it died); a slow but alive dispatcher never sends a row given back.
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=120)
# A page that queues an e-mail due now asks a worker to send it at once rather than at beat's
# next run; the tests and the benchmarks, which run no worker, turn it off.
NOTIFICATIONS_NUDGE = True

# --- Webhooks --------------------------------------------------------------------------------

# Outgoing webhooks (portal.webhooks, docs/operations.md "Webhooks"): off unless the
# installation turns them on; then Customs' administrators configure the endpoints.
WEBHOOKS_ENABLED = env.bool("WEBHOOKS_ENABLED", default=False)
# Seconds an endpoint has to answer one delivery before the attempt counts as failed.
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=5.0)
# Failed attempts in a row after which an endpoint is switched off (and its officers told).
WEBHOOKS_MAX_FAILURES = env.int("WEBHOOKS_MAX_FAILURES", default=10)
# Endpoints on loopback, private or link-local addresses are refused unless this allows them
# (a receiver on the administration's own network).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)
# http:// endpoints: on a developer's machine only (and in the tests, which set it); never
# from the environment, so that no production installation signs its events in the clear.
WEBHOOKS_ALLOW_HTTP = DEBUG

# How long a registration waits for its turn at a forum's seats (the forum row's lock) before
# the person is asked to try again in a moment (a 503 with Retry-After), in seconds. Each turn
# takes a few milliseconds, so only a rush far beyond the benchmark's 500 at once reaches it.
FORUMS_LOCK_TIMEOUT = env.float("FORUMS_LOCK_TIMEOUT", default=5.0)

# When a forum's door is open (forums.services.attendance.window): a code is accepted from
# this many hours before the forum starts until this many hours after it ends, and refused
# outside, with the day and time the door opens or closed. Forums run all day in Bamako
# (about 08:30 to 17:00): 24 hours before lets an accreditation desk work the day before,
# and 6 hours after takes in the evening's reception and the paper lists keyed in that night.
CHECKIN_OPENS_HOURS_BEFORE = env.float("CHECKIN_OPENS_HOURS_BEFORE", default=24.0)
CHECKIN_CLOSES_HOURS_AFTER = env.float("CHECKIN_CLOSES_HOURS_AFTER", default=6.0)

# A consultation opens for at least this many days unless an officer justifies a shorter period.
CONSULTATIONS_MIN_PERIOD_DAYS = env.int("CONSULTATIONS_MIN_PERIOD_DAYS", default=30)

# --- Request sizes ----------------------------------------------------------------------

# The largest request body a page of text forms takes; a page whose form takes files takes its
# files on top (portal/uploads.py, @takes_files: 5 MB for the registry import, 10 MB for a
# consultation's document, 5 x 10 MB for a comment's attachments or a progress update's
# evidence). Larger requests are answered 413 before their body is read. The reverse proxy's
# own limit (nginx client_max_body_size) must let the largest through: see README.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=2_621_440)  # 2.5 MB
# The text of a form, read in memory (Django raises RequestDataTooBig past it: 413 too).
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# An uploaded file larger than this goes to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest file a consultation takes (its document, or one of a comment's attachments), and
# the largest piece of evidence of progress on an action: raise the proxy's limit with them.
CONSULTATIONS_MAX_UPLOAD_BYTES = env.int("CONSULTATIONS_MAX_UPLOAD_BYTES", default=10_485_760)
ACTIONPLANS_EVIDENCE_MAX_BYTES = env.int("ACTIONPLANS_EVIDENCE_MAX_BYTES", default=10_485_760)
# How many evidence files one progress update takes.
ACTIONPLANS_EVIDENCE_MAX_FILES = 5

# --- Security ---------------------------------------------------------------------------

# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto; SECURE_SSL_REDIRECT can then stay on without a redirect loop.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# /healthz and /metrics are asked for by the load balancer and Prometheus, often straight
# over the internal network, where a redirect to HTTPS leads nowhere.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# A form refused for its missing or stale security token gets the portal's translated 403 page.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# The language cookie is set in one place (portal.accounts.language) with these flags.
LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=SESSION_COOKIE_SECURE)
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy: no inline script or style anywhere, everything from the
# portal itself (Bootstrap's CSS uses data: images for its form controls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The camera is for the check-in page's code scanner; nothing else is ever needed.
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)

# --- API --------------------------------------------------------------------------------

# /api/v1/ (api/, docs/architecture.md "The API"): JSON only, errors as RFC 9457 problem
# details, 50 rows to a page. Rate limits per address for requests without a token and per
# token otherwise ("<number>/<second|minute|hour|day>"); a refused request answers 429 with
# Retry-After.
API_RATE_PER_ADDRESS = env.str("API_RATE_PER_ADDRESS", default="120/minute")
API_RATE_PER_TOKEN = env.str("API_RATE_PER_TOKEN", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Personal access tokens first (their 401 names the Bearer scheme), then the session of
    # someone signed in on the portal (with its CSRF check on writes).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerToken",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone may read what the view's visible_to querysets give them; a read-only token
    # writes nothing (403 insufficient_scope).
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.ScopedWrites"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerAddress", "api.throttling.PerToken"],
    "DEFAULT_THROTTLE_RATES": {"address": API_RATE_PER_ADDRESS, "token": API_RATE_PER_TOKEN},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Customs–Private Sector Portal API",
    "DESCRIPTION": (
        "Read the portal's public data (forums, calendar, consultations, commitments, the "
        "register of contacts, the directory) without an account; with a personal access "
        "token, what its owner may see, and report an action's progress. Errors are RFC 9457 "
        "problem details in the language of Accept-Language."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a `status`: each its own enum, by name.
    "ENUM_NAME_OVERRIDES": {
        "ForumStatusEnum": "forums.models.Forum.Status",
        "RegistrationStatusEnum": "forums.models.Registration.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "OrganizationStatusEnum": "stakeholders.models.Organization.Status",
        "HiddenEnum": "api.integrity.HIDDEN",
    },
}
# Public reads are open to every origin (no cookies: credentials are never allowed); writes
# are not open to pages of other sites.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language", "Link"]

# --- Metrics ----------------------------------------------------------------------------

# /metrics (portal/metrics.py) answers a request carrying `Authorization: Bearer
# <METRICS_TOKEN>`, or one from an address of these (addresses or networks, the visitor's
# address behind TRUSTED_PROXY_COUNT proxies); anyone else gets a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = [
    entry.strip()
    for entry in env.str("METRICS_ALLOWED_IPS", default="127.0.0.1,::1").split(",")
    if entry.strip()
]
for _entry in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_entry!r} is not an address or a network ({_error})"
        ) from None

# --- Logging and errors --------------------------------------------------------------------

# portal/logs.py: every record carries its request's id; LOG_FORMAT=json writes one JSON
# object a line, text (the default) lines for a person. The worker and beat log the same way.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
# Errors go to a Sentry-compatible server (Sentry, or a self-hosted GlitchTip) when SENTRY_DSN
# is set, personal data scrubbed (portal.logs.scrub_event); otherwise, with ADMINS set (e-mail
# addresses, comma-separated), each error is e-mailed to them, from SERVER_EMAIL. Either way
# the log has it, with its traceback and request id.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
ADMINS = [(address, address) for address in env.list("ADMINS", default=[])]
LOGGING = logs.logging_config(
    log_format=LOG_FORMAT,
    level=env.str("LOG_LEVEL", default="INFO"),
    admins=bool(ADMINS) and not SENTRY_DSN,
)
# Python's warnings (a library's deprecation, WhiteNoise's missing folder) are log records
# too, written in LOG_FORMAT, rather than bare lines on standard error.
logging.captureWarnings(True)
if SENTRY_DSN:
    logs.init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )
