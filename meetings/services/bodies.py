"""Dialogue bodies: saving one and its members, and telling the apps above of a change of
members (the `on_members_changed` provider hook)."""

from django.db import transaction

from meetings.models import DialogueBody

# What apps above meetings do when a body's members change (consultations: invite the new
# members to the consultations the body is invited to). Registered in their AppConfig.ready().
_members_changed = []


def on_members_changed(handler):
    """Call `handler(body)` whenever a dialogue body's members change, in the same transaction."""
    if handler not in _members_changed:
        _members_changed.append(handler)


def save_body(body=None, *, acting_user, members=(), **fields):
    """Create or change a dialogue body. Its members are invited to the consultations the
    body is invited to, so a change of members is passed on to them.

    `body` is the body to change, or None to create one from `fields`; an unsaved body (as the
    admin's form makes it) is created as it is."""
    with transaction.atomic():
        if body is None:
            body = DialogueBody.objects.create(**fields)
            before = set()
        else:
            for name, value in fields.items():
                setattr(body, name, value)
            body.save()
            before = set(body.members.values_list("pk", flat=True))
        body.members.set(members)
        if before != {member.pk for member in members}:
            for handler in _members_changed:
                handler(body)
    return body
