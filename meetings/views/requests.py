"""Meeting requests: representatives ask Customs for a meeting; officers see them and decline
(accepting is scheduling the meeting, in meetings.meeting_create)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import forms
from meetings.models import MeetingRequest
from meetings.services import requests
from meetings.views import show_error
from portal import permissions
from portal.pagination import paginate
from portal.permissions import customs_required, private_sector_required, signed_in_required


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
            "page": paginate(request, items),
            "search": forms.ListFilterForm(
                request.GET or None, statuses=MeetingRequest.Status.choices, search=False
            ),
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
        show_error(request, exc)
    else:
        messages.success(request, _("The request is declined; the requester is told."))
    return redirect(meeting_request)
