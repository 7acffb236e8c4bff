import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests make many accounts and never check password strength or hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
