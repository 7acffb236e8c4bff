import pytest
from django.core import mail

from portal.notifications import services as notifications
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
    settings.NOTIFICATIONS_NUDGE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{tmp_path.name}",
        }
    }


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
