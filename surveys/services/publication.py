"""Publishing a survey's results: an officer opens (or closes) the public results page.

The published page shows what the officers' page shows, with the same hiding of every figure
drawn from fewer than five respondents (surveys/results.py); free-text answers only when the
officer chose to publish them too (they may name someone), which is off unless asked.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import is_customs
from surveys.models import Survey
from surveys.services._common import Refused, lock_survey


def publish(survey, *, acting_user, with_texts=False, now=None):
    """Publish the results of a launched survey (again: with the texts or not, as now asked).
    Returns the survey."""
    if not is_customs(acting_user):
        raise Refused(_("Only Customs officers publish survey results."), "permission")
    with transaction.atomic():
        survey = lock_survey(survey)
        if survey.status != Survey.Status.LAUNCHED:
            raise Refused(_("Only a launched survey’s results can be published."), "draft")
        if survey.results_published_at is None:
            survey.results_published_at = now or timezone.now()
            survey.results_published_by = acting_user
        survey.results_publish_texts = bool(with_texts)
        survey.save(
            update_fields=[
                "results_published_at",
                "results_published_by",
                "results_publish_texts",
                "updated_at",
            ]
        )
    return survey


def unpublish(survey, *, acting_user):
    """Take the published results down. Returns the survey."""
    if not is_customs(acting_user):
        raise Refused(_("Only Customs officers publish survey results."), "permission")
    with transaction.atomic():
        survey = lock_survey(survey)
        survey.results_published_at = None
        survey.results_published_by = None
        survey.results_publish_texts = False
        survey.save(
            update_fields=[
                "results_published_at",
                "results_published_by",
                "results_publish_texts",
                "updated_at",
            ]
        )
    return survey
