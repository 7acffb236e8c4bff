"""Officers and a forum's registrations: the filtered list and its exports, one registration
with its history, cancelling one, registering a guest."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import exports
from forums.forms import GuestForm, OfficerCancelForm, RegistrationFilterForm
from forums.models import Forum, Registration
from forums.services import seats
from forums.views import query_without_page
from portal import exports as portal_exports
from portal.pagination import paginate
from portal.permissions import customs_required


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
            "page": paginate(request, found),
            "query": query_without_page(request),
        },
    )


@portal_exports.export_view
@customs_required
def export_csv(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    _form, found = _filtered_registrations(request, forum)
    return exports.csv_response(forum, found)


@portal_exports.export_view
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
