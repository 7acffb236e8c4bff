"""Exports (officers): a plan as a spreadsheet or a PDF report."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from actionplans.forms import ExportForm
from actionplans.reports import pdf, xlsx
from actionplans.views import visible_plan
from portal import exports
from portal.permissions import customs_required


@exports.export_view
@customs_required
def plan_export(request, pk):
    plan = visible_plan(request, pk)
    form = ExportForm(
        request.GET if "format" in request.GET else None,
        initial={"language": request.LANGUAGE_CODE},
    )
    if form.is_valid():
        data = form.cleaned_data
        public_only = data["scope"] == "public"
        stem = slugify(plan.title)[:60] or "plan"
        name = f"{stem}-{timezone.localdate():%Y-%m-%d}-{data['language']}"
        if data["format"] == "xlsx":
            content = xlsx.build_xlsx(plan, language=data["language"], public_only=public_only)
            return exports.xlsx_response(name, content)
        content = pdf.build_pdf(plan, language=data["language"], public_only=public_only)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(
        request, "actionplans/plan_export.html", {"plan": plan, "form": form, "tab": "export"}
    )
