"""Action progress through the API: read by officers, reported with a read-and-write token by
whoever may report on the action (the page's form and service), shown on the action's page."""

from decimal import Decimal

import pytest
from django.utils import timezone

from portal.accounts import tokens
from tests.actionplans.factories import ActionFactory
from tests.factories import EditorFactory, OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db


def bearer(user, scope="write"):
    _token, key = tokens.create_token(acting_user=user, name="Système", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client, action, data, auth):
    return client.post(
        f"/api/v1/actions/{action.pk}/progress/", data, content_type="application/json", **auth
    )


def test_the_responsible_officer_reports_an_indicator_value_seen_on_the_action_page(client):
    officer = OfficerFactory()
    action = ActionFactory(
        responsible=officer, indicator_name="Délai moyen", indicator_unit="heures"
    )
    today = str(timezone.localdate())

    answer = post(
        client,
        action,
        {"date": today, "percent": 35, "indicator_value": "41.5", "narrative": "Relevé SYDONIA."},
        bearer(officer),
    )

    assert answer.status_code == 201, answer.content
    assert answer.json()["percent"] == 35
    update = action.updates.get()
    assert (update.indicator_value, update.author) == (Decimal("41.50"), officer)
    action.refresh_from_db()
    assert action.status == "in_progress"
    listed = client.get(f"/api/v1/actions/{action.pk}/progress/", **bearer(officer, "read"))
    assert [row["narrative"] for row in listed.json()["results"]] == ["Relevé SYDONIA."]
    client.force_login(officer)
    page = client.get(f"/action-plans/actions/{action.pk}/")
    assert "Relevé SYDONIA." in page.content.decode()


def test_bad_input_is_a_problem_with_errors_and_records_nothing(client):
    officer = OfficerFactory()
    action = ActionFactory(responsible=officer)
    auth = bearer(officer)
    tomorrow = str(timezone.localdate() + timezone.timedelta(days=1))

    answer = post(client, action, {"date": tomorrow, "percent": 140}, auth)

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    errors = answer.json()["errors"]
    assert {"date", "percent", "narrative"} <= set(errors)
    # An action without an indicator takes no indicator value.
    today = str(timezone.localdate())
    data = {"date": today, "percent": 5, "narrative": "x", "indicator_value": "3"}
    refused = post(client, action, data, auth)
    assert refused.status_code == 400
    assert "non_field_errors" in refused.json()["errors"]
    assert post(client, action, ["not", "an", "object"], auth).status_code == 400
    assert not action.updates.exists()


def test_only_whoever_may_report_on_the_action_may(client):
    responsible, other = OfficerFactory(), OfficerFactory()
    action = ActionFactory(responsible=responsible)
    data = {"date": str(timezone.localdate()), "percent": 10, "narrative": "Fait."}

    # Another officer reads the progress, but may not report it: 404, as the page.
    assert client.get(f"/api/v1/actions/{action.pk}/progress/", **bearer(other)).status_code == 200
    assert post(client, action, data, bearer(other)).status_code == 404
    # An editor may report on any action.
    assert post(client, action, data, bearer(EditorFactory())).status_code == 201
    # A representative, even a partner of the action: 404; a visitor: 401.
    rep = representative_of(OrganizationFactory())
    action.partners.add(rep.memberships.get().organization)
    assert client.get(f"/api/v1/actions/{action.pk}/progress/", **bearer(rep)).status_code == 404
    assert post(client, action, data, bearer(rep)).status_code == 404
    assert client.get(f"/api/v1/actions/{action.pk}/progress/").status_code == 401
    assert action.updates.count() == 1
