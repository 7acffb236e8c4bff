import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests make many accounts and never check password strength or hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def restore_database_after_module(django_db_setup, django_db_blocker):
    """Put back the migrated data (groups, site) after a module of transactional tests.

    A transactional test empties the tables when it ends; tests that run later in the same
    process (the browser tests, for one) expect the data the migrations made.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        from django.contrib.auth.models import Group

        contents = getattr(connection, "_test_serialized_contents", None)
        if contents and not Group.objects.exists():
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(contents)
