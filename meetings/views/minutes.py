"""After meetings: minutes and attendance, commitments and their list. (The transparency log
is now the integrity app's public register of contacts.)"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from meetings import forms, tracking
from meetings.models import Commitment, Meeting
from meetings.services import minutes as meeting_minutes
from meetings.views import show_error
from portal.pagination import paginate
from portal.permissions import customs_required


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
            show_error(request, exc)
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
