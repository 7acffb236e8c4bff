from django import template

from surveys.models import Survey

register = template.Library()


@register.simple_tag
def published_surveys(limit=None):
    """The surveys whose results are published, the newest publication first."""
    surveys = Survey.objects.with_published_results().order_by("-results_published_at", "-pk")
    return list(surveys[:limit] if limit else surveys)
