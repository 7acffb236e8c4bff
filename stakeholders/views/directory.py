"""The public directory of verified organisations: name, category, region, description only.

Anyone may read it, visitors included; its filters and export use public fields only.
"""

from django.shortcuts import render

from portal import exports as portal_exports
from portal.pagecache import for_visitors
from portal.pagination import paginate
from stakeholders import exports, filters


@for_visitors("stakeholders")
def directory(request):
    form, organizations = filters.organizations(request.GET, user=request.user, public=True)
    page = paginate(
        request,
        organizations.only(
            "name", "acronym", "category", "region", "country", "description"
        ).order_by("name", "pk"),
    )
    return render(
        request,
        "stakeholders/directory.html",
        {"form": form, "page": page, "filter_query": form.query_string()},
    )


@portal_exports.export_view
def directory_export(request):
    form, organizations = filters.organizations(request.GET, user=request.user, public=True)
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return exports.directory_response(organizations, file_format)
