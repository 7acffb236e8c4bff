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
