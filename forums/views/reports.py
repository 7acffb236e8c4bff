"""Officers' reports on a forum: who registered and attended, by category, region and country;
the survey's answers."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from forums import stats
from forums.models import Feedback, Forum
from portal.pagination import paginate
from portal.permissions import customs_required


@customs_required
def statistics(request, slug):
    forum = get_object_or_404(Forum.objects.with_counts(), slug=slug)
    series = [("registered", _("Registered")), ("attended", _("Attended"))]
    tables = []
    for dimension, title in [
        ("category", _("By organisation category")),
        ("region", _("By region of Mali")),
        ("country", _("By country")),
    ]:
        rows = stats.breakdown(forum, dimension)
        tables.append(
            {
                "id": dimension,
                "title": title,
                "rows": rows,
                "chart": stats.bar_chart(title, rows, series),
            }
        )
    return render(request, "forums/statistics.html", {"forum": forum, "tables": tables})


@customs_required
def feedback_summary(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    summary = stats.feedback_summary(forum)
    rating_rows = [
        {"label": f"{rating}/5", "answers": count} for rating, count in summary["ratings"]
    ]
    answers = (
        Feedback.objects.filter(registration__forum=forum)
        .exclude(suggestions="")
        .select_related("registration__user", "registration__organization")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "forums/feedback_summary.html",
        {
            "forum": forum,
            "summary": summary,
            "rating_rows": rating_rows,
            "chart": stats.bar_chart(
                _("Answers by rating"), rating_rows, [("answers", _("Answers"))]
            ),
            "page": paginate(request, answers),
        },
    )
