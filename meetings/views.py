"""Pages of meetings and of the shared calendar. Each view checks who may do it, validates a
form and calls one service; what a person may see comes from the `visible_to` querysets."""

import calendar as pycalendar
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from meetings import forms, tracking
from meetings.entries import entry_for
from meetings.models import (
    AgendaProposal,
    CalendarFeed,
    Commitment,
    DialogueBody,
    Invitation,
    InvitedOrganization,
    Meeting,
    MeetingRequest,
)
from meetings.services import bodies as meeting_bodies
from meetings.services import feeds, proposals, reminders, requests, scheduling
from meetings.services import invitations as meeting_invitations
from meetings.services import minutes as meeting_minutes
from portal import agenda as consultation_agenda
from portal import calendar, ical, params, permissions
from portal.markdown import render_markdown
from portal.middleware import not_stored
from portal.notifications import services as notifications
from portal.permissions import (
    customs_required,
    private_sector_required,
    signed_in_required,
    visitors_sign_in_first,
)
from stakeholders.models import Organization

PER_PAGE = 25
FEED_PAST = timedelta(days=92)
FEED_FUTURE = timedelta(days=400)

ERRORS = {
    "closed": gettext_lazy("This meeting can no longer be changed."),
    "occurrence": gettext_lazy("This occurrence does not exist."),
    "end": gettext_lazy("The meeting must end after it starts."),
    "response": gettext_lazy("Choose a reply."),
    "series": gettext_lazy("Record minutes on a single occurrence, not on the whole series."),
    "not_held": gettext_lazy(
        "Minutes can be recorded once the meeting has started, unless it was cancelled."
    ),
    "answered": gettext_lazy("This request has already been answered."),
    "replies_closed": gettext_lazy(
        "This meeting was cancelled or has already been held: it no longer takes replies."
    ),
}


def _error(request, exc):
    message = getattr(exc, "message", None) or ERRORS.get(str(exc))
    messages.error(request, str(message or _("This change is not possible.")))


def _visible(user):
    return Meeting.objects.visible_to(user)


def _page(request, items):
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


# --- The shared calendar ----------------------------------------------------------------


def _month_bounds(year, month):
    zone = timezone.get_current_timezone()
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(following, time.min, zone)
    return first, following, start, end


def month(request):
    """The month grid: weeks as rows, days as columns; on a phone it reads as a list."""
    today = timezone.localdate()
    first = params.month(request.GET, default=today)
    year, month_number = first.year, first.month
    first, following, start, end = _month_bounds(year, month_number)
    filter_form = forms.CalendarFilterForm(
        request.GET or None, user=request.user, start=start, end=end
    )
    entries = calendar.entries(request.user, start, end, **filter_form.filters())
    by_day = {}
    for entry in entries:
        day = timezone.localtime(entry.start).date()
        by_day.setdefault(day, []).append(entry)
    weeks = [
        [
            {"date": day, "in_month": day.month == month_number, "entries": by_day.get(day, [])}
            for day in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    ]
    previous = first - timedelta(days=1)
    query = _filter_query(request)
    return render(
        request,
        "meetings/calendar_month.html",
        {
            "weeks": weeks,
            "first": first,
            "today": today,
            "entries": entries,
            "filter_form": filter_form,
            "previous_url": f"?year={previous.year}&month={previous.month}{query}",
            "next_url": f"?year={following.year}&month={following.month}{query}",
            "agenda_url": f"{reverse('meetings:agenda')}?start={first.isoformat()}{query}",
            "weekdays": [_weekday(i) for i in range(7)],
            "keep": [("year", year), ("month", month_number)],
        },
    )


def _weekday(index):
    # 2024-01-01 was a Monday; the date filter names the day in the active language.
    from django.utils.dateformat import format as date_format

    return date_format(date(2024, 1, 1 + index), "l")


def _filter_query(request):
    kept = {
        name: request.GET[name]
        for name in ("kind", "body", "organization")
        if request.GET.get(name)
    }
    return f"&{urlencode(kept)}" if kept else ""


def agenda(request):
    """The agenda list: what comes up from a date, 60 days at a time."""
    first = params.day(request.GET, "start") or timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, zone)
    end = start + timedelta(days=60)
    filter_form = forms.CalendarFilterForm(
        request.GET or None, user=request.user, start=start, end=end
    )
    entries = calendar.entries(request.user, start, end, **filter_form.filters())
    query = _filter_query(request)
    return render(
        request,
        "meetings/calendar_agenda.html",
        {
            "page": _page(request, entries),
            "first": first,
            "last": (end - timedelta(days=1)).date(),
            "filter_form": filter_form,
            "previous_url": f"?start={(first - timedelta(days=60)).isoformat()}{query}",
            "next_url": f"?start={(first + timedelta(days=60)).isoformat()}{query}",
            "month_url": (
                f"{reverse('meetings:calendar')}?year={first.year}&month={first.month}{query}"
            ),
            "keep": [("start", first.isoformat())],
        },
    )


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed(user, name):
    now = timezone.now()
    entries = calendar.entries(user, now - FEED_PAST, now + FEED_FUTURE)
    return HttpResponse(
        ical.calendar_bytes(entries, name=name), content_type="text/calendar; charset=utf-8"
    )


def public_feed(request):
    """Every public entry, for anyone's calendar program."""
    response = _feed(AnonymousUser(), _("Customs–Private Sector: public calendar"))
    response["Cache-Control"] = "private, max-age=300"
    return response


def personal_feed(request, token):
    """A person's feed at a secret URL: what that person may see, nothing more."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    return not_stored(_feed(feed.user, _("Customs–Private Sector: my calendar")))


@signed_in_required
def subscribe(request):
    """The personal feed's URL, its reset, and the reminders opt-out."""
    if request.method == "POST" and "reset" in request.POST:
        feeds.reset_feed_token(request.user)
        messages.success(request, _("Your calendar link was renewed; the old one no longer works."))
        return redirect("meetings:subscribe")
    if request.method == "POST":
        form = forms.ReminderSettingsForm(request.POST)
        if form.is_valid():
            notifications.set_reminders(request.user, enabled=form.cleaned_data["reminders"])
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("meetings:subscribe")
    feed = feeds.feed_for(request.user)
    form = forms.ReminderSettingsForm(
        initial={"reminders": notifications.wants_reminders(request.user)}
    )
    return render(
        request,
        "meetings/subscribe.html",
        {
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
            "public_feed_url": request.build_absolute_uri(reverse("meetings:public_feed")),
            "form": form,
        },
    )


# --- Meetings ---------------------------------------------------------------------------


@signed_in_required
def meeting_list(request):
    """Meetings the person may see, newest first, with a search; officers manage from here."""
    search = forms.SearchForm(request.GET or None)
    meetings = _visible(request.user).filter(series__isnull=True).select_related("body")
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        meetings = meetings.filter(Q(title__icontains=q) | Q(body__name__icontains=q))
    status = request.GET.get("status")
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    meetings = meetings.annotate(invitee_count=Count("invitations")).order_by("-start", "-pk")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": _page(request, meetings),
            "search": search,
            "statuses": Meeting.Status.choices,
            "status": status,
        },
    )


def _invitation_for(user, meeting):
    if not user.is_authenticated:
        return None
    return meeting.invitations.of_user(user).first()


def _meeting_context(request, meeting, occurrence):
    user = request.user
    is_organiser = permissions.is_customs(user)
    invitation = _invitation_for(user, meeting)
    minutes_visible = bool(meeting.minutes) and (
        Meeting.objects.minutes_visible_to(user).filter(pk=meeting.pk).exists()
    )
    context = {
        "meeting": meeting,
        "occurrence": occurrence,
        "entry": entry_for(occurrence) if occurrence else None,
        "invitation": invitation,
        "rsvp_form": forms.RsvpForm(initial={"response": invitation.response})
        if invitation
        else None,
        "is_organiser": is_organiser,
        "agenda_consultations": list(consultation_agenda.on_agenda(meeting, user)),
        "minutes_html": render_markdown(meeting.minutes) if minutes_visible else "",
        "commitments": tracking.annotate(
            meeting.commitments.select_related("organization", "responsible_user"), user
        )
        if minutes_visible or is_organiser
        else [],
        "is_editor": permissions.is_editor(user),
        "proposals": meeting.proposals.select_related("organization", "proposed_by")
        if is_organiser
        else meeting.proposals.filter(proposed_by=user)
        if user.is_authenticated
        else [],
        "can_propose": bool(invitation)
        and permissions.is_private_sector(user)
        and meeting.status == Meeting.Status.SCHEDULED
        and occurrence is not None
        and not occurrence.is_past,
    }
    if occurrence:
        context["google_url"] = ical.google_calendar_url(context["entry"])
        context["outlook_url"] = ical.outlook_calendar_url(context["entry"])
    context["invited_orgs"] = meeting.invited_orgs.visible_to(user).select_related("organization")
    if is_organiser:
        context["invitations"] = meeting.invitations.select_related("organization", "user")
        context["replies"] = {
            r["response"]: r["n"]
            for r in meeting.invitations.values("response").annotate(n=Count("pk"))
        }
    return context


@visitors_sign_in_first
def meeting_detail(request, pk):
    meeting = get_object_or_404(_visible(request.user).select_related("body", "organiser"), pk=pk)
    if meeting.is_series:
        occurrence = meeting.next_occurrence()
        now = timezone.now()
        upcoming = meeting.occurrences(now - timedelta(days=1), now + reminders.REMINDER_HORIZON)
        past = meeting.detached.order_by("-start")
    else:
        occurrence, upcoming, past = meeting.occurrences()[0], [], []
    context = _meeting_context(request, meeting, occurrence)
    context.update({"upcoming": upcoming[:24], "held_occurrences": past})
    return render(request, "meetings/meeting_detail.html", context)


@visitors_sign_in_first
def occurrence_detail(request, pk, stamp):
    meeting = get_object_or_404(
        _visible(request.user).select_related("body", "organiser").exclude(recurrence=""), pk=pk
    )
    try:
        original = params.parse_stamp(stamp)
    except ValueError:
        raise Http404 from None
    detached = meeting.detached.filter(series_occurrence=original).first()
    if detached:
        return redirect(detached)
    occurrence = meeting.occurrence(original)
    if occurrence is None:
        raise Http404
    context = _meeting_context(request, meeting, occurrence)
    context["started"] = occurrence.start <= timezone.now()
    return render(request, "meetings/occurrence_detail.html", context)


def meeting_ics(request, pk):
    """The meeting (every occurrence of a series in the coming year) as an .ics file."""
    meeting = get_object_or_404(_visible(request.user).select_related("body"), pk=pk)
    if meeting.is_series:
        now = timezone.now()
        occurrences = meeting.occurrences(now - FEED_PAST, now + FEED_FUTURE)
    else:
        occurrences = meeting.occurrences()
    content = ical.calendar_bytes([entry_for(o) for o in occurrences], name=meeting.title)
    return _ics_response(content, f"meeting-{meeting.pk}.ics")


@customs_required
def meeting_create(request):
    initial = {}
    meeting_request = None
    # The meeting request being answered, from the link (GET) or the form's hidden field.
    request_pk = request.POST.get("request") if request.method == "POST" else None
    request_pk = request_pk or request.GET.get("request")
    if request_pk:
        if not request_pk.isdecimal():
            raise Http404
        meeting_request = get_object_or_404(
            MeetingRequest.objects.filter(status=MeetingRequest.Status.PENDING), pk=request_pk
        )
    if meeting_request:
        start = timezone.localtime(meeting_request.first_choice)
        initial = {
            "title": meeting_request.subject,
            "kind": Meeting.Kind.BILATERAL,
            "visibility": Meeting.Visibility.INVITEES,
            "start": start,
            "end": start + timedelta(hours=1),
            "description": meeting_request.details,
        }
    form = forms.NewMeetingForm(request.POST or None, initial=initial, user=request.user)
    if meeting_request:
        for name in ("organizations", "users", "contacts"):
            form.fields[name].help_text = _(
                "The requester and their organisation are invited in any case."
            )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invitees = {n: data.pop(n) for n in ("organizations", "users", "contacts")}
        if meeting_request:
            try:
                meeting_request = requests.accept_request(
                    meeting_request, acting_user=request.user, **data, **invitees
                )
            except requests.MeetingError as exc:
                _error(request, exc)
                return redirect(meeting_request)
            meeting = meeting_request.meeting
        else:
            meeting = scheduling.create_meeting(acting_user=request.user, **data, **invitees)
        messages.success(
            request, _("The meeting is scheduled and the invitations are on their way.")
        )
        return redirect(meeting)
    return render(
        request, "meetings/meeting_form.html", {"form": form, "meeting_request": meeting_request}
    )


@customs_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            scheduling.update_meeting(meeting, acting_user=request.user, **data)
        except scheduling.MeetingError as exc:
            if not exc.message:
                _error(request, exc)
                return redirect(meeting)
            # What is in the way is named; the form keeps what was typed.
            form.add_error("visibility" if exc.code == "internal" else None, exc.message)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    # The form's instance was changed by validation; show the stored meeting beside it.
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@customs_required
@require_POST
def meeting_status(request, pk):
    """Cancel or postpone a meeting."""
    meeting = get_object_or_404(Meeting, pk=pk)
    action = request.POST.get("action")
    service = {"cancel": scheduling.cancel_meeting, "postpone": scheduling.postpone_meeting}.get(
        action
    )
    if service is None:
        raise Http404
    try:
        service(meeting, acting_user=request.user)
    except scheduling.MeetingError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The meeting is cancelled; the invitees are told.")
            if action == "cancel"
            else _("The meeting is postponed; the invitees are told."),
        )
    return redirect(meeting)


@customs_required
@require_POST
def occurrence_cancel(request, pk, stamp):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        scheduling.cancel_occurrence(meeting, params.parse_stamp(stamp), acting_user=request.user)
    except (scheduling.MeetingError, ValueError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("This occurrence is cancelled; the invitees are told."))
    return redirect("meetings:occurrence", pk=pk, stamp=stamp)


@customs_required
def occurrence_move(request, pk, stamp):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        occurrence = meeting.occurrence(params.parse_stamp(stamp))
    except ValueError:
        occurrence = None
    if occurrence is None:
        raise Http404
    initial = {
        "start": timezone.localtime(occurrence.start).replace(tzinfo=None),
        "end": timezone.localtime(occurrence.end).replace(tzinfo=None),
    }
    form = forms.OccurrenceMoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.move_occurrence(
                meeting, params.parse_stamp(stamp), acting_user=request.user, **form.cleaned_data
            )
        except (scheduling.MeetingError, ValueError) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("This occurrence is moved; the invitees are told."))
            return redirect("meetings:occurrence", pk=pk, stamp=stamp)
    return render(request, "meetings/occurrence_move.html", {"form": form, "meeting": meeting})


@customs_required
@require_POST
def occurrence_detach(request, pk, stamp):
    """Give one occurrence of a series its own page, to record what happened at it."""
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        child = scheduling.detach_occurrence(
            meeting, params.parse_stamp(stamp), acting_user=request.user
        )
    except (scheduling.MeetingError, ValueError) as exc:
        _error(request, exc)
        return redirect(meeting)
    return redirect("meetings:minutes", pk=child.pk)


@customs_required
def invitations(request, pk):
    """Invite more people and organisations, or withdraw invitations."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.InviteForm(request.POST or None, visibility=meeting.visibility)
    if request.method == "POST" and "withdraw" in request.POST:
        invitation = get_object_or_404(meeting.invitations, pk=request.POST["withdraw"])
        meeting_invitations.uninvite(invitation, acting_user=request.user)
        messages.success(request, _("The invitation is withdrawn."))
        return redirect("meetings:invitations", pk=pk)
    if request.method == "POST" and "withdraw_org" in request.POST:
        link = get_object_or_404(meeting.invited_orgs, pk=request.POST["withdraw_org"])
        meeting_invitations.uninvite_organization(
            meeting, link.organization, acting_user=request.user
        )
        messages.success(request, _("The invitation is withdrawn."))
        return redirect("meetings:invitations", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            created = meeting_invitations.invite(
                meeting, acting_user=request.user, **form.cleaned_data
            )
        except meeting_invitations.MeetingError as exc:
            _error(request, exc)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
                % {"count": count},
            )
        return redirect("meetings:invitations", pk=pk)
    return render(
        request,
        "meetings/invitations.html",
        {
            "meeting": meeting,
            "form": form,
            "invitations": meeting.invitations.select_related("organization", "user"),
            "invited_orgs": meeting.invited_orgs.select_related("organization"),
        },
    )


@signed_in_required
@require_POST
def rsvp(request, pk):
    """A signed-in invitee answers from the meeting's page."""
    meeting = get_object_or_404(_visible(request.user), pk=pk)
    invitation = _invitation_for(request.user, meeting)
    if invitation is None:
        raise Http404
    return _answer(
        request, invitation, redirect_to=request.POST.get("next") or meeting.get_absolute_url()
    )


def rsvp_token(request, token):
    """An invitee answers from the link in the e-mail, signed in or not. A GET only shows the
    choices (mail programs open links to check them); the answer is a POST. The link works
    only while the invitee may see the meeting (Invitation.invitee_may_see_meeting)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "user"), token=token
    )
    if not invitation.invitee_may_see_meeting():
        raise Http404  # hidden from the invitee since: the link tells nothing
    if request.method == "POST":
        return _answer(request, invitation, redirect_to=request.path)
    meeting = invitation.meeting
    occurrence = meeting.next_occurrence() or meeting.occurrences()[0]
    page = render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "meeting": meeting,
            "occurrence": occurrence,
            "form": forms.RsvpForm(initial={"response": invitation.response}),
        },
    )
    return not_stored(page)  # the token is the key: no cache keeps what it opens


def _answer(request, invitation, *, redirect_to):
    form = forms.RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reply."))
        return redirect(redirect_to)
    try:
        meeting_invitations.respond(
            invitation, response=form.cleaned_data["response"], acting_user=request.user
        )
    except meeting_invitations.MeetingError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Thank you: your reply is recorded."))
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = invitation.meeting.get_absolute_url()
    return redirect(redirect_to)


@private_sector_required
def propose_item(request, pk):
    meeting = get_object_or_404(_visible(request.user), pk=pk)
    if _invitation_for(request.user, meeting) is None:
        raise Http404
    form = forms.AgendaProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.propose_agenda_item(meeting, acting_user=request.user, **form.cleaned_data)
        except proposals.MeetingError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your proposal is sent to the organiser."))
        return redirect(meeting)
    return render(request, "meetings/propose_item.html", {"form": form, "meeting": meeting})


@customs_required
@require_POST
def decide_item(request, pk):
    proposal = get_object_or_404(AgendaProposal, pk=pk)
    decision = request.POST.get("decision")
    # Only the two buttons send a decision; anything else (a forged post) declines nothing.
    if decision not in ("accept", "decline"):
        raise Http404
    proposals.decide_agenda_item(proposal, acting_user=request.user, accept=decision == "accept")
    return redirect(proposal.meeting)


@customs_required
def minutes(request, pk):
    """Record attendance and minutes; the meeting is then held."""
    meeting = get_object_or_404(Meeting, pk=pk)
    initial = {
        "minutes": meeting.minutes,
        "present_invitations": meeting.invitations.filter(attended=True),
        "present_organizations": [
            link.organization_id for link in meeting.invited_orgs.filter(attended=True)
        ],
    }
    form = forms.MinutesForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_minutes.record_minutes(meeting, acting_user=request.user, **form.cleaned_data)
        except meeting_minutes.MeetingError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The minutes are recorded and the meeting is marked held."))
            return redirect(meeting)
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


@customs_required
def commitment_create(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_minutes.add_commitment(meeting, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The commitment is recorded."))
        return redirect(meeting)
    return render(request, "meetings/commitment_form.html", {"form": form, "meeting": meeting})


@customs_required
def commitment_edit(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("meeting"), pk=pk)
    tracked = tracking.is_tracked(commitment)
    form = forms.CommitmentForm(request.POST or None, instance=commitment, tracked=tracked)
    if request.method == "POST" and form.is_valid():
        meeting_minutes.update_commitment(commitment, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The commitment is saved."))
        return redirect(commitment.meeting)
    return render(
        request,
        "meetings/commitment_form.html",
        {
            "form": form,
            "meeting": commitment.meeting,
            "commitment": commitment,
            "tracked": tracked,
        },
    )


def commitments(request):
    """Commitments made at meetings whose minutes the viewer may read."""
    items = Commitment.objects.visible_to(request.user).select_related(
        "meeting", "organization", "responsible_user"
    )
    status = request.GET.get("status")
    if status in Commitment.Status.values:
        items = items.filter(tracking.status_filter(status))
    search = forms.SearchForm(request.GET or None)
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        items = items.filter(
            Q(description__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(meeting__title__icontains=q)
        )
    page = _page(request, items.order_by("due_date", "pk"))
    page.object_list = tracking.annotate(page.object_list, request.user)
    return render(
        request,
        "meetings/commitment_list.html",
        {
            "page": page,
            "search": search,
            "statuses": Commitment.Status.choices,
            "status": status,
        },
    )


def transparency(request):
    """The public log of meetings held between Customs and the private sector."""
    form = forms.TransparencyFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    held = (
        _visible(request.user)
        .held_for_transparency(organization=data.get("organization"))
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "invited_orgs",
                queryset=InvitedOrganization.objects.visible_to(request.user)
                .filter(attended=True)
                .select_related("organization"),
                to_attr="present",
            )
        )
        .order_by("-start", "-pk")
    )
    if data:
        zone = timezone.get_current_timezone()
        if data.get("since"):
            held = held.filter(start__gte=datetime.combine(data["since"], time.min, zone))
        if data.get("until"):
            held = held.filter(
                start__lt=datetime.combine(data["until"] + timedelta(days=1), time.min, zone)
            )
    readable = set(
        Meeting.objects.minutes_visible_to(request.user)
        .exclude(minutes="")
        .filter(pk__in=held.values("pk"))
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "meetings/transparency.html",
        {"page": _page(request, held), "form": form, "readable": readable},
    )


# --- Dialogue bodies --------------------------------------------------------------------


def body_list(request):
    bodies = DialogueBody.objects.annotate(member_count=Count("members")).order_by("name")
    return render(request, "meetings/body_list.html", {"page": _page(request, bodies)})


def body_detail(request, pk):
    body = get_object_or_404(DialogueBody.objects.with_chairs(), pk=pk)
    meetings = _visible(request.user).filter(body=body, series__isnull=True).order_by("-start")[:20]
    members = Organization.objects.visible_to(request.user).filter(dialogue_bodies=body)
    return render(
        request,
        "meetings/body_detail.html",
        {"body": body, "meetings": meetings, "members": members.order_by("name")},
    )


@customs_required
def body_edit(request, pk=None):
    body = get_object_or_404(DialogueBody, pk=pk) if pk else None
    form = forms.BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = data.pop("members")
        body = meeting_bodies.save_body(body, acting_user=request.user, members=members, **data)
        messages.success(request, _("The dialogue body is saved."))
        return redirect(body)
    return render(request, "meetings/body_form.html", {"form": form, "body": body})


# --- Meeting requests -------------------------------------------------------------------


@signed_in_required
def request_list(request):
    if not (permissions.is_customs(request.user) or permissions.is_private_sector(request.user)):
        raise Http404
    items = MeetingRequest.objects.visible_to(request.user).select_related(
        "organization", "requested_by", "meeting"
    )
    status = request.GET.get("status")
    if status in MeetingRequest.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "meetings/request_list.html",
        {
            "page": _page(request, items),
            "statuses": MeetingRequest.Status.choices,
            "status": status,
        },
    )


@private_sector_required
def request_create(request):
    form = forms.MeetingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_request = requests.request_meeting(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Your request is sent to Customs."))
        return redirect(meeting_request)
    return render(request, "meetings/request_form.html", {"form": form})


@signed_in_required
def request_detail(request, pk):
    meeting_request = get_object_or_404(
        MeetingRequest.objects.visible_to(request.user).select_related(
            "organization", "requested_by", "meeting", "decided_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "meetings/request_detail.html",
        {"meeting_request": meeting_request, "decline_form": forms.DeclineRequestForm()},
    )


@customs_required
@require_POST
def request_decline(request, pk):
    meeting_request = get_object_or_404(MeetingRequest, pk=pk)
    form = forms.DeclineRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "meetings/request_detail.html",
            {"meeting_request": meeting_request, "decline_form": form},
        )
    try:
        requests.decline_request(
            meeting_request, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except requests.MeetingError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The request is declined; the requester is told."))
    return redirect(meeting_request)
