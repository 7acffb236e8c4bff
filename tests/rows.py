"""Every row the portal keeps, to see that a request changed nothing (or what it changed)."""

from django.apps import apps
from django.contrib.sessions.models import Session


def _plain(value):
    # PostgreSQL hands binary columns back as memoryview, whose repr changes at every read.
    return bytes(value) if isinstance(value, memoryview) else value


def fingerprint():
    """Every row of every table (sessions aside), as sets of reprs, by model label."""
    return {
        model._meta.label: {
            repr(tuple(_plain(value) for value in row))
            for row in model._default_manager.values_list()
        }
        for model in apps.get_models()
        if model is not Session and not model._meta.proxy
    }


def changed_rows(before, after):
    return [row for label, rows in after.items() for row in rows - before.get(label, set())]
