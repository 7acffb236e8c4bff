"""Dialogue bodies: their list, a body's page (members and meetings), officers' edits."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from meetings import forms
from meetings.models import DialogueBody
from meetings.services import bodies as meeting_bodies
from meetings.views import visible
from portal.pagination import paginate
from portal.permissions import customs_required
from stakeholders.models import Organization


def body_list(request):
    bodies = DialogueBody.objects.annotate(member_count=Count("members")).order_by("name")
    return render(request, "meetings/body_list.html", {"page": paginate(request, bodies)})


def body_detail(request, pk):
    body = get_object_or_404(DialogueBody.objects.with_chairs(), pk=pk)
    meetings = visible(request.user).filter(body=body, series__isnull=True).order_by("-start")[:20]
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
