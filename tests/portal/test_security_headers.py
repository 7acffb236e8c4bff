import re

import pytest
from django.urls import reverse

from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


@pytest.mark.parametrize(
    "name", ["home", "account_login", "account_signup", "account_reset_password"]
)
def test_public_pages_send_a_strict_content_security_policy(client, name):
    response = client.get(reverse(name))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("name", ["home", "account_login", "account_signup"])
def test_pages_have_no_inline_script_or_style(client, name):
    body = client.get(reverse(name)).content.decode()

    assert not INLINE_SCRIPT.search(body)
    assert not STYLE_ATTRIBUTE.search(body)


def test_dashboard_has_no_inline_script_or_style(client):
    client.force_login(OfficerFactory())

    body = client.get(reverse("dashboard")).content.decode()

    assert not INLINE_SCRIPT.search(body)
    assert not STYLE_ATTRIBUTE.search(body)


def test_referrer_and_permissions_policies_are_sent(client):
    response = client.get(reverse("home"))

    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "name", ["dashboard", "stakeholders:export", "meetings:public_feed", "stakeholders:directory"]
)
def test_whatever_a_signed_in_officer_gets_is_stored_nowhere(client, name):
    # Their pages, their exports, and even public ones: what a signed-in person gets may
    # carry their name, their navigation, their data.
    client.force_login(OfficerFactory())

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_persons_redirects_are_stored_nowhere_either(client):
    client.force_login(OfficerFactory())

    response = client.get(reverse("account_login"))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["home", "stakeholders:directory_export", "meetings:public_feed"])
def test_public_pages_and_exports_stay_cacheable_for_visitors(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
