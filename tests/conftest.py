import importlib
import secrets

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.utils import translation

from portal.notifications import dispatcher as notifications
from tests import services
from tests.browser import a11y_page, browser, page, shoot  # noqa: F401  (fixtures)
from tests.factories import PortalClient


def pytest_collection_modifyitems(items):
    """Every transactional test leaves the database as migrations made it.

    A transactional test ends by emptying the tables, and the rows data migrations made
    (groups, sectors, integrity factors...) go with them. With a serialized rollback the
    flush keeps out the post-migrate rows and the next transactional test reloads the
    snapshot; one test without it would leave the next one a database where the snapshot
    cannot load (duplicate content types) and the seeded data is missing. So it is one rule,
    here, rather than a flag each module must remember.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


@pytest.fixture
def client():
    """pytest-django's client, whose force_login passes the second factor too (see
    tests.factories.PortalClient)."""
    return PortalClient()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.NOTIFICATIONS_NUDGE = False
    # Pages kept for visitors are drawn afresh after a commit, which a test wrapped in a
    # transaction never reaches: tests/portal/test_pagecache.py turns the cache on and commits.
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{tmp_path.name}",
        }
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language. A request through the test client
    runs in the test's own thread, and one that switches the language (a signed-in person's
    preference, the language switcher) left it switched for whatever test ran next on that
    worker: a test that reads French labels outside a request then failed, or not, by the
    order xdist gave it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def english(client):
    """For a test that reads the pages' English: the client asks for English and everyone
    the test makes has English as their language (a signed-in person's preference wins over
    the browser's, and the accounts are made French by default)."""
    from django.db.models.signals import pre_save

    from portal.accounts.models import User

    def in_english(sender, instance, **kwargs):
        instance.language = "en"

    pre_save.connect(in_english, sender=User, weak=False, dispatch_uid="tests-english")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    translation.activate("en")
    yield
    pre_save.disconnect(sender=User, dispatch_uid="tests-english")


@pytest.fixture
def redis_cache(settings, worker_id):
    """The portal's Redis cache as portal/settings.py configures it, on the run's Redis but
    under a key prefix of this test's own, emptied at the end: tests running at the same time
    (xdist workers) or after it never see its keys. Mark the test `redis`."""
    url = services.require_redis()
    production = importlib.import_module("portal.settings")
    prefix = f"test-{worker_id}-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {**production.REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": prefix},
        "database": production.DATABASE_CACHE,
    }
    yield caches["default"]
    caches["default"].clear()  # only this prefix's keys (portal.cache.RedisCache.clear)


@pytest.fixture(autouse=True)
def _markers(request):
    if request.node.get_closest_marker("postgres"):
        services.require_postgres()
    if request.node.get_closest_marker("redis"):
        services.require_redis()


@pytest.fixture
def deliver():
    """Run the notification dispatcher, as Celery beat would, and return the sent e-mails."""

    def run():
        before = len(mail.outbox)
        notifications.dispatch_due()
        return mail.outbox[before:]

    return run
