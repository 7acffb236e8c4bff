"""Thin views: who may do it, a form, one service call."""

from datetime import timedelta

from allauth.decorators import rate_limit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import codes, exports, stats
from forums.forms import (
    CheckinForm,
    FeedbackForm,
    ForumForm,
    GuestForm,
    HoldSeatsForm,
    MessageForm,
    OfficerCancelForm,
    RegistrationFilterForm,
    RegistrationForm,
    SessionForm,
)
from forums.models import SEATED, Feedback, Forum, Registration, Session
from forums.providers import entry_for
from forums.services import attendance, editing, messaging, seats, survey
from portal import agenda, permissions
from portal.ical import calendar_bytes, google_calendar_url, outlook_calendar_url
from portal.permissions import (
    checkin_required,
    customs_required,
    private_sector_required,
    visitors_sign_in_first,
)
from stakeholders.models import Organization

PER_PAGE = 25
Status = Registration.Status


def _page(request, items):
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


def _query(request):
    """The request's query string without the page number, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _visible_forum(request, slug, queryset=None):
    queryset = queryset if queryset is not None else Forum.objects.all()
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def _programme(user):
    """The sessions with their speakers and the consultations on their agenda that `user`
    may see (as session.agenda_consultations)."""
    return Prefetch(
        "sessions",
        queryset=Session.objects.prefetch_related(
            Prefetch("speakers", queryset=_contacts()), agenda.visible_consultations(user)
        ),
    )


def _contacts():
    from stakeholders.models import Contact

    return Contact.objects.only("id", "name")


def _days(sessions):
    """The programme grouped by day, in the viewer's time zone."""
    days = []
    for session in sessions:
        day = timezone.localtime(session.start).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(session)
    return days


# --- Public pages -----------------------------------------------------------------------


def forum_list(request):
    forums = Forum.objects.visible_to(request.user).with_counts()
    past = request.GET.get("when") == "past"
    forums = forums.past().order_by("-start") if past else forums.upcoming().order_by("start")
    # A NUL byte cannot reach PostgreSQL in a query; nobody searches for one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if query:
        forums = forums.filter(
            Q(title__icontains=query) | Q(theme__icontains=query) | Q(city__icontains=query)
        )
    return render(
        request,
        "forums/list.html",
        {"page": _page(request, forums), "past": past, "search": query, "query": _query(request)},
    )


@visitors_sign_in_first
def forum_detail(request, slug):
    forum = _visible_forum(
        request,
        slug,
        Forum.objects.with_counts().prefetch_related(
            _programme(request.user),
            # An organisation Customs has not verified is never named to others.
            Prefetch(
                "partner_organizations",
                Organization.objects.filter(
                    pk__in=Organization.objects.visible_to(request.user).values("pk")
                ),
            ),
        ),
    )
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.with_position().filter(forum=forum, user=request.user).first()
        )
    entry = entry_for(forum)
    context = {
        "forum": forum,
        "days": _days(forum.sessions.all()),
        "registration": registration,
        "registration_open": forum.registration_is_open(),
        "not_yet_open": timezone.now() < forum.registration_opens_at,
        "can_register": permissions.is_private_sector(request.user)
        or not request.user.is_authenticated,
        "is_officer": permissions.is_customs(request.user),
        "google_url": google_calendar_url(entry),
        "outlook_url": outlook_calendar_url(entry),
    }
    return render(request, "forums/detail.html", context)


def programme(request, slug):
    forum = _visible_forum(request, slug, Forum.objects.prefetch_related(_programme(request.user)))
    return render(
        request, "forums/programme.html", {"forum": forum, "days": _days(forum.sessions.all())}
    )


def forum_ics(request, slug):
    forum = _visible_forum(request, slug)
    seated = (
        request.user.is_authenticated
        and forum.registrations.filter(user=request.user, status__in=SEATED).exists()
    )
    entry = entry_for(forum, with_link=seated or permissions.is_customs(request.user))
    response = HttpResponse(
        calendar_bytes([entry], name=forum.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{forum.slug}.ics"'
    return response


@login_required
def participants(request, slug):
    forum = _visible_forum(request, slug)
    people = (
        forum.registrations.filter(status__in=SEATED, consent_to_list=True)
        .select_related("user", "organization")
        .order_by("organization__name", "user__full_name", "guest_name")
    )
    return render(
        request, "forums/participants.html", {"forum": forum, "page": _page(request, people)}
    )


# --- Representatives --------------------------------------------------------------------


@private_sector_required
@rate_limit(action="forum_registration")
def register(request, slug):
    forum = _visible_forum(request, slug)
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
    return render(
        request,
        "forums/register.html",
        {"forum": forum, "form": form, "registration_open": forum.registration_is_open()},
    )


def _own_registration(request, pk):
    return get_object_or_404(
        Registration.objects.with_position().select_related("forum", "organization"),
        pk=pk,
        user=request.user,
    )


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.with_position()
        .filter(user=request.user)
        .select_related("forum")
        .order_by("-forum__start")
    )
    return render(request, "forums/my_registrations.html", {"page": _page(request, registrations)})


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
            "can_give_feedback": registration.status == Status.ATTENDED
            and forum.has_ended()
            and not Feedback.objects.filter(registration=registration).exists(),
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


@login_required
def feedback(request, slug):
    forum = _visible_forum(request, slug, Forum.objects.prefetch_related("sessions"))
    registration = get_object_or_404(Registration, forum=forum, user=request.user)
    form = FeedbackForm(request.POST or None, forum=forum)
    done = Feedback.objects.filter(registration=registration).exists()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey.submit_feedback(
                registration,
                acting_user=request.user,
                rating=data["rating"],
                most_useful_session=data.get("most_useful_session"),
                suggestions=data["suggestions"],
            )
        except survey.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(registration)
    return render(
        request,
        "forums/feedback.html",
        {"forum": forum, "form": form, "registration": registration, "done": done},
    )


# --- Check-in ---------------------------------------------------------------------------


@checkin_required
def checkin_home(request):
    forums = (
        Forum.objects.for_checkin()
        .filter(end__gte=timezone.now() - timedelta(days=2))
        .order_by("start")[:20]
    )
    return render(request, "forums/checkin_home.html", {"forums": forums})


def _checkin_forum(slug):
    return get_object_or_404(Forum.objects.for_checkin().with_counts(), slug=slug)


@checkin_required
def checkin(request, slug):
    forum = _checkin_forum(slug)
    result = None
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = attendance.check_in(forum, form.cleaned_data["code"], acting_user=request.user)
        form = CheckinForm()  # ready for the next person
        forum = _checkin_forum(slug)
    return render(request, "forums/checkin.html", {"forum": forum, "form": form, "result": result})


@checkin_required
def checkin_counts(request, slug):
    return render(request, "forums/_checkin_counts.html", {"forum": _checkin_forum(slug)})


# --- Officers: the forum and its programme ----------------------------------------------


@customs_required
def forum_new(request):
    form = ForumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        forum = form.save(commit=False)
        editing.save_forum(
            forum,
            acting_user=request.user,
            partner_organizations=form.cleaned_data["partner_organizations"],
            invited_organizations=form.cleaned_data["invited_organizations"],
        )
        messages.success(
            request, _("The forum is saved as a draft. Add its programme, then publish it.")
        )
        return redirect("forums:manage", forum.slug)
    return render(request, "forums/forum_form.html", {"form": form})


@customs_required
def forum_edit(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = ForumForm(request.POST or None, instance=forum)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_forum(
                form.instance,
                acting_user=request.user,
                partner_organizations=form.cleaned_data["partner_organizations"],
                invited_organizations=form.cleaned_data["invited_organizations"],
            )
        except editing.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The forum is saved."))
            return redirect("forums:manage", form.instance.slug)
    return render(request, "forums/forum_form.html", {"form": form, "forum": forum})


@customs_required
def manage(request, slug):
    forum = get_object_or_404(Forum.objects.with_counts().prefetch_related("sessions"), slug=slug)
    transitions = [
        (status, Forum.Status(status).label)
        for status in Forum.Status.values
        if status in editing.TRANSITIONS[forum.status]
        and not (status == Forum.Status.HELD and timezone.now() < forum.start)
    ]
    return render(
        request,
        "forums/manage.html",
        {
            "forum": forum,
            "transitions": transitions,
            "seats_form": HoldSeatsForm(initial={"seats": forum.reserved_seats}),
            "recent_messages": forum.messages.select_related("sent_by")[:5],
        },
    )


@customs_required
@require_POST
def forum_status(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    status = request.POST.get("status", "")
    if status not in Forum.Status.values:
        raise Http404
    try:
        editing.set_forum_status(forum, status, acting_user=request.user)
    except editing.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The forum is now %(status)s.") % {"status": Forum.Status(status).label}
        )
    return redirect("forums:manage", forum.slug)


@customs_required
@require_POST
def hold_seats(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = HoldSeatsForm(request.POST)
    if form.is_valid():
        try:
            seats.hold_seats(forum, seats=form.cleaned_data["seats"], acting_user=request.user)
        except seats.Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The reserved seats are saved."))
    else:
        messages.error(request, _("Give a number of seats (0 or more)."))
    return redirect("forums:manage", forum.slug)


@customs_required
def session_edit(request, slug, pk=None):
    forum = get_object_or_404(Forum, slug=slug)
    session = get_object_or_404(Session, pk=pk, forum=forum) if pk else Session(forum=forum)
    form = SessionForm(request.POST or None, instance=session, forum=forum, user=request.user)
    if request.method == "POST" and form.is_valid():
        editing.save_session(
            form.save(commit=False),
            acting_user=request.user,
            speakers=form.cleaned_data["speakers"],
            consultations=form.cleaned_data["consultations"],
        )
        messages.success(request, _("The session is saved."))
        return redirect("forums:manage", forum.slug)
    return render(
        request, "forums/session_form.html", {"form": form, "forum": forum, "session": session}
    )


@customs_required
def session_delete(request, slug, pk):
    forum = get_object_or_404(Forum, slug=slug)
    session = get_object_or_404(Session, pk=pk, forum=forum)
    if request.method == "POST":
        editing.delete_session(session, acting_user=request.user)
        messages.success(request, _("The session is deleted."))
        return redirect("forums:manage", forum.slug)
    return render(request, "forums/session_delete.html", {"forum": forum, "session": session})


# --- Officers: registrations ------------------------------------------------------------


def _filtered_registrations(request, forum):
    form = RegistrationFilterForm(request.GET or None, forum=forum)
    registrations = (
        forum.registrations.with_position()
        .select_related("user", "organization")
        .prefetch_related("sessions")
        .order_by("arrival")
    )
    return form, form.filter(registrations)


@customs_required
def registrations(request, slug):
    forum = get_object_or_404(Forum.objects.with_counts(), slug=slug)
    form, found = _filtered_registrations(request, forum)
    return render(
        request,
        "forums/registrations.html",
        {
            "forum": forum,
            "form": form,
            "page": _page(request, found),
            "query": _query(request),
        },
    )


@customs_required
def export_csv(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    _form, found = _filtered_registrations(request, forum)
    return exports.csv_response(forum, found)


@customs_required
def export_xlsx(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    _form, found = _filtered_registrations(request, forum)
    return exports.xlsx_response(forum, found)


@customs_required
def registration_admin(request, slug, pk):
    return _registration_admin_page(request, slug, pk, OfficerCancelForm())


def _registration_admin_page(request, slug, pk, cancel_form, status=200):
    forum = get_object_or_404(Forum, slug=slug)
    registration = get_object_or_404(
        Registration.objects.with_position()
        .select_related("user", "organization", "registered_by", "checked_in_by")
        .prefetch_related("sessions"),
        pk=pk,
        forum=forum,
    )
    return render(
        request,
        "forums/registration_admin.html",
        {
            "forum": forum,
            "registration": registration,
            "events": registration.events.select_related("actor"),
            "cancel_form": cancel_form,
        },
        status=status,
    )


@customs_required
@require_POST
def officer_cancel(request, slug, pk):
    forum = get_object_or_404(Forum, slug=slug)
    registration = get_object_or_404(Registration, pk=pk, forum=forum)
    form = OfficerCancelForm(request.POST)
    if not form.is_valid():
        # The note would be cut or refused by the database: say so and keep what was typed.
        return _registration_admin_page(request, slug, pk, form)
    try:
        seats.cancel(registration, acting_user=request.user, note=form.cleaned_data["note"])
    except seats.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.") % {"name": registration.person_name},
        )
    return redirect("forums:registration_admin", forum.slug, registration.pk)


@customs_required
def guest_new(request, slug):
    forum = get_object_or_404(Forum.objects.prefetch_related("sessions"), slug=slug)
    form = GuestForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = seats.register_guest(
                forum,
                acting_user=request.user,
                name=data["name"],
                email=data["email"],
                language=data["language"],
                organization=data["organization"],
                attendance_mode=data["attendance_mode"],
                use_reserved_seat=data.get("use_reserved_seat", False),
                sessions=data.get("sessions") or [],
                accessibility_needs=data["accessibility_needs"],
                dietary_needs=data["dietary_needs"],
                consent_to_list=data["consent_to_list"],
            )
        except seats.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("%(name)s is registered (%(status)s).")
                % {"name": registration.person_name, "status": registration.get_status_display()},
            )
            return redirect("forums:registration_admin", forum.slug, registration.pk)
    return render(request, "forums/guest_form.html", {"forum": forum, "form": form})


@customs_required
def message(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = messaging.message_registrants(
            forum,
            statuses=data["statuses"],
            subject=data["subject"],
            body=data["body"],
            acting_user=request.user,
        )
        messages.success(
            request,
            _("Your message is on its way to %(count)s person(s).") % {"count": record.recipients},
        )
        return redirect("forums:manage", forum.slug)
    return render(
        request,
        "forums/message.html",
        {"forum": forum, "form": form, "sent": forum.messages.select_related("sent_by")[:10]},
    )


@customs_required
def statistics(request, slug):
    forum = get_object_or_404(Forum.objects.with_counts(), slug=slug)
    series = [("registered", _("Registered")), ("attended", _("Attended"))]
    tables = []
    for dimension, title in [
        ("category", _("By organisation category")),
        ("region", _("By region of Mali")),
        ("country", _("By country")),
    ]:
        rows = stats.breakdown(forum, dimension)
        tables.append(
            {
                "id": dimension,
                "title": title,
                "rows": rows,
                "chart": stats.bar_chart(title, rows, series),
            }
        )
    return render(request, "forums/statistics.html", {"forum": forum, "tables": tables})


@customs_required
def feedback_summary(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    summary = stats.feedback_summary(forum)
    rating_rows = [
        {"label": f"{rating}/5", "answers": count} for rating, count in summary["ratings"]
    ]
    answers = (
        Feedback.objects.filter(registration__forum=forum)
        .exclude(suggestions="")
        .select_related("registration__user", "registration__organization")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "forums/feedback_summary.html",
        {
            "forum": forum,
            "summary": summary,
            "rating_rows": rating_rows,
            "chart": stats.bar_chart(
                _("Answers by rating"), rating_rows, [("answers", _("Answers"))]
            ),
            "page": _page(request, answers),
        },
    )
