"""In a real browser: the API's documentation page renders Swagger UI from the portal's own
assets under its Content Security Policy (the `page` fixture fails on any CSP refusal or script
error), lists the operations, and is saved at phone and desktop widths."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_documentation_renders_under_the_portals_policy(page, shoot):
    page.goto(reverse("api:docs"))

    expect(page.locator(".api-intro h1")).to_be_visible()
    # Swagger UI drew the schema: its title and an operation of every resource.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    for path in ("/api/v1/calendar/", "/api/v1/consultations/{id}/report/", "/api/v1/register/"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']")).to_be_visible()
    shoot("api", "docs")
