import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The forums' tests make many accounts; a fast hasher keeps them quick (sign-in is
    # tested with the real hasher in tests/accounts).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(client):
    # The portal speaks French unless asked; these tests read the English texts (the French
    # page is tested by asking for it).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
