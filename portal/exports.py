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

Every table has its header row in the reader's language (the callers' gettext, under the
request's language), in bold and frozen, an autofilter over the whole table and columns as wide
as their first rows need (10 to 60 characters). Dates and moments are real date cells in XLSX
(a moment in local time to the minute, `yyyy-mm-dd hh:mm`) and ISO text in CSV; numbers stay
numbers. A CSV is UTF-8 with a byte-order mark, so that spreadsheet programs read the accents.

Every view that answers such a file is marked with `@exports.export_view`;
tests/portal/test_exports.py fetches each one and fails when it finds a file that a view
without the mark wrote.

    exports.csv_response("stakeholders-2026-05-04", headers, rows)
    exports.xlsx_response("stakeholders-2026-05-04", exports.workbook_bytes(sheets))

A workbook with its own layout (the action plan's report) is built with openpyxl and fills its
rows with `append_row`, then is saved with `save`.
"""

import csv
import io
import re
from datetime import date, datetime
from itertools import islice

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"^[+-][\d\s().-]*$")
# What an XLSX cell cannot hold (openpyxl's own ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
# Column widths, in characters: measured on the header and the first rows.
MIN_WIDTH, MAX_WIDTH, MEASURED_ROWS = 10, 60, 200

# Every view that answers a CSV or XLSX file (see export_view).
EXPORT_VIEWS = set()


def export_view(view):
    """Mark `view` (outermost decorator) as one that answers a CSV or XLSX file written here:
    the shared test of every export fetches each marked view and refuses an unmarked one."""
    EXPORT_VIEWS.add(view)
    return view


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


def _local_moment(value):
    """A moment as an XLSX cell holds it: local time, to the minute, without a zone."""
    if timezone.is_aware(value):
        value = timezone.make_naive(timezone.localtime(value))
    return value.replace(second=0, microsecond=0)


def _cell(sheet, value, font=None):
    if isinstance(value, datetime):
        value = _local_moment(value)
    else:
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
    elif isinstance(cell.value, datetime):
        cell.number_format = MOMENT_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell


def append_row(sheet, values, *, font=None):
    """Append `values` to an openpyxl worksheet (write-only or not) as safe cells."""
    sheet.append([_cell(sheet, value, font) for value in values])


def _shown(value):
    """The text a cell shows, to measure its column."""
    if isinstance(value, datetime):
        return "2026-01-01 00:00"
    if isinstance(value, date):
        return "2026-01-01"
    return "" if value is None else str(value)


def column_widths(rows):
    """The width of each column of `rows` (header first), in characters."""
    widths = []
    for row in rows:
        for index, value in enumerate(row):
            longest = max((len(line) for line in _shown(value).splitlines()), default=0)
            if index == len(widths):
                widths.append(MIN_WIDTH)
            widths[index] = max(widths[index], min(MAX_WIDTH, longest + 2))
    return widths


def set_widths(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def table_layout(sheet, columns, rows):
    """A table's layout for a sheet whose header is its first row: frozen header (unless the
    sheet freezes more), an autofilter over the `columns` x `rows` (header included). In
    openpyxl's write-only mode the header is frozen before the first row (workbook_bytes)."""
    if sheet.freeze_panes is None:
        sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1)}"


def workbook_bytes(sheets):
    """An XLSX workbook of plain tables: `sheets` is a list of (title, headers, rows); each
    sheet has its headers in bold, frozen above the rows, an autofilter and columns as wide
    as the header and the first rows need. Written row by row (openpyxl's write-only mode),
    so that a long export does not build the whole workbook in memory."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        headers = [cell_value(header) for header in headers]
        rows = iter(rows)
        first = [list(row) for row in islice(rows, MEASURED_ROWS)]
        # Widths go before the first row in write-only mode; the autofilter after the last.
        set_widths(sheet, column_widths([headers, *first]))
        sheet.freeze_panes = "A2"
        append_row(sheet, headers, font=bold)
        count = 1
        for row in first:
            append_row(sheet, row)
            count += 1
        for row in rows:
            append_row(sheet, row)
            count += 1
        table_layout(sheet, len(headers), count)
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
