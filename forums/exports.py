"""A forum's registrations as CSV or XLSX, for officers (same filters as the list)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook


def _columns():
    return [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Category"),
        _("Region"),
        _("Country"),
        _("Status"),
        _("Attendance"),
        _("Waiting-list position"),
        _("Registered by Customs"),
        _("Registered on"),
        _("Checked in"),
        _("Check-in code"),
        _("Sessions of interest"),
        _("Accessibility needs"),
        _("Dietary needs"),
        _("On the participants list"),
    ]


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value):
    return _("yes") if value else _("no")


def rows(registrations):
    """The export's rows; `registrations` should come with_position() and prefetched sessions."""
    yield _columns()
    for registration in registrations:
        organization = registration.organization
        yield [
            registration.person_name,
            registration.email,
            organization.name if organization else "",
            organization.get_category_display() if organization else "",
            organization.get_region_display() if organization else "",
            organization.country.name if organization else "",
            registration.get_status_display(),
            registration.get_attendance_mode_display(),
            registration.position or "",
            _yes_no(registration.is_guest),
            _moment(registration.registered_at),
            _moment(registration.checked_in_at),
            registration.display_code,
            "; ".join(session.title for session in registration.sessions.all()),
            registration.accessibility_needs,
            registration.dietary_needs,
            _yes_no(registration.consent_to_list),
        ]


def _safe(value):
    """Keep a spreadsheet from reading a cell as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _filename(forum, extension):
    return f"{forum.slug}-registrations-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(forum, registrations):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(forum, "csv")}"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    for row in rows(registrations):
        writer.writerow([_safe(value) for value in row])
    return response


def xlsx_bytes(registrations, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows(registrations):
        sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(forum, registrations):
    response = HttpResponse(
        xlsx_bytes(registrations, _("Registrations")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(forum, "xlsx")}"'
    return response
