"""Every spreadsheet the portal writes, CSV or XLSX, is written here: the one export helper.

Exports carry what partners and officers typed (organisation and partner names, action
titles, needs given at registration, rows of an import), and a spreadsheet program runs a cell
that starts with = + - @ (or a tab or a carriage return before one) as a formula:
`=HYPERLINK(...)` in a partner's name became a link in the action plan's workbook. So every
cell goes through `safe_cell`, which prefixes such a text with an apostrophe as OWASP advises
for CSV injection (stakeholders.spreadsheet.unescape_cell takes it off again when an export is
imported). Phone numbers (+223 20 22 50 36) are written as they are: digits, spaces and
punctuation make no formula that does anything. In XLSX every text is also written as a text
cell, never as a formula, and characters the format cannot hold (control characters) are left
out rather than failing the whole file.

    exports.csv_response("stakeholders-2026-05-04", headers, rows)
    exports.xlsx_response("stakeholders-2026-05-04", exports.workbook_bytes(sheets))

A workbook with its own layout (the action plan's report) is built with openpyxl and fills its
rows with `append_row`, then is saved with `save`.
"""

import csv
import io
import re
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"^[+-][\d\s().-]*$")
# What an XLSX cell cannot hold (openpyxl's own ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def cell_value(value):
    """A value as a cell shows it: lazy translations as text, moments in local time to the
    minute; numbers and dates as they are."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def safe_cell(value):
    """`value`, with an apostrophe before a text that would start a formula."""
    value = cell_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PHONE_LIKE.match(value):
        return "'" + value
    return value


# --- CSV --------------------------------------------------------------------------------


def csv_response(filename, headers, rows):
    """A CSV download named `filename`.csv: the headers, then the rows, every cell safe. In
    UTF-8 with a byte-order mark, so that spreadsheet programs read the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# --- XLSX -------------------------------------------------------------------------------


def _cell(sheet, value, font=None):
    value = safe_cell(value)
    # Row and column are set by append; a cell without them cannot even say where it fails.
    cell = Cell(sheet, row=1, column=1)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    try:
        cell.value = value
    except (ValueError, TypeError, IllegalCharacterError):
        cell.value = str(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, even if openpyxl took it for a formula
    if font is not None:
        cell.font = font
    return cell


def append_row(sheet, values, *, font=None):
    """Append `values` to an openpyxl worksheet (write-only or not) as safe cells."""
    sheet.append([_cell(sheet, value, font) for value in values])


def workbook_bytes(sheets):
    """An XLSX workbook of plain tables: `sheets` is a list of (title, headers, rows); each
    sheet has its headers in bold, frozen above the rows. Written row by row (openpyxl's
    write-only mode), so that a long export does not build the whole workbook in memory."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        sheet.freeze_panes = "A2"
        append_row(sheet, headers, font=bold)
        for row in rows:
            append_row(sheet, row)
    return save(book)


def save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, content):
    """An XLSX download named `filename`.xlsx of a workbook's bytes."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
