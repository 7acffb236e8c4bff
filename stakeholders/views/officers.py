"""Officers' pages: the registry, an organisation's page, the mapping, the engagement gaps.

Every view here is for customs officers only (customs_required answers 404 to anyone else
signed in), because these pages show the mapping and internal notes.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.pagination import PAGE_SIZES, paginate, per_page_choice
from portal.permissions import customs_required
from stakeholders import (
    bulk,
    contacts,
    engagement,
    filters,
    history,
    mapping,
    registry,
    services,
)
from stakeholders.forms import AssessmentForm, OrganizationForm, VerificationForm
from stakeholders.models import Assessment, Organization, with_sector_names
from stakeholders.views import form_data


def _organization(request, pk, queryset=None):
    queryset = Organization.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


@customs_required
def organization_list(request):
    form, organizations = filters.organizations(request.GET, user=request.user)
    key, descending = registry.chosen(request.GET.get("sort"))
    organizations = registry.order(contacts.annotate(organizations), key, descending)
    per_page = per_page_choice(request)
    page = paginate(request, organizations, per_page)
    page.object_list = with_sector_names(page.object_list)
    # What the filters' form keeps when it is sent again: the order and the page size.
    kept = [(name, request.GET[name]) for name in ("sort", "per_page") if request.GET.get(name)]
    return render(
        request,
        "stakeholders/organization_list.html",
        {
            "form": form,
            "page": page,
            "filter_query": form.query_string(),
            "headers": registry.headers(request.GET, key, descending),
            "last_contact": contacts.provided(),
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "filter_keep": kept,
            "bulk_actions": bulk.actions_for(request.user),
            "bulk_field": bulk.FIELD,
            "back_field": bulk.BACK_FIELD,
        },
    )


@customs_required
def organization_detail(request, pk):
    organization = _organization(
        request, pk, Organization.objects.select_related("verified_by").prefetch_related("sectors")
    )
    assessments = list(organization.assessments.select_related("assessed_by"))
    return render(
        request,
        "stakeholders/organization_detail.html",
        {
            "organization": organization,
            "contacts": organization.contacts.select_related("user"),
            "members": organization.memberships.approved().select_related("user"),
            "pending_requests": organization.memberships.pending().count(),
            "assessments": assessments,
            "latest": assessments[0] if assessments else None,
            "engagements": engagement.history(organization, request.user),
            "changes": history.for_organization(organization),
            "history_limit": history.LIMIT,
        },
    )


@customs_required
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, sectors = form_data(form)
        organization = services.create_organization(
            acting_user=request.user, sectors=sectors, **data
        )
        messages.success(request, _("The organisation has been added to the registry."))
        return redirect("stakeholders:detail", pk=organization.pk)
    return render(request, "stakeholders/organization_form.html", {"form": form})


@customs_required
def organization_edit(request, pk):
    organization = _organization(request, pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data, sectors = form_data(form)
        services.update_organization(
            organization, acting_user=request.user, sectors=sectors, **data
        )
        messages.success(request, _("The organisation has been saved."))
        return redirect("stakeholders:detail", pk=organization.pk)
    return render(
        request,
        "stakeholders/organization_form.html",
        {"form": form, "organization": organization},
    )


@customs_required
@require_POST
def organization_verify(request, pk):
    organization = _organization(request, pk)
    form = VerificationForm(request.POST)
    if form.is_valid():
        verified = form.cleaned_data["verified"]
        services.set_verified(organization, verified=verified, acting_user=request.user)
        if verified:
            messages.success(request, _("The organisation is now verified."))
        else:
            messages.success(request, _("The organisation is no longer verified."))
    return redirect("stakeholders:detail", pk=organization.pk)


@customs_required
def assessment_create(request, pk):
    organization = _organization(request, pk)
    latest = organization.assessments.first()
    initial = {}
    if latest:
        # Start from the current judgement: an assessment usually revises a few scores.
        initial = {
            name: getattr(latest, name)
            for name in AssessmentForm._meta.fields
            if name not in ("key_concerns", "rationale")
        }
        initial["key_concerns"] = latest.key_concerns
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_assessment(organization, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The assessment has been recorded."))
        return redirect("stakeholders:detail", pk=organization.pk)
    return render(
        request,
        "stakeholders/assessment_form.html",
        {"form": form, "organization": organization, "latest": latest},
    )


@customs_required
def stakeholder_map(request):
    form, organizations = filters.organizations(request.GET, user=request.user)
    assessed_rows = organizations.filter(latest_influence__isnull=False)
    counts = organizations.aggregate(
        total=Count("pk"), assessed=Count("pk", filter=Q(latest_influence__isnull=False))
    )
    total, assessed_count = counts["total"], counts["assessed"]
    filter_query = form.query_string()
    context = {
        "form": form,
        "filter_query": filter_query,
        # The list of one quadrant, with the map's filters: the cells add their quadrant.
        "quadrant_link": f"{reverse('stakeholders:list')}?"
        + (f"{filter_query}&" if filter_query else "")
        + "quadrant=",
        "assessed_count": assessed_count,
        "unassessed_count": total - assessed_count,
        "quadrant_labels": dict(Assessment.Quadrant.choices),
        "mark_limit": mapping.MARK_LIMIT,
    }
    if assessed_count > mapping.MARK_LIMIT:
        # One mark per organisation would make a page of megabytes: count them per cell instead.
        cells = (
            assessed_rows.order_by()
            .values("latest_influence", "latest_interest")
            .annotate(count=Count("pk"))
        )
        context["map"] = mapping.cell_layout(cells)
        context["cells"] = context["map"]["cells"]
    else:
        assessed = list(assessed_rows.only("name", "acronym", "category").order_by("name", "pk"))
        context["map"] = mapping.layout(assessed)
        context["assessed"] = assessed
        context["quadrant_lists"] = mapping.quadrant_lists(context["map"]["marks"])
        context["legend"] = mapping.legend(o.category for o in assessed)
    return render(request, "stakeholders/map.html", context)


@customs_required
def engagement_gaps(request):
    form, organizations = filters.organizations(request.GET, user=request.user)
    page = paginate(request, organizations.engagement_gaps())
    return render(
        request,
        "stakeholders/gaps.html",
        {"form": form, "page": page, "filter_query": form.query_string()},
    )
