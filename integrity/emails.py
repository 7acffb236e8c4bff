"""The e-mails the integrity registers send, rendered at send time by the notification
dispatcher (in the recipient's language). One section per register."""

from django.conf import settings
from django.urls import reverse

from portal.notifications import registry
from portal.notifications.emails import render_email


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


# --- Gifts, hospitality, conflicts of interest ----------------------------------------------
#
# Each renderer re-reads its row and returns None when the e-mail no longer applies (a version
# reviewed or corrected before a supervisor was told; a supervisor no longer one).


def _gift_version(notification):
    from integrity.models import GiftVersion

    return (
        GiftVersion.objects.select_related("declaration__declarant", "organization", "unit")
        .filter(pk=notification.target_id)
        .first()
    )


@registry.renderer("integrity.gift_review_needed")
def render_gift_review_needed(notification):
    from integrity.models import GiftVersion
    from portal import permissions

    version = _gift_version(notification)
    recipient = notification.recipient
    if version is None or recipient is None or not permissions.is_gift_supervisor(recipient):
        return None
    if not GiftVersion.objects.awaiting_review().filter(pk=version.pk).exists():
        return None  # reviewed or corrected since
    context = {
        "version": version,
        "declaration": version.declaration,
        "threshold": settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD,
        "url": _absolute(reverse("integrity:gift_review", args=[version.declaration_id])),
    }
    return render_email("integrity-gift_review_needed", notification.email, context)


@registry.renderer("integrity.gift_decision")
def render_gift_decision(notification):
    from integrity.models import GiftReview

    review = (
        GiftReview.objects.select_related("version__declaration__declarant", "reviewer")
        .filter(pk=notification.target_id)
        .first()
    )
    if review is None:
        return None
    context = {
        "review": review,
        "version": review.version,
        "declaration": review.version.declaration,
        "url": _absolute(review.version.declaration.get_absolute_url()),
    }
    return render_email("integrity-gift_decision", notification.email, context)
