"""The registry's spreadsheet columns, shared by import and export (the files themselves are
written by portal/exports.py).

An exported file can be imported again: export headers are the columns' labels in the current
language, and import recognises a column by its key, its English label or its French label
(plus a few common aliases), whatever the case, accents or punctuation.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import exports
from stakeholders.models import normalize_name


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    aliases: tuple = field(default_factory=tuple)


ORGANIZATION_COLUMNS = [
    Column("name", _("Name"), ("organisation", "organization", "raison sociale", "nom")),
    Column("acronym", _("Acronym"), ("sigle",)),
    Column("category", _("Category"), ("categorie", "type")),
    Column("sectors", _("Sectors"), ("sector", "secteur", "secteurs")),
    Column("region", _("Region"), ("region of mali",)),
    Column("country", _("Country"), ("pays",)),
    Column("address", _("Address"), ("adresse",)),
    Column("phone", _("Phone"), ("telephone", "tel")),
    Column("email", _("E-mail"), ("email", "courriel", "mail")),
    Column("website", _("Website"), ("site web", "site internet", "web")),
    Column("registry_number", _("Tax or registry number"), ("nif", "rccm", "registry number")),
    Column("status", _("Status"), ("statut",)),
    Column("description", _("Public description"), ("description",)),
    Column("internal_notes", _("Internal notes"), ("notes",)),
]
CONTACT_COLUMNS = [
    Column("contact_name", _("Contact name"), ("contact", "nom du contact")),
    Column("contact_position", _("Contact position"), ("fonction", "poste")),
    Column("contact_email", _("Contact e-mail"), ("email du contact", "courriel du contact")),
    Column("contact_phone", _("Contact phone"), ("telephone du contact",)),
    Column("contact_language", _("Contact language"), ("langue", "langue du contact")),
    Column("contact_consent", _("Contact consents to be contacted"), ("consent", "consentement")),
]
IMPORT_COLUMNS = ORGANIZATION_COLUMNS + CONTACT_COLUMNS


def header_lookup():
    """normalised header text -> column key, for every spelling import accepts."""
    lookup = {}
    for column in IMPORT_COLUMNS:
        lookup[normalize_name(column.key)] = column.key
        for alias in column.aliases:
            lookup.setdefault(normalize_name(alias), column.key)
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[normalize_name(str(column.label))] = column.key
    return lookup


def cell_text(value):
    """A spreadsheet cell as the text a person typed (numbers without a spurious ".0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def unescape_cell(text):
    """Undo portal.exports.safe_cell on an imported cell (an exported file imported again)."""
    if text[:1] == "'" and text[1:2] and text[1:2] in exports.FORMULA_START:
        return text[1:]
    return text
