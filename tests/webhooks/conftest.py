import pytest

from tests.factories import SuperuserFactory
from tests.webhooks.receiver import Receiver


@pytest.fixture
def webhooks_on(settings):
    """Webhooks on, and the local receiver allowed: http, on 127.0.0.1."""
    settings.WEBHOOKS_ENABLED = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    return settings


@pytest.fixture
def manager():
    return SuperuserFactory(email="integrations@douane.gouv.ml")


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def endpoint_for(url, events, *, manager, **fields):
    from portal.webhooks.models import Endpoint

    return Endpoint.objects.create(
        name="Système partenaire", url=url, events=events, created_by=manager, **fields
    )
