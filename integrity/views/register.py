"""The register of contacts: the public register with its filters, downloads and entries; the
officers' pages to log a contact, complete or withhold an entry, and list their entries to
complete. Writes go through integrity.services.register."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity import conflicts
from integrity import opendata as opendata_datasets
from integrity.forms.register import EntryForm, RegisterFilterForm, WithholdForm
from integrity.models import ConflictOverride, ContactEntry
from integrity.services import register as services
from meetings import conflicts as meeting_conflicts
from portal import exports, opendata, permissions
from portal.pagecache import for_visitors
from portal.pagination import paginate
from portal.permissions import customs_required
from stakeholders.models import Organization

ERRORS = {
    "incomplete": gettext_lazy("Write the public subject and outcome before publishing."),
    "withheld": gettext_lazy("This entry is withheld: it can no longer be changed."),
    "reason": gettext_lazy("Choose an active legal reason."),
    "kind": gettext_lazy("Choose the kind of contact."),
}


def with_presence(entries):
    """What the public pages show of an entry, fetched for a whole list at once."""
    return entries.select_related("unit").prefetch_related(
        Prefetch(
            "organizations",
            queryset=Organization.objects.only("name", "acronym", "verified", "status").order_by(
                "name"
            ),
        )
    )


def register_selection(request):
    """The filter form, the published entries it selects, and the withheld entries counted per
    reason for the same unit, kind and period (organisation and words do not apply to entries
    whose content is not public)."""
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = ContactEntry.objects.all()
    if data.get("unit"):
        chosen = chosen.filter(unit=data["unit"])
    if data.get("kind"):
        chosen = chosen.filter(kind=data["kind"])
    if data.get("since"):
        chosen = chosen.filter(contact_date__gte=data["since"])
    if data.get("until"):
        chosen = chosen.filter(contact_date__lte=data["until"])
    withheld = list(
        chosen.filter(status=ContactEntry.Status.WITHHELD)
        .values("withheld_reason__title")
        .annotate(count=Count("pk"))
        .order_by("-count", "withheld_reason__title")
    )
    entries = chosen.public()
    if data.get("organization"):
        entries = entries.filter(organizations=data["organization"])
    if data.get("q"):
        words = data["q"]
        entries = entries.filter(Q(subject__icontains=words) | Q(outcome__icontains=words))
    entries = with_presence(entries).order_by("-contact_date", "-pk")
    return form, entries, withheld


@for_visitors("integrity", "meetings", "stakeholders")
def register(request):
    """The public register of contacts between Customs and the private sector."""
    form, entries, withheld = register_selection(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "integrity/register/list.html",
        {
            "form": form,
            "page": paginate(request, entries),
            "withheld": withheld,
            "withheld_total": sum(row["count"] for row in withheld),
            "filter_query": query.urlencode(),
        },
    )


HEADERS = [
    gettext_lazy("Date"),
    gettext_lazy("Kind of contact"),
    gettext_lazy("Organisations present"),
    gettext_lazy("Organisations not yet verified"),
    gettext_lazy("Private individuals"),
    gettext_lazy("Customs unit"),
    gettext_lazy("Role of the senior officer present"),
    gettext_lazy("Subject"),
    gettext_lazy("Public outcome"),
    gettext_lazy("Outcome overdue"),
    gettext_lazy("Completed late"),
    gettext_lazy("Address"),
]


def register_record(request, entry):
    """An entry's public fields, under stable names (the JSON download's)."""
    return {
        "id": entry.pk,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "date": entry.contact_date.isoformat(),
        "kind": entry.kind,
        "kind_label": str(entry.get_kind_display()),
        "organizations": [org.name for org in entry.named_organizations()],
        "unverified_organizations": entry.unnamed_organizations(),
        "private_individuals": entry.private_individuals,
        "unit": entry.unit.name if entry.unit else "",
        "officer_role": entry.officer_role,
        "subject": entry.subject,
        "outcome": entry.outcome,
        "due_on": entry.due_on.isoformat(),
        "published_at": entry.published_at.isoformat() if entry.published_at else None,
        "outcome_overdue": entry.outcome_overdue,
        "completed_late": entry.completed_late,
    }


@exports.export_view
@for_visitors("integrity", "meetings", "stakeholders", queries=("format=csv", "format=json"))
def register_export(request):
    """The filtered register as CSV (`?format=csv`, the default) or JSON (`?format=json`,
    portal.opendata's shape, with the withheld entries counted per reason after the
    records)."""
    _form, entries, withheld = register_selection(request)
    records = [register_record(request, entry) for entry in entries]
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "json":
        return opendata.json_response(
            opendata_datasets.REGISTER,
            records,
            withheld=[
                {"reason": row["withheld_reason__title"], "count": row["count"]} for row in withheld
            ],
        )
    yes, no = _("yes"), _("no")
    rows = (
        [
            entry.contact_date,
            r["kind_label"],
            "; ".join(r["organizations"]),
            r["unverified_organizations"],
            r["private_individuals"],
            r["unit"],
            r["officer_role"],
            r["subject"],
            r["outcome"],
            yes if r["outcome_overdue"] else no,
            yes if r["completed_late"] else no,
            r["url"],
        ]
        for entry, r in zip(entries, records, strict=True)
    )
    return exports.csv_response(f"register-{stamp}", HEADERS, rows)


def entry(request, pk):
    """An entry's public fields; for officers, its state, the meeting and the actions."""
    item = get_object_or_404(
        with_presence(ContactEntry.objects.visible_to(request.user)).select_related(
            "meeting", "withheld_reason", "officer"
        ),
        pk=pk,
    )
    return render(
        request,
        "integrity/register/entry.html",
        {"entry": item, "is_customs": permissions.is_customs(request.user)},
    )


def _show_error(request, exc):
    messages.error(request, ERRORS.get(exc.code, ERRORS["kind"]))


def _conflict_check(request, officer, organizations):
    """The officer's declared conflicts with the organisations present: (the conflicts, their
    warnings, the form asking the reason to go ahead, whether the contact may be saved)."""
    found = list(conflicts.conflicting(officer, organizations))
    warnings = [conflicts.describe(conflict) for conflict in found]
    override_form = meeting_conflicts.override_form(request, warnings)
    return found, warnings, override_form, override_form is None or override_form.is_valid()


def _record_overrides(request, found, override_form, item):
    if found:
        conflicts.record_overrides(
            found,
            context=ConflictOverride.Context.CONTACT,
            reason=override_form.cleaned_data["conflict_reason"],
            acting_user=request.user,
            target=str(item)[:200],
        )


@customs_required
def entry_create(request):
    """An officer logs a contact held outside a meeting: as a draft, or published at once."""
    user = request.user
    initial = {
        "unit": user.unit_id,
        "officer_role": user.position,
        "contact_date": timezone.localdate(),
    }
    form = EntryForm(request.POST or None, initial=initial)
    warnings, override_form = [], None
    if request.method == "POST" and form.is_valid():
        # An officer who declared a conflict of interest with an organisation present is
        # warned, and goes ahead only with a reason, recorded with the contact.
        found, warnings, override_form, may_save = _conflict_check(
            request, user, form.cleaned_data["organizations"]
        )
        try:
            if not may_save:
                raise services.RegisterError("conflict")
            with transaction.atomic():
                item = services.log_contact(
                    acting_user=user, publish=form.publishing, **form.cleaned_data
                )
                _record_overrides(request, found, override_form, item)
        except services.RegisterError as exc:
            if exc.code != "conflict":
                _show_error(request, exc)
        else:
            if item.is_draft:
                messages.success(
                    request, _("The contact is saved as a draft: complete it before its due date.")
                )
            else:
                messages.success(request, _("The contact is published in the register."))
            return redirect(item)
    return render(
        request,
        "integrity/register/form.html",
        {
            "form": form,
            "entry": None,
            "conflict_warnings": warnings,
            "override_form": override_form,
        },
    )


@customs_required
def entry_edit(request, pk):
    """Complete or correct an entry; publish a draft."""
    item = get_object_or_404(ContactEntry.objects.select_related("meeting"), pk=pk)
    if item.status == ContactEntry.Status.WITHHELD:
        messages.error(request, ERRORS["withheld"])
        return redirect(item)
    initial = {
        "kind": item.kind,
        "contact_date": item.contact_date,
        "organizations": list(item.organizations.values_list("pk", flat=True)),
        "private_individuals": item.private_individuals,
        "unit": item.unit_id,
        "officer_role": item.officer_role,
        "subject": item.subject,
        "outcome": item.outcome,
    }
    form = EntryForm(request.POST or None, initial=initial, entry=item)
    warnings, override_form = [], None
    if request.method == "POST" and form.is_valid():
        # Only organisations added now are checked: those saved before were warned about then.
        added = set(form.cleaned_data.get("organizations") or []) - set(item.organizations.all())
        found, warnings, override_form, may_save = _conflict_check(
            request, item.officer, list(added)
        )
        try:
            if not may_save:
                raise services.RegisterError("conflict")
            with transaction.atomic():
                item = services.update_entry(
                    item, acting_user=request.user, publish=form.publishing, **form.cleaned_data
                )
                _record_overrides(request, found, override_form, item)
        except services.RegisterError as exc:
            if exc.code != "conflict":
                _show_error(request, exc)
        else:
            if item.is_draft:
                messages.success(request, _("The draft is saved."))
            else:
                messages.success(request, _("The entry is published in the register."))
            return redirect(item)
    return render(
        request,
        "integrity/register/form.html",
        {
            "form": form,
            "entry": item,
            "conflict_warnings": warnings,
            "override_form": override_form,
        },
    )


@customs_required
def entry_withhold(request, pk):
    """Withhold an entry from publication, for a legal reason from the administrators' list."""
    item = get_object_or_404(ContactEntry, pk=pk)
    form = WithholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withhold(item, acting_user=request.user, **form.cleaned_data)
        except services.RegisterError as exc:
            _show_error(request, exc)
        else:
            messages.success(
                request, _("The entry is withheld; the register counts it under its reason.")
            )
            return redirect(item)
    return render(request, "integrity/register/withhold.html", {"form": form, "entry": item})


@customs_required
def my_entries(request):
    """The signed-in officer's entries to complete: drafts, and entries published late
    without their outcome, soonest due first."""
    items = (
        ContactEntry.objects.filter(officer=request.user)
        .filter(
            Q(status=ContactEntry.Status.DRAFT)
            | Q(published_automatically=True, completed_on__isnull=True)
        )
        .select_related("meeting", "unit")
        .order_by("due_on", "pk")
    )
    return render(
        request,
        "integrity/register/mine.html",
        {"page": paginate(request, items), "today": timezone.localdate()},
    )
