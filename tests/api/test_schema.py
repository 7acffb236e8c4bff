"""The OpenAPI schema the portal serves (/api/v1/schema/): valid OpenAPI 3, and every operation
documented: a summary, and its refusals as problem details."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(client):
    answer = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    return yaml.safe_load(answer.content)


def test_the_served_schema_is_valid_openapi(served):
    validate(served)
    assert served["openapi"].startswith("3.")


def test_every_operation_has_a_summary_and_problem_details_for_its_refusals(served):
    operations = [
        (path, method, operation)
        for path, item in served["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 15
    problem = served["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "instance"} <= set(problem["required"])
    for path, method, operation in operations:
        assert operation.get("summary"), (path, method)
        for status in ("400", "404", "429"):
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (path, method, status)
            assert content["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }


def test_the_schema_is_drawn_once_per_language_and_each_reader_gets_their_own(client):
    """The schema is kept per language (api.docs.Schema): a French reader after an English one
    gets the French drawing, and a `version` or an unknown `lang` adds no drawing of its own."""
    from api.docs import Schema

    Schema.drawn.clear()
    english = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en").content
    french = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert english != french
    assert client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en").content == english
    assert client.get("/api/v1/schema/?lang=fr", HTTP_ACCEPT_LANGUAGE="en").content == french
    client.get("/api/v1/schema/?version=9&lang=xx-unknown")
    assert set(Schema.drawn) == {"en", "fr"}
