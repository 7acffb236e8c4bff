"""Reading and checking a spreadsheet of organisations and contacts (CSV or XLSX).

`check(batch)` reads every row, validates it and says what importing it would do (create an
organisation, update an existing one, or reject the row and why). It writes nothing: the
preview shows it, and services.run_import writes the valid rows.

A row is one organisation, optionally with one of its contacts; several rows may name the same
organisation (one per contact). A row matches an existing organisation by its registry number,
else by its normalised name, so importing the same file again creates no duplicates.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from portal import uploads
from stakeholders import spreadsheet
from stakeholders.models import (
    CONTACT_FIELDS,
    ORGANIZATION_FIELDS,
    Category,
    Organization,
    Region,
    Sector,
    normalize_name,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Import reads some twenty columns; cells further right are never read.
MAX_COLUMNS = 100


# --- Reading ----------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    headers: list  # the header cells as written
    rows: list  # (row number, [cell text, ...])


# An old Excel (.xls) file is an OLE compound document.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(content):
    """ "xlsx" or "csv", decided by the content (portal/uploads.py), never by the file name."""
    if not content:
        raise ValidationError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
    if content.startswith(_OLE_SIGNATURE):
        raise ValidationError(
            _("Files in the old Excel format (.xls) cannot be read: save it as XLSX or CSV.")
        )
    kind = uploads.sniff(io.BytesIO(content))
    if kind == uploads.XLSX:
        return "xlsx"
    if kind is None and content.startswith(b"PK\x03\x04"):
        # A ZIP archive that is no workbook: a damaged file, or one with macros (.xlsm).
        raise ValidationError(_("The XLSX file cannot be read. Is it really an XLSX file?"))
    if kind is not None or b"\x00" in content[:4096]:
        # A PDF, an image, a Word file... or any other binary file: not text, so not a CSV.
        raise ValidationError(_("Upload a CSV or XLSX file."))
    return "csv"


def _decode(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The CSV file's text encoding is not recognised: save it as UTF-8."))


def _read_csv(content):
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    # French spreadsheet programs write ";" between cells; others ",".
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise ValidationError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    if not lines:
        raise ValidationError(_("The file is empty."))
    headers = [cell.strip() for cell in lines[0]]
    rows = [(str(n), [c.strip() for c in cells]) for n, cells in enumerate(lines[1:], start=2)]
    return [Sheet("", headers, rows)]


def _too_many_rows():
    return ValidationError(
        _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}
    )


def _read_xlsx(content, usable):
    """The sheets of a workbook whose header row `usable` accepts, with their rows.

    A workbook is a ZIP archive that may expand far beyond its size: what its directory
    declares is checked first (portal.uploads.check_archive), then the sheets are read row by
    row (openpyxl's read-only mode) and reading stops at the row limit. Sheets without a name
    column are not read beyond their header, and no row is read wider than MAX_COLUMNS (one
    cell in the last column made openpyxl widen every row to 16,384 cells).
    """
    from openpyxl import load_workbook

    uploads.check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            _("The XLSX file cannot be read. Is it really an XLSX file?")
        ) from exc
    sheets = []
    left = MAX_ROWS
    try:
        for worksheet in workbook.worksheets:
            width = min(worksheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
            lines = iter(worksheet.iter_rows(values_only=True, max_col=width))
            header = next(lines, None)
            if header is None:
                continue
            headers = [spreadsheet.cell_text(c) for c in header]
            while headers and not headers[-1]:
                headers.pop()  # a sheet's declared width may run past its last column
            if not usable(headers):
                continue
            rows = []
            for n, cells in enumerate(lines, start=2):
                if left == 0:
                    raise _too_many_rows()
                left -= 1
                rows.append((str(n), [spreadsheet.cell_text(c) for c in cells[: len(headers)]]))
            sheets.append(Sheet(worksheet.title, headers, rows))
    finally:
        workbook.close()
    return sheets


def read_rows(file_format, content):
    """The file's sheets that have a name column, with their rows. Raises ValidationError."""
    lookup = spreadsheet.header_lookup()

    def usable(headers):
        return "name" in {lookup.get(normalize_name(h)) for h in headers}

    if file_format == "xlsx":
        sheets = _read_xlsx(content, usable)
    else:
        sheets = [sheet for sheet in _read_csv(content) if usable(sheet.headers)]
    if not sheets:
        raise ValidationError(
            _(
                "No column of organisation names was found: the first row must hold the column "
                "names, one of them “Name” (or “Nom”)."
            )
        )
    if sum(len(s.rows) for s in sheets) > MAX_ROWS:
        raise _too_many_rows()
    if len(sheets) > 1:
        for sheet in sheets:
            sheet.rows = [(f"{sheet.title}:{n}", cells) for n, cells in sheet.rows]
    return sheets


# --- Validating one row -----------------------------------------------------------------


def _label_lookup(choices):
    """normalised code or label (English or French) -> code."""
    lookup = {}
    for code, label in choices:
        lookup[normalize_name(code)] = code
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[normalize_name(str(label))] = code
    return lookup


class LabelChoiceField(forms.CharField):
    """A choice given by its code or its label in either language."""

    def __init__(self, *, choices, unknown_message, **kwargs):
        super().__init__(**kwargs)
        self.lookup = _label_lookup(choices)
        self.unknown_message = unknown_message
        self.choice_labels = [str(label) for _code, label in choices]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        code = self.lookup.get(normalize_name(value))
        if code is None:
            raise ValidationError(
                self.unknown_message % {"value": value, "choices": ", ".join(self.choice_labels)}
            )
        return code


class SectorsField(forms.CharField):
    def __init__(self, *, sectors, **kwargs):
        super().__init__(**kwargs)
        self.sectors = sectors
        self.lookup = _label_lookup([(s.code, s.get_code_display()) for s in sectors])
        self.by_code = {s.code: s for s in sectors}

    def clean(self, value):
        value = super().clean(value)
        found, unknown = [], []
        for part in value.replace(";", ",").replace("|", ",").replace("\n", ",").split(","):
            if not part.strip():
                continue
            code = self.lookup.get(normalize_name(part))
            if code is None:
                unknown.append(part.strip())
            elif self.by_code[code] not in found:
                found.append(self.by_code[code])
        if unknown:
            raise ValidationError(
                _("Unknown sector: %(values)s. Known sectors: %(choices)s.")
                % {
                    "values": ", ".join(unknown),
                    "choices": ", ".join(str(s) for s in self.sectors),
                }
            )
        return found


class CountryTextField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        if len(value) == 2 and value.upper() in countries:
            return value.upper()
        for language in ("en", "fr"):
            code = countries.by_name(value, language=language)
            if code:
                return code
        raise ValidationError(_("Unknown country “%(value)s”.") % {"value": value})


class YesNoField(forms.CharField):
    YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
    NO = {"no", "n", "non", "false", "faux", "0"}

    def clean(self, value):
        value = normalize_name(super().clean(value))
        if not value:
            return None
        if value in self.YES:
            return True
        if value in self.NO:
            return False
        raise ValidationError(_("Write yes or no (oui or non)."))


class ImportRowForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    acronym = forms.CharField(max_length=30, required=False)
    category = LabelChoiceField(
        choices=Category.choices,
        required=False,
        unknown_message=gettext_lazy("Unknown category “%(value)s”. Use one of: %(choices)s."),
    )
    region = LabelChoiceField(
        choices=Region.choices,
        required=False,
        unknown_message=gettext_lazy("Unknown region “%(value)s”. Use one of: %(choices)s."),
    )
    country = CountryTextField(required=False)
    address = forms.CharField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    registry_number = forms.CharField(max_length=60, required=False)
    status = LabelChoiceField(
        choices=Organization.Status.choices,
        required=False,
        unknown_message=gettext_lazy("Unknown status “%(value)s”. Use one of: %(choices)s."),
    )
    description = forms.CharField(required=False)
    internal_notes = forms.CharField(required=False)
    contact_name = forms.CharField(max_length=150, required=False)
    contact_position = forms.CharField(max_length=150, required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(max_length=40, required=False)
    contact_language = LabelChoiceField(
        choices=[("fr", gettext_lazy("French")), ("en", gettext_lazy("English"))],
        required=False,
        unknown_message=gettext_lazy("Unknown language “%(value)s”. Use one of: %(choices)s."),
    )
    contact_consent = YesNoField(required=False)

    def __init__(self, *args, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"] = SectorsField(sectors=sectors, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("The organisation's name is missing."))
        country = data.get("country") or "ML"
        if data.get("region") and country != "ML":
            self.add_error(
                "region", _("A region of Mali applies only to organisations based in Mali.")
            )
        # Any contact cell filled (consent "no" included, or a cell refused above) asks for a
        # contact, who needs a name.
        contact_given = any(
            data.get(f"contact_{f}") not in (None, "") or self.data.get(f"contact_{f}")
            for f in CONTACT_FIELDS
        )
        if contact_given and not data.get("contact_name") and "contact_name" not in self.errors:
            self.add_error("contact_name", _("A contact needs a name."))
        return data


# --- Checking a file --------------------------------------------------------------------


@dataclass
class CheckedRow:
    number: str
    values: dict  # header as written -> cell text, for the preview and the report
    errors: list = field(default_factory=list)
    organization: dict = field(default_factory=dict)  # cleaned fields, sectors included
    contact: dict | None = None
    match_pk: int | None = None
    match_name: str = ""
    org_key: tuple = ()
    action: str = ""  # "create", "update" or "" (rejected)
    same_as: str = ""  # the earlier row that creates the same new organisation
    display_name: str = ""  # the name cell as given

    def as_report(self):
        # Cells as [header, value] pairs: a JSON object would lose the columns' order
        # (PostgreSQL's jsonb sorts keys).
        return {"row": self.number, "cells": list(self.values.items()), "errors": self.errors}


@dataclass
class CheckResult:
    rows: list
    headers: list  # every header seen, as written, in order
    ignored_columns: list

    @property
    def valid_rows(self):
        return [r for r in self.rows if not r.errors]

    @property
    def rejected_rows(self):
        return [r for r in self.rows if r.errors]


def _field_label(name):
    for column in spreadsheet.IMPORT_COLUMNS:
        if column.key == name:
            return str(column.label)
    return name


# A cell quoted in an error is cut to this many characters.
QUOTED_CELL = 60


def _cell_error(cells, key, error):
    """An error about one column of a row: the column as the file names it, the cell as given,
    then what is wrong with it, so that every error of a row can be fixed in one go."""
    header, value = cells.get(key, (_field_label(key), ""))
    if not value:
        return _("%(column)s (empty): %(error)s") % {"column": header, "error": error}
    if len(value) > QUOTED_CELL:
        value = value[: QUOTED_CELL - 1] + "…"
    return _("%(column)s “%(value)s”: %(error)s") % {
        "column": header,
        "value": value,
        "error": error,
    }


def _require_category(row, form, given):
    """A new organisation needs a category: said with the row's other errors, so that one
    upload shows them all."""
    if not form.cleaned_data.get("category") and "category" not in form.errors:
        row.errors.append(_cell_error(given, "category", _("a new organisation needs a category.")))


def check(batch):
    """Validate every row of a staged import and say what importing it would do."""
    sheets = read_rows(batch.file_format, bytes(batch.content))
    lookup = spreadsheet.header_lookup()
    sectors = list(Sector.objects.all())
    existing = list(Organization.objects.values_list("pk", "name", "registry_number"))
    by_registry = {reg: (pk, name) for pk, name, reg in existing if reg}
    by_name = {}
    for pk, name, reg in existing:
        by_name.setdefault(normalize_name(name), (pk, name, reg))

    headers, ignored, rows = [], [], []
    first_row_of = {}  # org_key -> (row number, normalised name, registry number)
    file_registry = {}  # registry number -> org_key, for organisations new to the registry
    file_names = {}  # normalised name -> org_key
    created_by = {}  # org_key of a new organisation -> the row that creates it
    names_by_pk = {pk: name for pk, name, _reg in existing}
    for sheet in sheets:
        keys = [lookup.get(normalize_name(h)) for h in sheet.headers]
        for header, key in zip(sheet.headers, keys, strict=True):
            if header not in headers:
                headers.append(header)
            if key is None and header and header not in ignored:
                ignored.append(header)
        for number, cells in sheet.rows:
            if not any(cells):
                continue  # a blank line is not data
            values = {
                h: cells[i] if i < len(cells) else "" for i, h in enumerate(sheet.headers) if h
            }
            data = {}
            given = {}  # column key -> (header as written, cell as given) that it was read from
            for i, key in enumerate(keys):
                if not key:
                    continue
                cell = cells[i] if i < len(cells) else ""
                if cell and not data.get(key):
                    data[key] = spreadsheet.unescape_cell(cell)
                    given[key] = (sheet.headers[i], cell)
                else:
                    given.setdefault(key, (sheet.headers[i], ""))
            row = CheckedRow(number=number, values=values, display_name=data.get("name", ""))
            rows.append(row)
            form = ImportRowForm(data, sectors=sectors)
            if not form.is_valid():
                for name, errors in form.errors.items():
                    for error in errors:
                        if name == "__all__":
                            row.errors.append(error)
                        else:
                            row.errors.append(_cell_error(given, name, error))
            cleaned = form.cleaned_data
            name = cleaned.get("name", "")
            registry = cleaned.get("registry_number", "")
            nname = normalize_name(name)

            if not nname:
                # Without a name the row can only be a new organisation.
                _require_category(row, form, given)
                continue

            # Which existing organisation is it? Registry number first, then name.
            match = None
            conflict = False  # named like one of the registry, under another number
            if registry and registry in by_registry:
                match = by_registry[registry]
            elif nname in by_name:
                pk, existing_name, existing_registry = by_name[nname]
                if registry and existing_registry and existing_registry != registry:
                    conflict = True
                    row.errors.append(
                        _cell_error(
                            given,
                            "registry_number",
                            _(
                                "“%(name)s” is already in the registry with registry number "
                                "%(existing)s, not %(given)s."
                            )
                            % {
                                "name": existing_name,
                                "existing": existing_registry,
                                "given": registry,
                            },
                        )
                    )
                else:
                    match = (pk, existing_name)

            # Which organisation of the file is it (several rows may name one)?
            if match:
                key = ("org", match[0])
            elif registry and registry in file_registry:
                key = file_registry[registry]
            elif nname in file_names:
                key = file_names[nname]
                earlier = first_row_of[key]
                if registry and earlier[2] and earlier[2] != registry:
                    row.errors.append(
                        _cell_error(
                            given,
                            "registry_number",
                            _("Row %(row)s gives this organisation registry number %(other)s.")
                            % {"row": earlier[0], "other": earlier[2]},
                        )
                    )
            else:
                key = ("reg", registry) if registry else ("name", nname)
            if key in first_row_of:
                earlier_row, earlier_name, _earlier_registry = first_row_of[key]
                if earlier_name != nname and registry:
                    row.errors.append(
                        _cell_error(
                            given,
                            "registry_number",
                            _(
                                "Duplicate registry number %(number)s: row %(row)s uses it for "
                                "another organisation."
                            )
                            % {"number": registry, "row": earlier_row},
                        )
                    )
            if row.errors:
                if key[0] != "org" and key not in created_by and not conflict:
                    _require_category(row, form, given)
                continue
            first_row_of.setdefault(key, (number, nname, registry))
            if registry:
                file_registry.setdefault(registry, key)
            file_names.setdefault(nname, key)

            row.org_key = key
            if key[0] == "org":
                row.action = "update"
                row.match_pk, row.match_name = key[1], names_by_pk[key[1]]
            elif key in created_by:
                row.action = "create"
                row.same_as = created_by[key]
            elif not cleaned.get("category"):
                _require_category(row, form, given)
                continue
            else:
                row.action = "create"
                created_by[key] = number
            row.organization = {k: cleaned.get(k) for k in ORGANIZATION_FIELDS}
            if row.action == "create" and not row.organization["country"]:
                row.organization["country"] = "ML"
            if row.action == "create" and not row.organization["status"]:
                row.organization["status"] = Organization.Status.ACTIVE
            if cleaned.get("contact_name"):
                row.contact = {f: cleaned.get(f"contact_{f}") for f in CONTACT_FIELDS}
    for row in rows:
        if row.errors:
            row.action = ""
    return CheckResult(rows=rows, headers=headers, ignored_columns=ignored)


def report_headers(rejected):
    """Every column of the rejected rows, in the file's order."""
    headers = []
    for item in rejected:
        for header, _value in item["cells"]:
            if header not in headers:
                headers.append(header)
    return headers


def report_rows(rejected, headers):
    """The rejected rows as spreadsheet rows: row number, reasons, then the cells as given."""
    for item in rejected:
        cells = dict(item["cells"])
        yield [item["row"], " | ".join(item["errors"])] + [cells.get(h, "") for h in headers]
