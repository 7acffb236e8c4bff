"""The registry's spreadsheet columns, shared by import and export, and the file writers.

An exported file can be imported again: export headers are the columns' labels in the current
language, and import recognises a column by its key, its English label or its French label
(plus a few common aliases), whatever the case, accents or punctuation.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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


def _export_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, Promise):
        return str(value)
    return value


_PHONE_LIKE = re.compile(r"^[+-][\d\s().-]*$")


def _safe_for_spreadsheet(value):
    # A cell starting with = + - @ is run as a formula by spreadsheet programs: neutralise it
    # with a leading apostrophe (which import removes again). Phone numbers stay as they are.
    if (
        isinstance(value, str)
        and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        and not _PHONE_LIKE.match(value)
    ):
        return "'" + value
    return value


def unescape_cell(text):
    """Undo _safe_for_spreadsheet on an imported cell."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def csv_response(filename, headers, rows):
    """A CSV download in UTF-8 with a byte-order mark, so spreadsheet programs read accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_safe_for_spreadsheet(_export_value(v)) for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, sheets):
    """An XLSX download; `sheets` is a list of (title, headers, rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_safe_for_spreadsheet(_export_value(v)) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
