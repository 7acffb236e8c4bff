"""Gifts, hospitality and conflicts of interest: the public register and its CSV, officers'
declarations and their corrections, the supervisors' reviews, officers' declared conflicts
of interest and the integrity unit's record of overridden warnings."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrity import gift_forms as forms
from integrity.models import ConflictOfInterest, ConflictOverride, GiftDeclaration, GiftVersion
from integrity.services import conflicts as conflict_services
from integrity.services import gifts as services
from portal import exports
from portal.pagination import paginate
from portal.permissions import (
    customs_required,
    gift_supervisor_required,
    integrity_unit_required,
    is_gift_supervisor,
    visitors_sign_in_first,
)

# --- The public register ----------------------------------------------------------------------


def _register_rows(request):
    form = forms.RegisterFilterForm(request.GET or None)
    versions = GiftVersion.objects.latest().filter(**form.filters())
    related = ["organization", "unit", "review", "declaration"]
    if settings.INTEGRITY_GIFTS_SHOW_NAMES:
        related.append("declaration__declarant")
    return form, versions.select_related(*related).order_by("-offered_on", "-pk")


def register(request):
    form, versions = _register_rows(request)
    quarters = (
        versions.order_by()
        .annotate(year=ExtractYear("offered_on"), quarter=ExtractQuarter("offered_on"))
        .values("year", "quarter")
        .annotate(
            refused=Count("pk", filter=Q(decision=GiftVersion.Decision.REFUSED)),
            accepted=Count("pk", filter=Q(decision=GiftVersion.Decision.ACCEPTED)),
        )
        .order_by("-year", "-quarter")
    )
    return render(
        request,
        "integrity/gifts/register.html",
        {
            "form": form,
            "page": paginate(request, versions),
            "quarters": quarters,
            "show_names": settings.INTEGRITY_GIFTS_SHOW_NAMES,
            "threshold": settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD,
        },
    )


@exports.export_view
def register_csv(request):
    _form, versions = _register_rows(request)
    show_names = settings.INTEGRITY_GIFTS_SHOW_NAMES
    headers = [
        _("Reference"),
        _("Offered on"),
        _("Kind"),
        _("Offered by"),
        _("Estimated value (CFA francs)"),
        _("Decision"),
        _("Status"),
        _("Customs unit"),
        _("Position"),
    ] + ([_("Officer")] if show_names else [])
    rows = (
        [
            v.declaration.reference,
            v.offered_on,
            v.get_kind_display(),
            v.offered_by_name,
            v.estimated_value,
            v.get_decision_display(),
            v.get_status_display(),
            str(v.unit or ""),
            v.officer_role,
        ]
        + ([v.declaration.declarant.full_name] if show_names else [])
        for v in versions.iterator(chunk_size=500)
    )
    name = f"gifts-register-{timezone.localdate():%Y-%m-%d}"
    return exports.csv_response(name, headers, rows)


# --- An officer's declarations -------------------------------------------------------------


def _gift_data(form):
    data = dict(form.cleaned_data)
    data.pop("correction_note", None)
    return data


@customs_required
def declare(request):
    form = forms.GiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.declare(acting_user=request.user, **_gift_data(form))
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your declaration is recorded as %(reference)s.")
                % {"reference": version.declaration.reference},
            )
            return redirect(version.declaration)
    return render(request, "integrity/gifts/form.html", {"form": form, "declaration": None})


@customs_required
def mine(request):
    versions = (
        GiftVersion.objects.latest()
        .filter(declaration__declarant=request.user)
        .select_related("declaration", "organization", "review")
        .order_by("-declaration__created_at", "-pk")
    )
    return render(request, "integrity/gifts/mine.html", {"page": paginate(request, versions)})


def _visible_declaration(request, pk):
    return get_object_or_404(
        GiftDeclaration.objects.visible_to(request.user).select_related("declarant"), pk=pk
    )


@visitors_sign_in_first
def detail(request, pk):
    declaration = _visible_declaration(request, pk)
    versions = list(
        declaration.versions.select_related(
            "organization", "unit", "recorded_by", "review__reviewer"
        ).order_by("number")
    )
    previous = None
    for version in versions:
        version.changed = version.changes_from(previous)
        previous = version
    latest = versions[-1]
    return render(
        request,
        "integrity/gifts/detail.html",
        {
            "declaration": declaration,
            "versions": list(reversed(versions)),
            "latest": latest,
            "is_declarant": declaration.declarant_id == request.user.pk,
            "may_review": is_gift_supervisor(request.user)
            and declaration.declarant_id != request.user.pk
            and latest.status == GiftVersion.Status.AWAITING,
        },
    )


@customs_required
def correct(request, pk):
    declaration = _visible_declaration(request, pk)
    if declaration.declarant_id != request.user.pk:
        raise Http404
    latest = declaration.versions.order_by("-number").first()
    form = forms.GiftForm(request.POST or None, instance=None, correction=True)
    if request.method != "POST":
        form = forms.GiftForm(
            initial={name: getattr(latest, name) for name in forms.GiftForm.Meta.fields},
            correction=True,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct(
                declaration,
                acting_user=request.user,
                correction_note=form.cleaned_data["correction_note"],
                **_gift_data(form),
            )
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your correction is recorded as a new version."))
            return redirect(declaration)
    return render(request, "integrity/gifts/form.html", {"form": form, "declaration": declaration})


# --- Gift supervisors --------------------------------------------------------------------------


@gift_supervisor_required
def queue(request):
    versions = (
        GiftVersion.objects.awaiting_review()
        .exclude(declaration__declarant=request.user)
        .select_related("declaration", "organization", "unit")
        .order_by("recorded_at", "pk")
    )
    return render(request, "integrity/gifts/queue.html", {"page": paginate(request, versions)})


@gift_supervisor_required
def review(request, pk):
    declaration = _visible_declaration(request, pk)
    if declaration.declarant_id == request.user.pk:
        raise Http404
    version = (
        declaration.versions.select_related("organization", "unit").order_by("-number").first()
    )
    if version.status != GiftVersion.Status.AWAITING:
        messages.info(request, _("This declaration awaits no review."))
        return redirect(declaration)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(version, acting_user=request.user, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your decision is recorded; the declarant is told."))
            return redirect("integrity:gift_queue")
    return render(
        request,
        "integrity/gifts/review.html",
        {"form": form, "declaration": declaration, "version": version},
    )


# --- Conflicts of interest ----------------------------------------------------------------------


@customs_required
def conflicts(request):
    form = forms.ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_services.declare_conflict(acting_user=request.user, **form.cleaned_data)
        except conflict_services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your conflict of interest is declared."))
            return redirect("integrity:conflicts")
    declared = (
        ConflictOfInterest.objects.filter(officer=request.user)
        .select_related("organization")
        .order_by("ended_at", "-declared_at")
    )
    return render(
        request,
        "integrity/gifts/conflicts.html",
        {"form": form, "page": paginate(request, declared)},
    )


@customs_required
@require_POST
def conflict_end(request, pk):
    conflict = get_object_or_404(ConflictOfInterest.objects.filter(officer=request.user), pk=pk)
    conflict_services.end_conflict(conflict, acting_user=request.user)
    messages.success(request, _("The conflict of interest is marked as ended."))
    return redirect("integrity:conflicts")


@integrity_unit_required
def overrides(request):
    """Who went ahead despite a declared conflict of interest, and why. The integrity unit
    sees them: conflicts of interest are its business, and gift supervisors only judge gifts."""
    rows = ConflictOverride.objects.select_related(
        "conflict__officer", "conflict__organization", "overridden_by", "meeting"
    ).order_by("-at", "-pk")
    return render(request, "integrity/gifts/overrides.html", {"page": paginate(request, rows)})
