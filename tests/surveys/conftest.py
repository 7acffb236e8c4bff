import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The forums' tests make many accounts; a fast hasher keeps them quick (sign-in is
    # tested with the real hasher in tests/accounts).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
