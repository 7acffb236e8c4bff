"""Authentication backends that load the signed-in user with what every request needs.

The user is read once per request anyway; reading whether they have a second factor in the
same query spares the second-factor check (portal.middleware) a query on every page.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from portal.accounts.models import User


def _load(backend, user_id):
    has_totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    user = User._default_manager.annotate(has_totp=Exists(has_totp)).filter(pk=user_id).first()
    return user if user is not None and backend.user_can_authenticate(user) else None


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        return _load(self, user_id)


class PortalAllauthBackend(AllauthBackend):
    def get_user(self, user_id):
        return _load(self, user_id)
