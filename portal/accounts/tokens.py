"""Personal access tokens: made, checked and revoked here, and nowhere else.

A key is `pat_` followed by 40 random characters (238 bits). Only its SHA-256 is stored: a key
is found by the hash of what a program presents (a unique index), so no stored secret is ever
compared character by character, and a copy of the database opens nothing. The key is given
to its owner once, when it is made (`create_token` returns it), and never again.

A token acts for its owner within its scope (READ: GET and HEAD only; WRITE: also the writes
the owner may make through the API) until it expires (EXPIRY_DAYS: 30, 90 or 365 days after it
was made), it is revoked, or its owner is deactivated (then every token of theirs is revoked,
and a token of an inactive account opens nothing in any case).

Customs officers may make tokens too, but a token never carries the second factor that their
sessions need: the API therefore serves an officer's token only what it serves any officer
(the registry without internal notes or the mapping, a forum's registrations, actions'
progress), and nothing the integrity unit or the mapping keeps.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import PersonalAccessToken

PREFIX = "pat_"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
LENGTH = 40
EXPIRY_DAYS = (30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
# last_used_at is written at most this often per token: a busy program costs no write per call.
LAST_USED_EVERY = timedelta(minutes=1)


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def new_key():
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def looks_like_key(key):
    return (
        isinstance(key, str)
        and len(key) == len(PREFIX) + LENGTH
        and key.startswith(PREFIX)
        and all(char in ALPHABET for char in key[len(PREFIX) :])
    )


def create_token(*, acting_user, name, scope, expiry_days=DEFAULT_EXPIRY_DAYS):
    """Make a token for `acting_user`; returns (token, key). The key is not kept anywhere."""
    if not (acting_user.is_authenticated and acting_user.is_active):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if scope not in PersonalAccessToken.Scope.values:
        raise ValidationError(_("Choose the token’s scope."))
    if expiry_days not in EXPIRY_DAYS:
        raise ValidationError(_("Choose when the token expires."))
    key = new_key()
    now = timezone.now()
    with transaction.atomic():
        token = PersonalAccessToken.objects.create(
            user=acting_user,
            name=name[:100],
            digest=digest(key),
            prefix=key[: len(PREFIX) + 4],
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=expiry_days),
        )
    return token, key


def revoke_token(token, *, acting_user):
    """Revoke `token`: its owner may, and so may a superuser (from the admin)."""
    if not (acting_user.is_authenticated and acting_user.is_active):
        raise PermissionDenied
    with transaction.atomic():
        locked = PersonalAccessToken.objects.select_for_update().filter(pk=token.pk).first()
        if locked is None or (locked.user_id != acting_user.pk and not acting_user.is_superuser):
            raise PermissionDenied
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    return locked


def revoke_all(user):
    """Revoke every live token of `user` (their account is being deactivated)."""
    return PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def authenticate(key):
    """The live token whose key is `key`, with its user; None for anything else. Marks the
    token used (at most once a minute)."""
    if not looks_like_key(key):
        return None
    now = timezone.now()
    token = (
        PersonalAccessToken.objects.alive(now)
        .select_related("user")
        .filter(digest=digest(key))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # A conditional update: two requests in the same second write once.
        stale = now - LAST_USED_EVERY
        PersonalAccessToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
