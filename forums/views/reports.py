"""Officers' reports on a forum: who registered and attended, by category, region and country;
the way to the feedback survey's results."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forums import feedback as forum_feedback
from forums import stats
from forums.models import Forum
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
    """The answers to the feedback survey are the survey's results (surveys app): this page,
    still in the forum's menu, leads there."""
    forum = get_object_or_404(Forum, slug=slug)
    link = forum_feedback.results_link(forum)
    if link:
        return redirect(link[0])
    return render(request, "forums/feedback_summary.html", {"forum": forum})
