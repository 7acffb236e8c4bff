"""Meeting pages: the list, a meeting and an occurrence, and officers scheduling, changing,
cancelling or postponing meetings and occurrences (answering a meeting request included)."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import cosign, daysoff, forms, tracking
from meetings.entries import entry_for
from meetings.models import Meeting, MeetingRequest
from meetings.services import invitations as meeting_invitations
from meetings.services import reminders, requests, scheduling
from meetings.views import invitation_for, show_error, visible
from portal import agenda as consultation_agenda
from portal import ical, params, permissions
from portal.markdown import render_markdown
from portal.pagination import paginate
from portal.permissions import customs_required, signed_in_required, visitors_sign_in_first


@signed_in_required
def meeting_list(request):
    """Meetings the person may see, newest first, with a search; officers manage from here."""
    search = forms.ListFilterForm(request.GET or None, statuses=Meeting.Status.choices)
    meetings = visible(request.user).filter(series__isnull=True).select_related("body")
    search.is_valid()
    if q := getattr(search, "cleaned_data", {}).get("q"):
        meetings = meetings.filter(Q(title__icontains=q) | Q(body__name__icontains=q))
    status = request.GET.get("status")
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    meetings = meetings.annotate(invitee_count=Count("invitations")).order_by("-start", "-pk")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": paginate(request, meetings),
            "search": search,
            "status": status,
        },
    )


def _meeting_context(request, meeting, occurrence):
    user = request.user
    is_organiser = permissions.is_customs(user)
    invitation = invitation_for(user, meeting)
    may_read_minutes = Meeting.objects.minutes_visible_to(user).filter(pk=meeting.pk).exists()
    minutes_visible = bool(meeting.minutes) and may_read_minutes
    # Where the minutes stand with the private-sector co-chair: said to whoever may read them;
    # the co-chair is shown the way to the draft, officers the way to the versions.
    state = cosign.state(meeting) if not meeting.is_series else None
    is_cochair = state is not None and cosign.is_cochair(user, meeting)
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
        "minutes_status": state.lines() if state and (may_read_minutes or is_cochair) else [],
        "minutes_state": state if is_organiser or is_cochair else None,
        "is_cochair": is_cochair,
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
        context["unanswered_count"] = meeting_invitations.unanswered(meeting).count()
        last = meeting_invitations.last_reply_reminder(meeting)
        context["last_reply_reminder"] = last
        context["may_remind"] = meeting_invitations.may_remind_again(last)
    return context


@visitors_sign_in_first
def meeting_detail(request, pk):
    meeting = get_object_or_404(visible(request.user).select_related("body", "organiser"), pk=pk)
    if meeting.is_series:
        occurrence = meeting.next_occurrence()
        now = timezone.now()
        upcoming = meeting.occurrences(now - timedelta(days=1), now + reminders.REMINDER_HORIZON)
        past = meeting.detached.order_by("-start")
    else:
        occurrence, upcoming, past = meeting.occurrences()[0], [], []
    context = _meeting_context(request, meeting, occurrence)
    upcoming = daysoff.dated(upcoming[:24])
    context.update(
        {
            "upcoming": upcoming,
            "held_occurrences": past,
            "days_off": [d for d in upcoming if d.day_off] if context["is_organiser"] else [],
        }
    )
    return render(request, "meetings/meeting_detail.html", context)


@visitors_sign_in_first
def occurrence_detail(request, pk, stamp):
    meeting = get_object_or_404(
        visible(request.user).select_related("body", "organiser").exclude(recurrence=""), pk=pk
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
    if request.method == "POST" and form.is_valid() and "check_dates" in request.POST:
        return _check_dates(request, form, meeting_request=meeting_request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invitees = {n: data.pop(n) for n in ("organizations", "users", "contacts")}
        if meeting_request:
            try:
                meeting_request = requests.accept_request(
                    meeting_request, acting_user=request.user, **data, **invitees
                )
            except requests.MeetingError as exc:
                show_error(request, exc)
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
    if request.method == "POST" and form.is_valid() and "check_dates" in request.POST:
        stored = Meeting.objects.get(pk=pk)
        return _check_dates(request, form, meeting=stored, planned=form.instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            scheduling.update_meeting(meeting, acting_user=request.user, **data)
        except scheduling.MeetingError as exc:
            if not exc.message:
                show_error(request, exc)
                return redirect(meeting)
            # What is in the way is named; the form keeps what was typed.
            form.add_error("visibility" if exc.code == "internal" else None, exc.message)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    # The form's instance was changed by validation; show the stored meeting beside it.
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _check_dates(request, form, *, meeting=None, meeting_request=None, planned=None):
    """The form again, saving nothing, with the occurrences it would make that fall on a
    weekend or a public holiday."""
    if planned is None:
        fields = ("start", "end", "recurrence", "recurrence_until", "recurrence_count")
        planned = Meeting(**{name: form.cleaned_data.get(name) for name in fields})
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "meeting_request": meeting_request,
            "dates": daysoff.planned(planned),
        },
    )


@customs_required
@require_POST
def occurrence_shift(request, pk, stamp):
    """Move an occurrence that falls on a day off to the next (or previous) working day."""
    meeting = get_object_or_404(Meeting, pk=pk)
    step = {"next": 1, "previous": -1}.get(request.POST.get("to"))
    if step is None:
        raise Http404
    try:
        scheduling.shift_to_working_day(
            meeting, params.parse_stamp(stamp), acting_user=request.user, step=step
        )
    except (scheduling.MeetingError, ValueError) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("This occurrence is moved; the invitees are told."))
    return redirect(meeting)


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
        show_error(request, exc)
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
        show_error(request, exc)
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
            show_error(request, exc)
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
        show_error(request, exc)
        return redirect(meeting)
    return redirect("meetings:minutes", pk=child.pk)
