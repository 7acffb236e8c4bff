"""The integrity registers as open data (portal.opendata): the register of contacts, whose
downloads give an entry's public fields only (integrity.views.register._record) and count the
withheld entries per legal reason without showing them, and the gifts and hospitality
register."""

from django.utils.translation import gettext_lazy as _

from portal import opendata
from portal.opendata import BOOLEAN, DATE, INTEGER, MOMENT, TEXT, TEXT_LIST, URL, Field, Format

REGISTER = "register-of-contacts"

REGISTER_DATASET = opendata.Dataset(
    slug=REGISTER,
    title=_("Register of contacts with the private sector"),
    description=_(
        "Every meeting held with companies and every contact officers logged outside meetings, "
        "published within its due days: when, with whom, which unit, on what subject and with "
        "what outcome. Withheld entries are never shown, only counted per legal reason (the "
        "JSON download's withheld list). The download takes the register's filters "
        "(organization, unit, kind, since, until, q) in its query string."
    ),
    frequency=opendata.DAILY,
    fields=[
        Field("id", INTEGER, _("The entry's number in the register.")),
        Field("url", URL, _("The entry's public page.")),
        Field("date", DATE, _("When the contact took place.")),
        Field(
            "kind",
            TEXT,
            _("meeting, visit, call, site_inspection, email or other."),
        ),
        Field("kind_label", TEXT, _("The kind in the reader's language.")),
        Field(
            "organizations",
            TEXT_LIST,
            _("The organisations present that the public directory names (verified, active)."),
        ),
        Field(
            "unverified_organizations",
            INTEGER,
            _("How many organisations present are not yet verified (never named)."),
        ),
        Field("private_individuals", INTEGER, _("Persons present in their own name.")),
        Field("unit", TEXT, _("The Customs unit.")),
        Field("officer_role", TEXT, _("The role of the senior officer present.")),
        Field("subject", TEXT, _("What the contact was about.")),
        Field("outcome", TEXT, _("Its public outcome.")),
        Field("due_on", DATE, _("The date by which the entry was due.")),
        Field("published_at", MOMENT, _("When the entry was published.")),
        Field(
            "outcome_overdue",
            BOOLEAN,
            _("Published automatically at its due date, and not completed since."),
        ),
        Field("completed_late", BOOLEAN, _("Completed after its due date.")),
    ],
    formats=[
        Format("csv", "integrity:register_export", query={"format": "csv"}),
        Format("json", "integrity:register_export", query={"format": "json"}),
    ],
)

GIFTS_DATASET = opendata.Dataset(
    slug="gifts-register",
    title=_("Register of gifts and hospitality"),
    description=_(
        "The gifts and hospitality offered to Customs officers by the private sector, declared "
        "by the officers, with what was decided: accepted or refused, approved or returned. "
        "Officers are shown by unit and position."
    ),
    frequency=opendata.DAILY,
    fields=[
        Field("reference", TEXT, _("The declaration's reference."), _("Reference")),
        Field("offered_on", DATE, _("When it was offered."), _("Offered on")),
        Field("kind", TEXT, _("A gift, hospitality or an invitation."), _("Kind")),
        Field("offered_by", TEXT, _("Who offered it."), _("Offered by")),
        Field(
            "estimated_value",
            INTEGER,
            _("Its estimated value."),
            _("Estimated value (CFA francs)"),
        ),
        Field("decision", TEXT, _("Accepted or refused by the officer."), _("Decision")),
        Field(
            "status",
            TEXT,
            _("Refused, accepted, awaiting approval, approved, or return ordered."),
            _("Status"),
        ),
        Field("unit", TEXT, _("The officer's Customs unit."), _("Customs unit")),
        Field("position", TEXT, _("The officer's position."), _("Position")),
    ],
    formats=[Format("csv", "integrity:gifts_csv")],
)
