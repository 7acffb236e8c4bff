"""Following the links of e-mails the way their recipients do: signed out, through the
sign-in page the link leads to, and back to the page."""

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, totp_code


def link_after(label, message):
    """The path of the link that follows `label` in the e-mail's text."""
    url = re.search(rf"{re.escape(label)}\s*(\S+)", message.body).group(1)
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL) :]


def sign_in_from(client, login_url, user):
    """Sign in through the form at `login_url` (its next= kept), answering the TOTP step
    when it is asked; the answer that ends the sign-in."""
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    if response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    return response


def sign_in_page_for(response, path):
    """Assert that `response` sends to the sign-in page, to come back to `path`; its URL."""
    assert response.status_code == 302
    login = urlsplit(response["Location"])
    assert login.path == reverse("account_login")
    assert parse_qs(login.query) == {"next": [path]}
    return response["Location"]
