import pytest
from django.core import mail

from portal.notifications import services as notifications
from tests import services
from tests.browser import a11y_page, browser, page, shoot  # noqa: F401  (fixtures)


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
