"""The API fuzzed against its own OpenAPI schema (schemathesis): every operation of
/api/v1/schema/, called through the WSGI application with a bounded number of generated
requests, valid and not, on a little data of every kind; no answer is a 500, and every answer
conforms to the schema (a documented status code, its content type, its body's schema)."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from actionplans import services as actionplans
from api.throttling import PerAddress
from consultations.services import comments
from integrity.services import register
from portal.accounts.models import Unit
from portal.wsgi import application
from tests.actionplans.factories import ActionFactory
from tests.consultations import factories as consultations
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.forums.factories import ForumFactory
from tests.meetings.factories import MeetingFactory

# Not checked: that every request the schema allows answers 2xx. A filter naming a dialogue
# body, a plan, a unit or an organisation that does not exist (or that the reader may not see)
# is refused with 400 as on the pages, which no schema can say; every other check runs.
# Enough to reach every parameter and a few of their edges; the whole run stays well under a
# minute on two cores.
EXAMPLES = 20
# The WSGI test client sets no address (the rate limits count per address), and does not
# uncompress what the portal's GZip middleware compresses.
CLIENT = {"REMOTE_ADDR": "192.0.2.10"}
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def seeded(db, settings):
    """A little of everything the public API shows."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer = OfficerFactory(unit=Unit.objects.create(name="Bureau de Kayes"))
    company = OrganizationFactory(name="Comptoir Sahel Import", verified=True)
    ForumFactory(slug="jid-2027")
    MeetingFactory(title="Comité national de facilitation")
    consultation = consultations.opened(officer)
    comments.submit_comment(
        consultation,
        author=representative_of(company),
        body="Avis publié",
        publication="named",
        section=consultations.section(consultation),
        on_behalf=True,
    )
    action = ActionFactory(partners=[company])
    actionplans.record_progress(
        action,
        acting_user=action.responsible,
        date=timezone.localdate(),
        percent=30,
        narrative="Avancée",
    )
    register.log_contact(
        acting_user=officer,
        kind="visit",
        contact_date=timezone.localdate() - timedelta(days=2),
        organizations=[company],
        unit=officer.unit,
        subject="Visite d’entrepôt",
        outcome="Compte rendu publié",
        publish=True,
    )


@pytest.fixture
def whole_requests():
    """The WSGI application as a server runs it, but in the test's transaction: as Django's
    test client does, the end of a request does not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(seeded, whole_requests, monkeypatch):
    # No rate limit trips the run (the limits are tested in test_forums.py).
    monkeypatch.setattr(
        PerAddress, "THROTTLE_RATES", {"address": "100000/minute", "token": "100000/minute"}
    )
    cache.clear()
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", application, headers={"Accept-Language": "en"}, environ_base=CLIENT
    )


def operations():
    """Every operation of the schema, as (path, method), read from the schema's generator."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted((path, method.upper()) for path, item in paths.items() for method in item)


@pytest.mark.parametrize(("path", "method"), operations())
def test_every_operation_answers_as_its_schema_says(api_schema, path, method):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def answers_as_documented(case):
        case.call_and_validate(
            headers=PLAIN, environ_base=CLIENT, excluded_checks=[positive_data_acceptance]
        )

    answers_as_documented()
