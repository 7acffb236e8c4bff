"""Consultations as open data: the list's dataset on the open data page (portal.opendata), the
record of one consultation in its downloads, and the published reports. Only what the list
and a consultation's page show a reader: never a draft to anyone but Customs, nor a comment's
text, an invited organisation or who commented."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import Consultation
from portal import opendata
from portal.opendata import DATE, INTEGER, MOMENT, TEXT, URL, Field, Format

SLUG = "consultations"

DATASET = opendata.Dataset(
    slug=SLUG,
    title=_("Consultations on draft texts"),
    description=_(
        "The draft texts Customs put to the private sector before adopting them: their "
        "comment period, how many comments they received and their report, as the list of "
        "consultations shows them. The download takes the list's filters (q, phase) in its "
        "query string."
    ),
    frequency=opendata.CONTINUOUS,
    fields=[
        Field("id", INTEGER, _("The consultation's number in the portal."), _("Number")),
        Field("url", URL, _("The consultation's page."), _("Address")),
        Field("title", TEXT, _("The draft text's title."), _("Title")),
        Field("summary", TEXT, _("What the text is about, in plain words."), _("Summary")),
        Field(
            "status",
            TEXT,
            _(
                "open, closed, report_published or adopted (draft for Customs only); a "
                "consultation past its closing time is closed."
            ),
            _("Status"),
        ),
        Field("status_label", TEXT, _("The status in the reader's language."), _("Status")),
        Field(
            "audience",
            TEXT,
            _("public, or invited when only invited organisations may comment."),
            _("Audience"),
        ),
        Field(
            "opens_at",
            MOMENT,
            _("When the comment period opened; empty before."),
            _("opened on"),
        ),
        Field("closes_at", MOMENT, _("When the comment period closes."), _("Closes on")),
        Field(
            "entry_into_force",
            DATE,
            _("The planned (or actual) entry into force of the text."),
            _("Planned entry into force"),
        ),
        Field("adopted_on", DATE, _("When the text was adopted."), _("Adopted on")),
        Field(
            "comment_count",
            INTEGER,
            _("Comments received and not withdrawn."),
            _("Comments received"),
        ),
        Field(
            "report_url",
            URL,
            _("The report on how the comments were handled (PDF), once published."),
            pgettext_lazy("a consultation's report document", "Report"),
        ),
    ],
    formats=[
        Format("csv", "consultations:list_export", query={"format": "csv"}),
        Format("json", "consultations:list_export", query={"format": "json"}),
    ],
)


def record(request, consultation):
    """A consultation as its downloads give it (`comment_count` annotated by the list)."""
    phase = consultation.phase()
    report = None
    if consultation.report_is_published:
        report = request.build_absolute_uri(
            reverse("consultations:report_pdf", args=[consultation.pk])
        )
    return {
        "id": consultation.pk,
        "url": request.build_absolute_uri(consultation.get_absolute_url()),
        "title": consultation.title,
        "summary": consultation.summary,
        "status": str(phase.value),
        "status_label": str(phase.label),
        "audience": consultation.audience,
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        "entry_into_force": consultation.entry_into_force,
        "adopted_on": consultation.adopted_on,
        "comment_count": consultation.comment_count,
        "report_url": report,
    }


def published_reports():
    """The report of each consultation that anyone may read, as a PDF, newest first."""
    shown = Consultation.objects.visible_to(AnonymousUser()).filter(
        status__in=[Consultation.Status.REPORT_PUBLISHED, Consultation.Status.ADOPTED]
    )
    return [
        Format("pdf", "consultations:report_pdf", kwargs={"pk": c.pk}, title=c.title)
        for c in shown.order_by("-report_published_at", "-pk").only("pk", "title")
    ]


REPORTS = opendata.Dataset(
    slug="consultation-reports",
    title=_("Reports of the consultations"),
    description=_(
        "For each consultation whose report is published: every comment received, the answer "
        "Customs gave it, and what changed between the text consulted and the text adopted. "
        "One PDF per consultation."
    ),
    frequency=opendata.IRREGULAR,
    fields=[
        Field("section", TEXT, _("The part of the text a comment is on, or the whole text."), ""),
        Field(
            "comment",
            TEXT,
            _("A comment its author allowed to be published, and who made it."),
            "",
        ),
        Field(
            "decision",
            TEXT,
            _("What Customs decided: accepted, partly accepted, not accepted, or noted."),
            "",
        ),
        Field("reason", TEXT, _("Why, in Customs’ words."), ""),
        Field(
            "changes",
            TEXT,
            _("What changed, section by section, between the text consulted and the final one."),
            "",
        ),
    ],
    each=published_reports,
)
