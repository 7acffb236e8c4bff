"""The month grid is kept per viewer under the calendar's generation: seen again, it is not
built again; any change of what it shows, through the services, shows at once; two people
never share one."""

import pytest
from django.db import connection
from django.urls import reverse

from meetings.services import invitations, scheduling
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


def _month_of(meeting):
    local = meeting.start
    return f"{reverse('meetings:calendar')}?year={local.year}&month={local.month}"


def _meetings_read(client, url):
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        page = client.get(url).content.decode()
    assert queries  # the session, at least: the queries are seen
    return page, [sql for sql in queries if '"meetings_meeting"' in sql]


def test_a_month_seen_again_is_not_built_again_and_shows_a_change_at_once(client):
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer, title="Comité de suivi", start=in_days(5), end=in_days(5, 12)
    )
    client.force_login(RepresentativeFactory())
    url = _month_of(meeting)
    first, _ = _meetings_read(client, url)

    again, read = _meetings_read(client, url)
    scheduling.update_meeting(meeting, acting_user=officer, title="Comité de suivi (déplacé)")
    renamed = client.get(url).content.decode()
    scheduling.cancel_meeting(meeting, acting_user=officer)
    cancelled = client.get(url).content.decode()

    assert "Comité de suivi" in first
    assert "Comité de suivi" in again and read == []
    assert "Comité de suivi (déplacé)" in renamed
    assert "badge text-bg-secondary" not in renamed
    assert "badge text-bg-secondary" in cancelled


def test_two_people_never_share_a_month(client):
    officer = OfficerFactory()
    invited, other = RepresentativeFactory(), RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion restreinte",
        start=in_days(5),
        end=in_days(5, 12),
        visibility="invitees",
    )
    invitations.invite(meeting, acting_user=officer, users=[invited])
    url = _month_of(meeting)

    client.force_login(invited)
    seen_by_invited = client.get(url).content.decode()
    client.force_login(other)
    seen_by_other = client.get(url).content.decode()

    assert "Réunion restreinte" in seen_by_invited
    assert "Réunion restreinte" not in seen_by_other
