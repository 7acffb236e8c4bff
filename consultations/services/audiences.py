"""Telling an open consultation's audience that it is open, as that audience changes.

The invitees of a consultation are the organisations it lists and the members of the dialogue
bodies it invites (Consultation.invitees), as they are now. Whenever they may have changed (it
opens, an officer edits it, a body's membership changes), the newly invited are told once and
the closing reminders follow (consultations/notifications.py).
"""

from django.db import transaction

from consultations import notifications
from consultations.models import Consultation


def tell_invitees(consultation):
    """Tell the open consultation's invitees not yet told that it is open, and keep its closing
    reminders in step with its closing time and invitees (a former invitee's pending reminder
    is cancelled)."""
    notifications.notify_opened(consultation)
    notifications.sync_closing_reminders(consultation)


@transaction.atomic
def dialogue_body_members_changed(body):
    """A dialogue body's members changed (meetings.services.bodies.save_body calls this: the
    handler consultations.apps registers with meetings.services.bodies.on_members_changed).

    Invitation through a body follows its membership as it is now (Consultation.invitees), so
    nothing is stored here; but the open consultations the body is invited to must tell their
    new invitees that they are open, and keep the closing reminders in step (a former member's
    pending reminder is cancelled).
    """
    for consultation in Consultation.objects.filter(
        status=Consultation.Status.OPEN, invited_bodies=body
    ).order_by("pk"):
        tell_invitees(consultation)
