"""Shared fixtures for the action-plan tests that need a real transaction."""

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    """The test database as migrations left it (groups, integrity factors, sectors...).

    Taken when first asked for, before any transactional test of this worker emptied the
    database: pytest-django runs transactional tests after the others, and these modules
    come first in the collection order.
    """
    with django_db_blocker.unblock():
        return connections[DEFAULT_DB_ALIAS].creation.serialize_db_to_string()


@pytest.fixture(scope="module")
def restore_migrated_data(migrated_data, django_db_blocker):
    """Put back what migrations made once the module's transactional tests are done.

    A transactional test ends by emptying the database; the transactional tests that follow
    (the browser tests) expect the groups and other rows that data migrations made.
    """
    yield
    with django_db_blocker.unblock():
        # Empty it without the post-migrate rows (content types, permissions) that the last
        # flush made afresh, then load the whole snapshot back.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(migrated_data)
