"""Personal access tokens on the API: `Authorization: Bearer pat_…` (RFC 6750).

The key is checked by portal.accounts.tokens (by the hash of what is presented; unknown,
expired, revoked, or of a deactivated account: 401 with `WWW-Authenticate: Bearer`, as
problem details). The request then acts as the token's owner, with the token in
`request.auth` (the per-token rate limit counts on it). A token never carries a second factor;
portal/accounts/tokens.py says what an officer's token reads.

Scopes: `ScopedWrites` lets a read-only token through for GET, HEAD and OPTIONS only; any
other method answers 403 with `WWW-Authenticate: Bearer error="insufficient_scope"`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from portal.accounts import tokens

REALM = "api"


class BearerToken(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # no token: a visitor, or a session (SessionAuthentication)
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must read “Bearer” and the token.")
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = tokens.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is unknown, has expired or has been revoked.")
            )
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="{REALM}"'


class InsufficientScope(exceptions.PermissionDenied):
    default_detail = _("This token is read-only; this request needs a read-and-write token.")
    auth_header = f'Bearer realm="{REALM}", error="insufficient_scope", scope="write"'


class ScopedWrites(permissions.BasePermission):
    """Writes need a read-and-write token (or a signed-in session, with its CSRF check)."""

    def has_permission(self, request, view):
        token = request.auth
        if request.method in permissions.SAFE_METHODS or token is None:
            return True
        if not getattr(token, "writes", False):
            raise InsufficientScope
        return True


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerToken"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal access token (`pat_` and 40 characters), made on the account "
                "page (/me/tokens/): read-only, or read and write."
            ),
        }
