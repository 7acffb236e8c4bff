"""Previews of the forums' e-mails (portal.emailpreview): demo data built in memory, never
saved, rendered as forums.emails renders the real ones."""

from django.urls import reverse

from forums import codes
from forums.models import Forum, Registration
from portal import emailpreview
from portal.notifications.emails import content_id

CODE = "K7M29QXD"


def _forum():
    return Forum(
        title="Forum national sur les délais de dédouanement",
        slug="forum-delais-dedouanement",
        start=emailpreview.moment(21, 9),
        end=emailpreview.moment(21, 17),
        venue="Centre international de conférences",
        city="Bamako",
        status=Forum.Status.PUBLISHED,
    )


def _registration(forum, status):
    registration = Registration(
        pk=1,
        forum=forum,
        guest_name="Aminata Traoré",
        guest_email=emailpreview.ADDRESS,
        status=status,
        code=CODE,
        attendance_mode=Registration.Mode.IN_PERSON,
    )
    registration.position = 3
    return registration


@emailpreview.register(
    "forums-confirmation",
    "forums-reminder",
    "forums-waitlisted",
    "forums-cancelled",
    "forums-changed",
    "forums-forum-cancelled",
    "forums-message",
)
def forum_previews(name):
    forum = _forum()
    status = {
        "forums-waitlisted": Registration.Status.WAITING,
        "forums-cancelled": Registration.Status.CANCELLED,
    }.get(name, Registration.Status.CONFIRMED)
    if name == "forums-forum-cancelled":
        forum.status = Forum.Status.CANCELLED
    registration = _registration(forum, status)
    context = {
        "registration": registration,
        "forum": forum,
        "name": registration.person_name,
        "forum_url": forum.get_absolute_url(),
        "registration_url": reverse("forums:registration", args=[1]),
        "by_officer": True,
        "promoted": False,
    }
    kwargs = {}
    if name in ("forums-confirmation", "forums-reminder"):
        qr = (content_id(f"qr-{CODE}"), codes.qr_png(CODE), "image/png")
        context["qr_cid"] = qr[0]
        kwargs["related"] = [qr]
    if name == "forums-message":
        context.update(
            subject="Informations pratiques pour le forum",
            body="Merci d’arriver 30 minutes en avance : les portes ouvrent à 8 h 30.",
        )
        kwargs["unsubscribe"] = ("forum-messages", 1)
    return {"context": context, **kwargs}
