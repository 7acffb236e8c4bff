"""Representatives: registering for a forum, their registrations (code, QR code, cancelling),
and the link to the survey after the forum (a survey of the surveys app, see forums.feedback)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from forums import codes
from forums import feedback as forum_feedback
from forums.forms import RegistrationForm
from forums.models import SEATED, Registration
from forums.services import seats
from forums.services._common import Busy
from forums.views import visible_forum
from portal import calendar, permissions
from portal.pagination import paginate
from portal.permissions import private_sector_required
from portal.ratelimit import rate_limit

Status = Registration.Status
# Everything the list shows is in the calendar's generation; this only bounds a lost change.
MY_REGISTRATIONS_SECONDS = 3600


@private_sector_required
@rate_limit(action="forum_registration")
def register(request, slug):
    forum = visible_forum(request, slug)
    existing = (
        forum.registrations.filter(user=request.user).exclude(status=Status.CANCELLED).first()
    )
    if existing is not None:
        messages.info(request, _("You are already registered for this forum."))
        return redirect(existing)
    form = RegistrationForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = seats.register(
                forum,
                user=request.user,
                attendance_mode=data["attendance_mode"],
                sessions=data.get("sessions") or [],
                accessibility_needs=data["accessibility_needs"],
                dietary_needs=data["dietary_needs"],
                consent_to_list=data["consent_to_list"],
            )
        except seats.Refused as refusal:
            form.add_error(None, refusal)
        except Busy:
            # The person's choices stay in the form; they only have to send it again.
            form.add_error(
                None,
                _(
                    "So many people are registering for this forum right now that yours could "
                    "not be taken. Nothing was saved: please send the form again in a few "
                    "seconds."
                ),
            )
            response = _register_page(request, forum, form, status=503)
            response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
            return response
        else:
            if registration.status == Status.CONFIRMED:
                messages.success(
                    request,
                    _(
                        "Your seat is confirmed. Your check-in code is %(code)s; it is also "
                        "sent to you by e-mail."
                    )
                    % {"code": registration.display_code},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The forum is full: you are on the waiting list. We will write to you "
                        "as soon as a seat is free."
                    ),
                )
            return redirect(registration)
    return _register_page(request, forum, form)


# Told to a person whose registration met a rush (seats.Busy): the rush passes in seconds.
BUSY_RETRY_AFTER_SECONDS = 5


def _register_page(request, forum, form, status=200):
    context = {"forum": forum, "form": form, "registration_open": forum.registration_is_open()}
    return render(request, "forums/register.html", context, status=status)


def _own_registration(request, pk):
    return get_object_or_404(
        Registration.objects.with_position().select_related("forum", "organization"),
        pk=pk,
        user=request.user,
    )


@login_required
def my_registrations(request):
    """The person's registrations, kept under the calendar's generation (calendar.kept):
    drawn only from registrations and forums, whose every change renews it (a place on a
    waiting list moves with the others' registrations)."""
    registrations = (
        Registration.objects.with_position()
        .filter(user=request.user)
        .select_related("forum")
        .order_by("-forum__start")
    )
    page = request.GET.get("page", "1")
    kept = set(request.GET) <= {"page"} and page.isascii() and page.isdigit() and len(page) <= 3
    content = calendar.kept(
        request,
        f"forums:mine|{int(page)}" if kept else None,
        lambda: render_to_string(
            "forums/_my_registrations.html", {"page": paginate(request, registrations)}, request
        ),
        seconds=MY_REGISTRATIONS_SECONDS,
    )
    return render(request, "forums/my_registrations.html", {"content": content})


@login_required
def registration_detail(request, pk):
    registration = _own_registration(request, pk)
    forum = registration.forum
    return render(
        request,
        "forums/registration.html",
        {
            "registration": registration,
            "forum": forum,
            "feedback_link": forum_feedback.answer_link(forum, request.user)
            if registration.status == Status.ATTENDED
            else None,
        },
    )


@login_required
def registration_qr(request, pk):
    if permissions.is_customs(request.user):
        registration = get_object_or_404(Registration, pk=pk)
    else:
        registration = get_object_or_404(Registration, pk=pk, user=request.user)
    if registration.status not in SEATED:
        raise Http404
    # Signed in: sent with Cache-Control: private, no-store (PrivateResponsesMiddleware).
    return HttpResponse(codes.qr_svg(registration.code), content_type="image/svg+xml")


@login_required
@rate_limit(action="forum_registration")
def cancel_registration(request, pk):
    registration = _own_registration(request, pk)
    if request.method == "POST":
        try:
            seats.cancel(registration, acting_user=request.user)
        except seats.Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(registration)
    return render(
        request,
        "forums/cancel.html",
        {"registration": registration, "forum": registration.forum},
    )


def feedback(request, slug):
    """The former feedback page: its address is in e-mails already sent, so it leads to the
    forum's feedback survey (or to the forum when it has none)."""
    forum = visible_forum(request, slug)
    return redirect(forum_feedback.survey_url(forum) or forum.get_absolute_url())
