"""One-click unsubscribing (RFC 8058) from the mailings one may leave.

An e-mail of such a mailing carries `List-Unsubscribe: <https://…/unsubscribe/<purpose>/<token>/>`
and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The token is signed
(django.core.signing, salted per purpose) and names the address and, for some purposes, what
it leaves (a forum registration); nobody can make one for somebody else. A POST to the URL
unsubscribes without signing in (the mail program posts it); a GET only shows a page with a
button, since link checkers open every link of an e-mail.

The preference each purpose changes is the one its app already keeps, so there is one place
for it: the app registers it here in its AppConfig.ready() (portal never imports the apps):

    unsubscribe.register("mailings", label=_("…"), leave=withdraw_consent)

`leave(email, target)` runs in a transaction and may be called again for the same token.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "portal.notifications.unsubscribe."
# How long a link stays good: well beyond the life of any e-mail in an inbox.
MAX_AGE = 60 * 60 * 24 * 400


@dataclass(frozen=True)
class Mailing:
    purpose: str
    label: str  # what one leaves, shown on the page (a lazy translation)
    leave: object  # leave(email, target)


_mailings = {}


def register(purpose, *, label, leave):
    _mailings[purpose] = Mailing(purpose, label, leave)


def get(purpose):
    """The registered mailing, or None."""
    return _mailings.get(purpose)


def token(purpose, email, target=None):
    return signing.dumps({"e": email.lower(), "t": target}, salt=SALT + purpose, compress=True)


def read(purpose, value):
    """(email, target) named by a token of `purpose`; signing.BadSignation (SignatureExpired
    included) for a tampered, foreign or expired one."""
    data = signing.loads(value, salt=SALT + purpose, max_age=MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise signing.BadSignature("Not an unsubscribe token.")
    return data["e"], data.get("t")


def url(purpose, email, target=None):
    path = reverse("unsubscribe", args=[purpose, token(purpose, email, target)])
    return settings.SITE_URL + path


def headers(link):
    """The headers of RFC 2369 and RFC 8058 for an unsubscribe link. No mailto: the portal
    reads no mailbox, and an address a person unsubscribes by hand would not be one-click."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
