"""The move of announcements out of portal.notifications: their content types are relabelled
in place, so what points to them (permissions, the admin's log, queued e-mails) still does."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from announcements.models import Announcement

pytestmark = pytest.mark.django_db

handover = import_module("portal.notifications.migrations.0004_announcements_app")
EDITOR = SimpleNamespace(connection=connection)


def labels():
    rows = ContentType.objects.filter(model__in=handover.MODELS)
    return {row.model: (row.pk, row.app_label) for row in rows}


def test_the_content_types_keep_their_rows_and_permissions_when_relabelled():
    before = labels()
    permission = Permission.objects.get(codename="view_announcement")

    handover.to_notifications(apps, EDITOR)
    assert labels() == {model: (pk, "notifications") for model, (pk, _) in before.items()}

    handover.to_announcements(apps, EDITOR)
    assert labels() == before
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "announcements"
    assert ContentType.objects.get_for_model(Announcement).pk == before["announcement"][0]


def test_a_row_made_under_the_new_label_meanwhile_gives_way_to_the_old_one():
    before = labels()
    handover.to_notifications(apps, EDITOR)
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="announcements", model="announcement")

    handover.to_announcements(apps, EDITOR)

    assert labels() == before
