"""The registry's exports: what a file holds, decided by who asks.

Officers export the filtered registry with its assessment columns (and, in XLSX, a second sheet
of contacts); the columns are those import reads, so an export can be imported again without
duplicates. Everyone else can only export the public directory: name, acronym, category,
region (or country) and description, never anything of the mapping.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import exports as portal_exports
from stakeholders import spreadsheet
from stakeholders.models import Assessment, Contact, quadrant_of

DIRECTORY_HEADERS = [
    gettext_lazy("Name"),
    gettext_lazy("Acronym"),
    gettext_lazy("Category"),
    gettext_lazy("Region"),
    gettext_lazy("Public description"),
]

ASSESSMENT_HEADERS = [
    gettext_lazy("Verified"),
    gettext_lazy("Influence"),
    gettext_lazy("Interest"),
    gettext_lazy("Quadrant"),
    gettext_lazy("Attitude"),
    gettext_lazy("Current engagement"),
    gettext_lazy("Desired engagement"),
    gettext_lazy("Assessed on"),
]


def _yes_no(value):
    return _("yes") if value else _("no")


def directory_table(queryset):
    """Public fields only, whoever asks."""
    rows = (
        [o.name, o.acronym, o.get_category_display(), o.location, o.description]
        for o in queryset.only(
            "name", "acronym", "category", "region", "country", "description"
        ).order_by("name", "pk")
    )
    return DIRECTORY_HEADERS, rows


def registry_table(queryset):
    """Officers' export: every registry column, then the latest assessment's."""
    attitudes = dict(Assessment.Attitude.choices)
    engagements = dict(Assessment.Engagement.choices)
    quadrants = dict(Assessment.Quadrant.choices)
    headers = [c.label for c in spreadsheet.ORGANIZATION_COLUMNS] + ASSESSMENT_HEADERS
    organizations = queryset.prefetch_related("sectors").order_by("name", "pk")

    def rows():
        for o in organizations:
            quadrant = quadrant_of(o.latest_influence, o.latest_interest)
            yield [
                o.name,
                o.acronym,
                o.get_category_display(),
                "; ".join(str(s) for s in o.sectors.all()),
                o.get_region_display(),
                o.country.name if o.country else "",
                o.address,
                o.phone,
                o.email,
                o.website,
                o.registry_number,
                o.get_status_display(),
                o.description,
                o.internal_notes,
                _yes_no(o.verified),
                o.latest_influence,
                o.latest_interest,
                quadrants.get(quadrant, ""),
                attitudes.get(o.latest_attitude, ""),
                engagements.get(o.latest_current_engagement, ""),
                engagements.get(o.latest_desired_engagement, ""),
                o.latest_assessed_at,
            ]

    return headers, rows()


def contacts_table(queryset):
    """Officers' XLSX: one row per contact, in import's columns (organisation name and
    registry number identify the organisation)."""
    headers = (
        [
            spreadsheet.ORGANIZATION_COLUMNS[0].label,
            next(c.label for c in spreadsheet.ORGANIZATION_COLUMNS if c.key == "registry_number"),
        ]
        + [c.label for c in spreadsheet.CONTACT_COLUMNS]
        + [gettext_lazy("Consent given on")]
    )
    languages = {"fr": _("French"), "en": _("English")}
    contacts = (
        Contact.objects.filter(organization__in=queryset.values("pk"))
        .select_related("organization")
        .order_by("organization__name", "name", "pk")
    )
    rows = (
        [
            c.organization.name,
            c.organization.registry_number,
            c.name,
            c.position,
            c.email,
            c.phone,
            languages.get(c.language, c.language),
            _yes_no(c.consent),
            c.consent_date,
        ]
        for c in contacts
    )
    return headers, rows


def filename(stem):
    return f"{stem}-{timezone.localdate():%Y-%m-%d}"


def registry_response(queryset, file_format):
    name = filename("stakeholders")
    headers, rows = registry_table(queryset)
    if file_format == "xlsx":
        contact_headers, contact_rows = contacts_table(queryset)
        return portal_exports.xlsx_response(
            name,
            portal_exports.workbook_bytes(
                [
                    (_("Organisations"), headers, rows),
                    (_("Contacts"), contact_headers, contact_rows),
                ]
            ),
        )
    return portal_exports.csv_response(name, headers, rows)


def directory_response(queryset, file_format):
    name = filename("directory")
    headers, rows = directory_table(queryset)
    if file_format == "xlsx":
        return portal_exports.xlsx_response(
            name, portal_exports.workbook_bytes([(_("Directory"), headers, rows)])
        )
    return portal_exports.csv_response(name, headers, rows)
