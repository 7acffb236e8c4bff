"""Officers' import and export of the registry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import exports as portal_exports
from portal import uploads
from portal.pagination import paginate
from portal.permissions import customs_required
from stakeholders import bulk, exports, filters, imports, services, spreadsheet
from stakeholders.forms import ImportUploadForm
from stakeholders.models import OrganizationImport

PREVIEW_PER_PAGE = 200


@portal_exports.export_view
@customs_required
def registry_export(request):
    form, organizations = filters.organizations(request.GET, user=request.user)
    if bulk.FIELD in request.GET:
        # The organisations selected on the list (the selection's export page links here).
        organizations = organizations.filter(
            pk__in=[o.pk for o in bulk.selection(request, request.GET)]
        )
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return exports.registry_response(organizations, file_format)


@customs_required
@require_POST
def selection_export(request):
    """Export the organisations selected on the registry list: the page names them and links
    to the registry's export of exactly those (its `organization` parameters)."""
    organizations = bulk.selection(request)
    if not organizations:
        messages.error(request, _("Select at least one organisation."))
        return redirect(bulk.back_url(request))
    query = urlencode([(bulk.FIELD, o.pk) for o in organizations])
    return render(
        request,
        "stakeholders/selection_export.html",
        {"organizations": organizations, "query": query, "back": bulk.back_url(request)},
    )


@uploads.takes_files(lambda: imports.MAX_BYTES)
@customs_required
def import_upload(request):
    # Bound on every POST: a post whose file the browser or the parser dropped (no name) must
    # say "this field is required", not show the empty form again without a word.
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB. Split it into smaller files."))
        else:
            try:
                batch = services.stage_import(
                    file_name=upload.name, content=upload.read(), acting_user=request.user
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                return redirect("stakeholders:import_preview", pk=batch.pk)
    recent = paginate(
        request,
        OrganizationImport.objects.visible_to(request.user)
        .select_related("uploaded_by", "imported_by")
        .defer("content"),
        per_page=10,
    )
    columns = spreadsheet.IMPORT_COLUMNS
    return render(
        request,
        "stakeholders/import_upload.html",
        {"form": form, "recent": recent, "columns": columns},
    )


def _batch(request, pk):
    return get_object_or_404(OrganizationImport.objects.visible_to(request.user), pk=pk)


@customs_required
def import_preview(request, pk):
    batch = _batch(request, pk)
    if batch.is_imported:
        return render(request, "stakeholders/import_result.html", {"batch": batch})
    try:
        result = imports.check(batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("stakeholders:import")
    only_rejected = request.GET.get("show") == "rejected"
    rows = result.rejected_rows if only_rejected else result.rows
    return render(
        request,
        "stakeholders/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "only_rejected": only_rejected,
            "page": paginate(request, rows, per_page=PREVIEW_PER_PAGE),
        },
    )


@customs_required
@require_POST
def import_run(request, pk):
    batch = _batch(request, pk)
    try:
        batch = services.run_import(batch, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import is done."))
    return redirect("stakeholders:import_preview", pk=batch.pk)


@portal_exports.export_view
@customs_required
def import_report(request, pk):
    """Every rejected row and why, with its cells as given, to correct and import again."""
    batch = _batch(request, pk)
    if batch.is_imported:
        rejected = batch.rejected
    else:
        rejected = [row.as_report() for row in imports.check(batch).rejected_rows]
    headers = imports.report_headers(rejected)
    stem = batch.file_name.rsplit(".", 1)[0] or "import"
    stem = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "-" for ch in stem)[:60]
    response = portal_exports.csv_response(
        f"{stem}-rejected",
        [_("Row"), _("Why it was rejected")] + headers,
        imports.report_rows(rejected, headers),
    )
    return response
