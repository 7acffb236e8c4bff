"""Lists and reading: the list, a consultation, its versions and their comparison, the
comments, the report."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from consultations import agenda, diff, forms, opendata, report
from consultations.models import Comment, Consultation
from consultations.views import visible_consultation
from portal import exports, permissions
from portal import opendata as portal_opendata
from portal.pagecache import for_visitors
from portal.pagination import paginate
from portal.permissions import visitors_sign_in_first


def consultation_list_selection(params, *, user):
    """The consultations list's filter form bound to `params` (a query string) and the
    consultations `user` may see that it selects, in the list's order: the one selection the
    page, its downloads and the API share."""
    form = forms.SearchForm(params or None, include_drafts=permissions.is_customs(user))
    found = Consultation.objects.visible_to(user).with_comment_count()
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            found = found.filter(Q(title__icontains=query) | Q(summary__icontains=query))
        if form.cleaned_data["phase"]:
            found = found.in_phase(form.cleaned_data["phase"])
    return form, found.order_by("-closes_at", "-pk")


def consultation_list(request):
    form, found = consultation_list_selection(request.GET, user=request.user)
    page = paginate(request, found)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/list.html",
        {
            "form": form,
            "page": page,
            "consultations": page.object_list,
            "officer": permissions.is_customs(request.user),
            "filter_query": query.urlencode(),
        },
    )


@exports.export_view
def list_export(request):
    """The consultations the list shows this viewer, with its filters, as CSV (`?format=csv`,
    the default) or JSON (`?format=json`)."""
    _form, found = consultation_list_selection(request.GET, user=request.user)
    records = [opendata.record(request, consultation) for consultation in found]
    if request.GET.get("format") == "json":
        return portal_opendata.json_response(opendata.SLUG, records)
    return portal_opendata.csv_response(opendata.SLUG, records)


@for_visitors("consultations", "meetings", "forums")
@visitors_sign_in_first
def consultation_detail(request, pk):
    consultation = visible_consultation(request, pk)
    user = request.user
    version = consultation.latest_version()
    sections = list(version.sections.all()) if version else []
    visible_comments = Comment.objects.readable(consultation, user)
    counts = {
        row["section__key"] or "": row["n"]
        for row in visible_comments.values("section__key").annotate(n=Count("pk"))
    }
    for section in sections:
        section.comment_count = counts.get(section.key, 0)
    own = []
    if user.is_authenticated:
        own = list(
            consultation.comments.filter(author=user)
            .active()
            .select_related("section", "organization", "author")
            .prefetch_related("attachments")
        )
    officer = permissions.is_customs(user)
    context = {
        "consultation": consultation,
        "invited_bodies": list(consultation.invited_bodies.order_by("name")),
        "meetings": list(agenda.meetings_discussing(consultation, user)),
        "forum_sessions": list(agenda.sessions_discussing(consultation, user)),
        "version": version,
        "sections": sections,
        "whole_text_count": counts.get("", 0),
        "total_visible": sum(counts.values()),
        # The list's "comments received", from the same count; those the viewer may not read
        # are the private ones (others' private comments, for all but officers).
        "comment_count": Consultation.objects.filter(pk=consultation.pk)
        .with_comment_count()
        .values_list("comment_count", flat=True)
        .get(),
        "own_comments": own,
        "officer": officer,
        "may_comment": permissions.may_comment_on_consultations(user)
        and consultation.is_open_for_comments(),
        "version_count": consultation.versions.count(),
    }
    context["comments_not_shown"] = context["comment_count"] - context["total_visible"]
    if officer:
        context["awaiting"] = consultation.comments.awaiting_decision().count()
        context["invited_organizations"] = list(consultation.invited_organizations.order_by("name"))
        context["invitee_count"] = consultation.invitees().count()
    return render(request, "consultations/detail.html", context)


def version_detail(request, pk, number):
    consultation = visible_consultation(request, pk)
    version = get_object_or_404(consultation.versions.select_related("published_by"), number=number)
    return render(
        request,
        "consultations/version.html",
        {
            "consultation": consultation,
            "version": version,
            "sections": version.sections.all(),
            "versions": consultation.versions.select_related("published_by"),
        },
    )


def compare(request, pk):
    consultation = visible_consultation(request, pk)
    versions = list(consultation.versions.select_related("published_by"))
    numbers = [v.number for v in versions]
    if len(numbers) < 2:
        initial = {"old": numbers[0], "new": numbers[0]} if numbers else {}
    else:
        initial = {"old": numbers[-2], "new": numbers[-1]}
    form = forms.CompareForm(request.GET or initial, numbers=numbers)
    diffs = None
    old = new = None
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        diffs = diff.compare_sections(list(old.sections.all()), list(new.sections.all()))
    return render(
        request,
        "consultations/compare.html",
        {
            "consultation": consultation,
            "versions": versions,
            "form": form,
            "old": old,
            "new": new,
            "diffs": diffs,
            "changes": diff.summary(diffs) if diffs is not None else None,
        },
    )


def comment_list_selection(consultation, params, *, user, sections):
    """The comments page's filter form bound to `params` and the comments of `consultation`
    that `user` may see that it selects, in the page's order: the one selection the page and
    the API share. `sections`: those of the latest version, the section filter's choices."""
    officer = permissions.is_customs(user)
    form = forms.CommentFilterForm(params or None, sections=sections, officer=officer)
    shown = (
        Comment.objects.readable(consultation, user)
        .select_related("section", "author", "organization", "decided_by")
        .prefetch_related("attachments")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            query = data["q"].strip()
            match = Q(body__icontains=query) | Q(reason__icontains=query)
            if officer:
                match |= (
                    Q(author__full_name__icontains=query)
                    | Q(organization__name__icontains=query)
                    | Q(organization__acronym__icontains=query)
                )
            shown = shown.filter(match)
        if data["section"] == "whole":
            shown = shown.filter(section__isnull=True)
        elif data["section"]:
            shown = shown.filter(section__key=data["section"])
        if officer and data.get("decision") == form.WAITING:
            shown = shown.filter(decision="")
        elif officer and data.get("decision"):
            shown = shown.filter(decision=data["decision"])
    return form, shown.order_by("created_at", "pk")


def comment_list(request, pk):
    consultation = visible_consultation(request, pk)
    user = request.user
    officer = permissions.is_customs(user)
    version = consultation.latest_version()
    sections = list(version.sections.all()) if version else []
    form, shown = comment_list_selection(consultation, request.GET, user=user, sections=sections)
    page = paginate(request, shown)
    context = {
        "consultation": consultation,
        "form": form,
        "page": page,
        "comments": page.object_list,
        "officer": officer,
        "may_decide": officer and not consultation.report_is_published,
    }
    if officer:
        context["awaiting"] = consultation.comments.awaiting_decision().count()
    return render(request, "consultations/comments.html", context)


def report_page(request, pk):
    consultation = visible_consultation(request, pk)
    officer = permissions.is_customs(request.user)
    if not (consultation.report_is_published or officer):
        raise Http404
    built = report.build_report(consultation)
    return render(
        request,
        "consultations/report.html",
        {"consultation": consultation, "report": built, "officer": officer},
    )


def report_pdf(request, pk):
    consultation = visible_consultation(request, pk)
    if not (consultation.report_is_published or permissions.is_customs(request.user)):
        raise Http404
    language = request.GET.get("lang", translation.get_language())
    if language not in ("fr", "en"):
        language = "fr"
    data = report.report_pdf(consultation, language)
    response = HttpResponse(data, content_type="application/pdf")
    name = "rapport" if language == "fr" else "report"
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-{name}-{language}.pdf"'
    )
    return response
