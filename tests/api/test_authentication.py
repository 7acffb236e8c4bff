"""Personal access tokens on the API: `Authorization: Bearer`, RFC 6750 refusals as problem
details, read-only scope, last use, the per-token rate limit, the schema's security scheme."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from api.throttling import PerToken
from portal.accounts import tokens
from portal.accounts.models import PersonalAccessToken
from tests.actionplans.factories import ActionFactory
from tests.factories import OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/registrations/"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def refused_401(answer):
    assert answer.status_code == 401, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert answer.json()["title"] == "Authentication needed"
    return answer


def test_a_visitor_asking_for_a_personal_resource_gets_401_bearer(client):
    refused_401(client.get(MINE, HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda token, key: "pat_" + "x" * 40, id="unknown"),
        pytest.param(lambda token, key: key[:-1], id="malformed"),
        pytest.param(lambda token, key: key.upper(), id="other-case"),
        pytest.param(
            lambda token, key: (
                PersonalAccessToken.objects.filter(pk=token.pk).update(
                    expires_at=timezone.now() - timedelta(seconds=1)
                )
                and key
            ),
            id="expired",
        ),
        pytest.param(
            lambda token, key: tokens.revoke_token(token, acting_user=token.user) and key,
            id="revoked",
        ),
        pytest.param(
            lambda token, key: (
                type(token.user).objects.filter(pk=token.user_id).update(is_active=False) and key
            ),
            id="deactivated",
        ),
    ],
)
def test_anything_but_a_live_token_is_401(client, spoil):
    person = RepresentativeFactory()
    token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    assert client.get(MINE, **bearer(key)).status_code == 200

    refused_401(client.get(MINE, **bearer(spoil(token, key))))
    # Even on a public resource: a token that was sent must be good.
    refused_401(client.get("/api/v1/forums/", **bearer(spoil(token, key))))


def test_a_header_that_is_not_one_token_is_401(client):
    refused_401(client.get(MINE, HTTP_AUTHORIZATION="Bearer", HTTP_ACCEPT_LANGUAGE="en"))
    refused_401(client.get(MINE, HTTP_AUTHORIZATION="Bearer a b", HTTP_ACCEPT_LANGUAGE="en"))


def test_a_read_only_token_may_not_write(client):
    officer = OfficerFactory()
    action = ActionFactory(responsible=officer)
    _token, key = tokens.create_token(acting_user=officer, name="Lecture", scope="read")
    report = {"date": str(timezone.localdate()), "percent": 10, "narrative": "Fait."}

    answer = client.post(
        f"/api/v1/actions/{action.pk}/progress/",
        report,
        content_type="application/json",
        **bearer(key),
    )

    assert answer.status_code == 403
    assert 'error="insufficient_scope"' in answer["WWW-Authenticate"]
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert answer["Content-Type"] == "application/problem+json"
    assert not action.updates.exists()


def test_last_use_is_recorded_at_most_once_a_minute(client):
    person = RepresentativeFactory()
    token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    assert token.last_used_at is None

    client.get(MINE, **bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    recent = timezone.now() - timedelta(seconds=30)
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get(MINE, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == recent

    old = timezone.now() - timedelta(minutes=2)
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=old)
    client.get(MINE, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > old + timedelta(minutes=1)


def test_answers_to_a_token_are_stored_nowhere(client):
    person = RepresentativeFactory()
    _token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    answer = client.get("/api/v1/forums/", **bearer(key))
    assert answer.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in answer["Cache-Control"].split(",")}


def test_too_many_requests_with_one_token_answer_429_with_retry_after(client):
    person = RepresentativeFactory()
    _token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    _other, other_key = tokens.create_token(acting_user=person, name="Autre", scope="read")
    cache.clear()
    saved = PerToken.THROTTLE_RATES
    PerToken.THROTTLE_RATES = {**saved, "token": "2/minute"}
    try:
        assert client.get(MINE, **bearer(key)).status_code == 200
        assert client.get(MINE, **bearer(key)).status_code == 200
        refused = client.get(MINE, **bearer(key))
        # Counted per token: another token of the same person is not refused.
        other = client.get(MINE, **bearer(other_key))
    finally:
        PerToken.THROTTLE_RATES = saved
        cache.clear()

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["title"] == "Too many requests"
    assert other.status_code == 200


def test_the_schema_declares_the_bearer_scheme(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    scheme = schema["components"]["securitySchemes"]["personalAccessToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    operation = schema["paths"]["/api/v1/me/registrations/"]["get"]
    assert {"personalAccessToken": []} in operation["security"]
