"""A forum's registrations as CSV or XLSX, for officers (same filters as the list); the files
are written by portal/exports.py."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import exports


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
            registration.registered_at,
            registration.checked_in_at,
            registration.display_code,
            "; ".join(session.title for session in registration.sessions.all()),
            registration.accessibility_needs,
            registration.dietary_needs,
            _yes_no(registration.consent_to_list),
        ]


def _filename(forum):
    return f"{forum.slug}-registrations-{timezone.localdate():%Y%m%d}"


def _table(registrations):
    lines = rows(registrations)
    return next(lines), lines


def csv_response(forum, registrations):
    headers, lines = _table(registrations)
    return exports.csv_response(_filename(forum), headers, lines)


def xlsx_bytes(registrations, title):
    headers, lines = _table(registrations)
    return exports.workbook_bytes([(title, headers, lines)])


def xlsx_response(forum, registrations):
    return exports.xlsx_response(_filename(forum), xlsx_bytes(registrations, _("Registrations")))
