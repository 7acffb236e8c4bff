"""Officers' announcements: write to a segment of the registry, check whom it reaches, send.

The page takes the stakeholder list's filters (its "Write to this segment" link carries them
in the query string), shows a preview that writes nothing, and sends only on the preview's
confirmation. Every step posts the whole form back, so nothing typed is lost on an error.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext

from announcements import emails, services
from announcements.forms import AnnouncementForm, AnnouncementSearchForm
from announcements.models import Announcement
from announcements.segments import Segment, chosen_ids
from portal.markdown import render_markdown
from portal.notifications.models import Notification
from portal.pagination import paginate
from portal.permissions import customs_required
from stakeholders import bulk
from stakeholders.filters import OrganizationFilterForm

REACHED_PER_PAGE = 50


@customs_required
def announcement_list(request):
    search = AnnouncementSearchForm(request.GET)
    rows = (
        Announcement.objects.visible_to(request.user)
        .select_related("author")
        .annotate(organizations=Count("reached"))
        .order_by("-created_at", "-pk")
    )
    if search.is_valid() and (q := search.cleaned_data["q"]):
        rows = rows.filter(subject__icontains=q)
    page = paginate(request, rows)
    return render(request, "announcements/announcement_list.html", {"search": search, "page": page})


def _token(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


@customs_required
def announcement_create(request):
    if request.method != "POST":
        # The filters come from the stakeholder list, in the query string.
        segment = Segment(request.GET, user=request.user)
        return _edit(request, segment, AnnouncementForm())
    segment = Segment(request.POST, user=request.user)
    if "subject" not in request.POST:
        # The organisations selected on the registry list (its bulk action): all of them must
        # be ones the officer may see; the message is written next.
        if not bulk.selection(request):
            messages.error(request, gettext("Select at least one organisation."))
            return redirect(bulk.back_url(request))
        return _edit(request, segment, AnnouncementForm())
    form = AnnouncementForm(request.POST)
    if "edit" in request.POST or not (form.is_valid() and segment.is_valid):
        return _edit(request, segment, form)
    if "confirm" not in request.POST:
        if not segment.contacts:
            form.add_error(None, services.EMPTY_SEGMENT)
            return _edit(request, segment, form)
        return render(
            request,
            "announcements/announcement_preview.html",
            {
                "segment": segment,
                "filter_form": segment.form,
                "form": form,
                "body_html": render_markdown(form.cleaned_data["message"]),
                "token": uuid.uuid4(),
            },
        )
    try:
        announcement = services.send_announcement(
            acting_user=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["message"],
            filters=segment.parameters(),
            token=_token(request.POST.get("token")),
        )
    except services.Refused as refusal:
        form.add_error(None, refusal)
        return _edit(request, segment, form)
    messages.success(
        request,
        ngettext(
            "The announcement is on its way to %(count)s address.",
            "The announcement is on its way to %(count)s addresses.",
            announcement.recipients,
        )
        % {"count": announcement.recipients},
    )
    return redirect(announcement)


def _edit(request, segment, form):
    chosen = segment.queryset.order_by("name", "pk") if segment.chosen else None
    return render(
        request,
        "announcements/announcement_form.html",
        {"filter_form": segment.form, "form": form, "chosen": chosen},
    )


@customs_required
def announcement_detail(request, pk):
    announcement = get_object_or_404(
        Announcement.objects.visible_to(request.user).select_related("author"), pk=pk
    )
    segment = OrganizationFilterForm(announcement.filters, user=request.user)
    chosen = len(chosen_ids(announcement.filters))
    counts = dict(
        Notification.objects.about(announcement)
        .filter(kind=emails.KIND)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    deliveries = [
        (value, label, counts[value])
        for value, label in Notification.Status.choices
        if value in counts
    ]
    reached = paginate(
        request,
        announcement.reached.select_related("organization").order_by(
            "organization__name", "organization__pk"
        ),
        REACHED_PER_PAGE,
    )
    return render(
        request,
        "announcements/announcement_detail.html",
        {
            "announcement": announcement,
            "body_html": render_markdown(announcement.body),
            "segment": segment.summary(),
            # A filter whose sector or dialogue body was deleted since no longer reads back.
            "stale_filters": [segment.fields[name].label for name in segment.errors],
            "chosen": chosen,
            "segment_query": urlencode(announcement.filters, doseq=True),
            "deliveries": deliveries,
            "reached": reached,
        },
    )
