import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The demo makes a few dozen accounts; hashing is tested with the real hasher in
    # tests/accounts, and signing in with a demo password works with either hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
