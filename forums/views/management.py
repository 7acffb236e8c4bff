"""Officers manage a forum: create and edit it, its status and held seats, its programme, and
messages to its registrants."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forums.forms import ForumForm, HoldSeatsForm, MessageForm, SessionForm
from forums.models import Forum, Session
from forums.services import editing, messaging, seats
from portal.permissions import customs_required


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
            ngettext(
                "Your message is on its way to %(count)s person.",
                "Your message is on its way to %(count)s people.",
                record.recipients,
            )
            % {"count": record.recipients},
        )
        return redirect("forums:manage", forum.slug)
    return render(
        request,
        "forums/message.html",
        {"forum": forum, "form": form, "sent": forum.messages.select_related("sent_by")[:10]},
    )
