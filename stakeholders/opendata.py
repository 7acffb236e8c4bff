"""The public directory of verified organisations as open data (portal.opendata): public
fields only, the same whoever downloads it (stakeholders.exports.directory_table)."""

from django.utils.translation import gettext_lazy as _

from portal import opendata
from portal.opendata import TEXT, Field, Format

DATASET = opendata.Dataset(
    slug="directory",
    title=_("Directory of verified organisations"),
    description=_(
        "The private-sector organisations Customs has verified, with what they publish of "
        "themselves. The download takes the directory's filters in its query string."
    ),
    frequency=opendata.CONTINUOUS,
    fields=[
        Field("name", TEXT, _("The organisation's name."), _("Name")),
        Field("acronym", TEXT, _("Its acronym."), _("Acronym")),
        Field("category", TEXT, _("Its category of stakeholder."), _("Category")),
        Field("region", TEXT, _("Where it is: region and country."), _("Region")),
        Field(
            "description",
            TEXT,
            _("What it says of itself, publicly."),
            _("Public description"),
        ),
    ],
    formats=[
        Format("csv", "stakeholders:directory_export", query={"format": "csv"}),
        Format("xlsx", "stakeholders:directory_export", query={"format": "xlsx"}),
    ],
)
