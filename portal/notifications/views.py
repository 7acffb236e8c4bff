"""The one-click unsubscribe page (portal.notifications.unsubscribe): reached from an
e-mail's link or posted by the mail program, by people who need not be signed in."""

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.notifications import unsubscribe as unsubscribing


# The page a secret link opens names its address: no cache may keep it (nor its refusal).
@never_cache
@csrf_exempt  # a mail program posts it (RFC 8058) with no session and no form of ours
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, purpose, token):
    """GET shows what the link leaves and a button; only a POST (the button, or a mail
    program's `List-Unsubscribe=One-Click`) unsubscribes: link checkers GET every link."""
    mailing = unsubscribing.get(purpose)
    if mailing is None:
        raise Http404
    try:
        email, target = unsubscribing.read(purpose, token)
    except signing.BadSignature:
        return render(
            request,
            "http_error.html",
            {
                "title": _("This unsubscribe link is not valid"),
                "message": _(
                    "The link is incomplete, altered or too old. Use the link of a more "
                    "recent e-mail, or change your preferences after signing in."
                ),
            },
            status=400,
        )
    done = request.method == "POST"
    if done:
        with transaction.atomic():
            mailing.leave(email, target)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"mailing": mailing, "email": email, "done": done},
    )
