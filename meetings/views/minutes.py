"""After meetings: minutes and attendance, their versions and the private-sector co-chair's
validation, commitments and their list. (The transparency log
is now the integrity app's public register of contacts.)"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from meetings import cosign, forms, tracking
from meetings.models import Commitment, Meeting
from meetings.services import cosign as cosign_services
from meetings.services import minutes as meeting_minutes
from meetings.views import show_error
from portal import diff
from portal.markdown import render_markdown
from portal.pagination import paginate
from portal.permissions import customs_required, signed_in_required


@customs_required
def minutes(request, pk):
    """Record attendance and minutes; the meeting is then held. A changed text is a new
    version of the minutes, which awaits the private-sector co-chair when they validate it."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__private_chair"), pk=pk)
    state = cosign.state(meeting)
    initial = {
        "minutes": state.latest.text if state.latest else meeting.minutes,
        "present_invitations": meeting.invitations.filter(attended=True),
        "present_organizations": [
            link.organization_id for link in meeting.invited_orgs.filter(attended=True)
        ],
    }
    form = forms.MinutesForm(
        request.POST or None, meeting=meeting, cochair=cosign.cochair(meeting), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_minutes.record_minutes(meeting, acting_user=request.user, **form.cleaned_data)
        except meeting_minutes.MeetingError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The minutes are recorded and the meeting is marked held."))
            return redirect(meeting)
    return render(
        request,
        "meetings/minutes_form.html",
        {"form": form, "meeting": meeting, "state": state},
    )


def _minutes_meeting(pk):
    return get_object_or_404(
        Meeting.objects.filter(recurrence="").select_related("body__private_chair__user"), pk=pk
    )


@customs_required
def minutes_versions(request, pk):
    """Officers: every version of the minutes, where each stands with the co-chair (their
    answers and comments), and any two compared word by word."""
    meeting = _minutes_meeting(pk)
    versions = list(
        meeting.minutes_versions.select_related("recorded_by", "published_by")
        .prefetch_related("reviews__reviewer")
        .order_by("-number")
    )
    numbers = sorted(v.number for v in versions)
    initial = {"old": numbers[-2], "new": numbers[-1]} if len(numbers) >= 2 else {}
    form = forms.MinutesCompareForm(request.GET or initial or None, numbers=numbers)
    old = new = ops = None
    if form.is_bound and form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        ops = diff.word_diff(old.text, new.text)
    return render(
        request,
        "meetings/minutes_versions.html",
        {
            "meeting": meeting,
            "versions": versions,
            "state": cosign.state(meeting),
            "cochair": cosign.cochair(meeting),
            "form": form,
            "old": old,
            "new": new,
            "diff_html": diff.to_html(ops) if ops is not None else "",
            "diff_changed": diff.changed(ops) if ops is not None else False,
        },
    )


@customs_required
def minutes_publish(request, pk):
    """Officers: publish the pending draft without the co-chair's validation, saying why."""
    meeting = _minutes_meeting(pk)
    state = cosign.state(meeting)
    if state.pending is None:
        messages.info(request, _("No draft of the minutes is waiting to be published."))
        return redirect("meetings:minutes_versions", pk=meeting.pk)
    form = forms.PublishWithoutCosignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cosign_services.publish_without_cosign(
                meeting, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except cosign_services.MeetingError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request, _("The minutes are published without the co-chair's validation.")
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/minutes_publish.html",
        {
            "meeting": meeting,
            "state": state,
            "form": form,
            "minutes_html": render_markdown(state.pending.text),
        },
    )


@signed_in_required
def minutes_review(request, pk):
    """The private-sector co-chair: the draft of the minutes, what changed since the version
    they last validated, and their answer (approve, or propose changes with a comment).
    Anyone else: 404."""
    meeting = get_object_or_404(
        Meeting.objects.cosigned_by(request.user).select_related("body", "organiser"), pk=pk
    )
    state = cosign.state(meeting)
    if state.latest is None:
        raise Http404
    version = state.latest
    form = forms.MinutesReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cosign_services.review_minutes(version, acting_user=request.user, **form.cleaned_data)
        except cosign_services.MeetingError as exc:
            show_error(request, exc)
        else:
            if form.cleaned_data["decision"] == "approved":
                messages.success(request, _("Thank you: the minutes are validated and published."))
            else:
                messages.success(
                    request, _("Thank you: your proposed changes are sent to Customs.")
                )
            return redirect("meetings:minutes_review", pk=meeting.pk)
    ops = diff.word_diff(state.validated.text, version.text) if state.validated else None
    return render(
        request,
        "meetings/minutes_review.html",
        {
            "meeting": meeting,
            "state": state,
            "version": version,
            "reviews": version.reviews.select_related("reviewer"),
            "form": form if state.awaiting else None,
            "minutes_html": render_markdown(version.text),
            "diff_html": diff.to_html(ops) if ops is not None else "",
            "diff_changed": diff.changed(ops) if ops is not None else False,
        },
    )


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
    search = forms.ListFilterForm(request.GET or None, statuses=Commitment.Status.choices)
    search.is_valid()
    if q := getattr(search, "cleaned_data", {}).get("q"):
        items = items.filter(
            Q(description__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(meeting__title__icontains=q)
        )
    page = paginate(request, items.order_by("due_date", "pk"))
    page.object_list = tracking.annotate(page.object_list, request.user)
    return render(
        request,
        "meetings/commitment_list.html",
        {
            "page": page,
            "search": search,
            "status": status,
        },
    )
