"""Dialogue bodies: their list, a body's page (members and meetings), officers' edits."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from meetings import conflicts, forms
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
    # What the body was before this change (the form's cleaning writes onto its instance).
    chair_before = body.customs_chair_id if body else None
    members_before = set(body.members.values_list("pk", flat=True)) if body else set()
    form = forms.BodyForm(request.POST or None, instance=body)
    conflict_warnings, override_form, pair = [], None, None
    if request.method == "POST" and form.is_valid():
        pair = _chair_conflict_pair(chair_before, members_before, form.cleaned_data)
        conflict_warnings = conflicts.warnings(*pair) if pair else []
        override_form = conflicts.override_form(request, conflict_warnings)
    if (
        request.method == "POST"
        and form.is_valid()
        and (not conflict_warnings or override_form.is_valid())
    ):
        data = dict(form.cleaned_data)
        members = data.pop("members")
        with transaction.atomic():
            body = meeting_bodies.save_body(body, acting_user=request.user, members=members, **data)
            if conflict_warnings:
                conflicts.record(
                    *pair,
                    context=conflicts.CHAIR,
                    reason=override_form.cleaned_data["conflict_reason"],
                    acting_user=request.user,
                    target=body.name,
                )
        messages.success(request, _("The dialogue body is saved."))
        return redirect(body)
    return render(
        request,
        "meetings/body_form.html",
        {
            "form": form,
            "body": body,
            "conflict_warnings": conflict_warnings,
            "override_form": override_form,
        },
    )


def _chair_conflict_pair(chair_before, members_before, data):
    """(officers, organisations) to ask meetings.conflicts about: a new Customs co-chair with
    every member organisation, or the same co-chair with the members being added."""
    chair = data.get("customs_chair")
    if chair is None:
        return None
    members = {org.pk for org in data.get("members") or ()}
    if chair.pk != chair_before:
        return [chair.pk], sorted(members)
    return [chair.pk], sorted(members - members_before)
