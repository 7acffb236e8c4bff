"""Personal access tokens on the account page: made (the key shown once, only its hash kept),
listed, revoked; listed and revoked in the admin; dead with their owner's deactivation."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts import tokens
from portal.accounts.models import PersonalAccessToken
from tests.factories import OfficerFactory, RepresentativeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

PAGE = "/me/tokens/"
API = "/api/v1/me/registrations/"
KEY = re.compile(r'id="new-token-key">(pat_[A-Za-z0-9]{40})<')


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client):
    person = RepresentativeFactory()
    client.force_login(person)

    answer = client.post(PAGE, {"name": "Tableur", "scope": "read", "expiry_days": "90"})

    assert answer.status_code == 200
    key = KEY.search(answer.content.decode()).group(1)
    token = PersonalAccessToken.objects.get(user=person)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.digest, token.prefix, token.name}
    assert key.startswith(token.prefix)
    assert token.scope == "read"
    assert token.expires_at - token.created_at == timedelta(days=90)
    # Never again: not on the list, not in the session.
    again = client.get(PAGE).content.decode()
    assert key not in again
    assert "Tableur" in again and f"{token.prefix}…" in again
    assert key not in str(dict(client.session))
    # And it opens the API for its owner.
    assert client.logout() is None
    assert client.get(API, **bearer(key)).status_code == 200


def test_the_expiry_is_one_of_three_choices_and_defaults_to_ninety_days(client):
    person = RepresentativeFactory()
    client.force_login(person)

    page = client.get(PAGE).content.decode()
    assert re.search(r'<option value="90"[^>]*selected', page)
    refused = client.post(PAGE, {"name": "Long", "scope": "read", "expiry_days": "1000"})
    assert refused.status_code == 200
    assert not PersonalAccessToken.objects.exists()
    assert 'id="new-token-key"' not in refused.content.decode()
    client.post(PAGE, {"name": "Court", "scope": "write", "expiry_days": "30"})
    token = PersonalAccessToken.objects.get()
    assert (token.scope, (token.expires_at - token.created_at).days) == ("write", 30)


def test_the_owner_revokes_a_token_and_nobody_else_can(client):
    person, other = RepresentativeFactory(), RepresentativeFactory()
    token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    client.force_login(other)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert client.get(API, **bearer(key)).status_code == 200

    client.force_login(person)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(API, **bearer(key)).status_code == 401


def test_officers_make_tokens_behind_their_second_factor(client):
    from django.test import Client

    officer = OfficerFactory()
    without_code = Client()
    without_code.force_login(officer)  # signed in, no TOTP code given in this session
    assert without_code.get(PAGE).status_code == 302
    assert PersonalAccessToken.objects.count() == 0

    client.force_login(officer)  # with the code
    answer = client.post(PAGE, {"name": "Indicateurs", "scope": "write", "expiry_days": "365"})
    assert KEY.search(answer.content.decode())


def test_a_deactivated_account_s_tokens_open_nothing_and_stay_revoked(client):
    person = RepresentativeFactory()
    _token, key = tokens.create_token(acting_user=person, name="Script", scope="read")
    admin = SuperuserFactory()
    client.force_login(admin)
    change = f"/admin/accounts/user/{person.pk}/change/"
    form = client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(is_active="", groups=[], user_permissions=[])
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("password", None)
    data = {k: v for k, v in data.items() if k != "is_active"}
    answer = client.post(change, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    person.refresh_from_db()
    assert not person.is_active
    assert PersonalAccessToken.objects.get(user=person).revoked_at is not None

    person.is_active = True  # reactivated: the token stays dead
    person.save()
    client.logout()
    assert client.get(API, **bearer(key)).status_code == 401


def test_the_admin_lists_and_revokes_but_neither_adds_nor_edits(client):
    person = RepresentativeFactory()
    token, _key = tokens.create_token(acting_user=person, name="Script", scope="read")
    client.force_login(SuperuserFactory())

    listing = client.get("/admin/accounts/personalaccesstoken/")
    assert listing.status_code == 200 and "Script" in listing.content.decode()
    assert client.get("/admin/accounts/personalaccesstoken/add/").status_code == 403
    answer = client.post(
        "/admin/accounts/personalaccesstoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_expired_token_is_marked_so_on_the_list(client):
    person = RepresentativeFactory()
    token, _key = tokens.create_token(acting_user=person, name="Vieux", scope="read")
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(person)
    row = re.search(
        rf'<tr data-token="{token.pk}">.*?</tr>', client.get(PAGE).content.decode(), re.S
    )
    assert row and "revoke/" not in row.group(0)
