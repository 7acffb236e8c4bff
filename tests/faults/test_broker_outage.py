"""With Redis down the portal keeps working, and the queued e-mails go out once it is back."""

import shutil

import pytest
from celery import Celery

from portal.notifications.models import Notification
from tests import servers
from tests.factories import PASSWORD
from tests.services import _missing

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker_port():
    if not shutil.which("redis-server"):
        _missing("needs redis-server to run a Redis of the test's own")
    return servers.free_port()


def dispatch_via(redis_url):
    """What beat does every minute: ask a worker to run the dispatcher."""
    app = Celery(broker=redis_url)
    app.send_task("portal.notifications.tasks.dispatch_due")
    app.close()


def test_sign_up_works_while_the_broker_is_down_and_the_email_leaves_once_it_is_back(
    broker_port, tmp_path
):
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    with servers.gunicorn(REDIS_URL=broker, EMAIL_URL=f"filemail:///{mails}") as base:
        browser = servers.Browser(base)
        status, headers, page = browser.post_form(
            "/accounts/signup/",
            {
                "full_name": "Awa Konaté",
                "email": "awa@example.ml",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "new_organization_name": "Transports Konaté et Fils",
                "new_organization_category": "transport",
            },
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        assert headers["Location"] == "/accounts/confirm-email/"
        assert servers.get(f"{base}/")[0] == 200
        status, body = servers.get(f"{base}/healthz")
        assert status == 200 and b'"broker": "error' in body

    (queued,) = Notification.objects.filter(email="awa@example.ml")
    assert queued.status == Notification.Status.PENDING

    with (
        servers.redis_server(broker_port),
        servers.celery_worker(REDIS_URL=broker, EMAIL_URL=f"filemail:///{mails}"),
    ):
        dispatch_via(broker)
        assert servers.wait_for(
            lambda: Notification.objects.get(pk=queued.pk).status == Notification.Status.SENT
        )

    (sent,) = list(mails.iterdir())
    assert "awa@example.ml" in sent.read_text()
    assert "/accounts/confirm-email/" in sent.read_text()
