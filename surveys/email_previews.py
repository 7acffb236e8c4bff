"""Previews of the surveys' e-mails (portal.emailpreview): demo data built in memory, never
saved, rendered as surveys.emails renders the real ones."""

from django.conf import settings

from portal import emailpreview
from surveys.models import Survey


@emailpreview.register("surveys-invitation", "surveys-reminder")
def survey_previews(name):
    survey = Survey(
        slug="avis-forum-delais-dedouanement",
        title_fr="Votre avis sur le forum national sur les délais de dédouanement",
        title_en="Your opinion on the national forum on clearance times",
        intro_fr="Trois questions, une minute.",
        intro_en="Three questions, one minute.",
        anonymous=True,
        audience=Survey.Audience.FORUM,
        opens_at=emailpreview.moment(1, 9),
        closes_at=emailpreview.moment(15, 9),
        status=Survey.Status.LAUNCHED,
    )
    return {
        "context": {
            "survey": survey,
            "name": "Aminata Traoré",
            "survey_url": f"{settings.SITE_URL}{survey.get_absolute_url()}",
        }
    }
