import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.urls import reverse

from forums.services import seats
from meetings.models import Meeting
from meetings.services import feeds, invitations, scheduling
from tests import services
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _events(content):
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def _personal_feed(client, user):
    return client.get(reverse("meetings:feed", args=[feeds.feed_for(user).token]))


def test_resetting_the_feed_token_kills_the_old_url(client):
    user = RepresentativeFactory()
    old = feeds.feed_for(user).token
    client.force_login(user)

    client.post(reverse("meetings:subscribe"), {"reset": "1"})

    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    new = feeds.feed_for(user).token
    assert new != old
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_feed_of_a_deactivated_account_answers_404(client):
    user = RepresentativeFactory()
    token = feeds.feed_for(user).token
    user.is_active = False
    user.save()

    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404


def test_feed_parses_with_stable_uids_and_increasing_sequence(client):
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Comité de suivi",
        start=in_days(5),
        end=in_days(5, 12),
        venue="Bamako",
        visibility="public",
    )
    first = _events(client.get(reverse("meetings:public_feed")).content)

    scheduling.update_meeting(meeting, acting_user=officer, start=in_days(6), end=in_days(6, 12))
    second = _events(client.get(reverse("meetings:public_feed")).content)

    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert str(first[0]["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert int(second[0]["sequence"]) > int(first[0]["sequence"])
    assert second[0].decoded("dtstart") == in_days(6).astimezone(UTC)


def test_feed_writes_a_series_as_one_recurring_event_without_its_cancelled_occurrence(client):
    start = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=3)
    series = MeetingFactory(
        title="Plénière",
        start=start,
        end=start + timedelta(hours=2),
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=3,
    )
    second = series.occurrences()[1].original_start
    scheduling.cancel_occurrence(series, second, acting_user=OfficerFactory())

    (event,) = _events(client.get(reverse("meetings:public_feed")).content)

    # As the e-mailed invitation writes it: one UID, the rule, the cancelled date excluded.
    assert str(event["uid"]) == f"meeting-{series.pk}@portail.douane.gouv.ml"
    assert event.decoded("dtstart") == start
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["COUNT"] == [3]
    assert [d.dt for d in event["exdate"].dts] == [second]
    assert str(event["status"]) == "CONFIRMED"


def test_a_moved_occurrence_keeps_its_series_uid_and_names_its_original_start(client):
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    series = MeetingFactory(
        start=start, end=start + timedelta(hours=1), recurrence="monthly", recurrence_count=2
    )

    scheduling.move_occurrence(
        series,
        start,
        acting_user=OfficerFactory(),
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1),
    )

    response = client.get(reverse("meetings:ics", args=[series.pk]))
    assert response.status_code == 200
    master, moved = _events(response.content)
    assert str(master["uid"]) == str(moved["uid"]) == series.uid()
    assert series.uid() == f"meeting-{series.pk}@portail.douane.gouv.ml"
    assert "rrule" in master and "recurrence-id" not in master
    assert moved.decoded("recurrence-id") == start
    assert moved.decoded("dtstart") == start + timedelta(days=1)
    assert int(moved["sequence"]) > int(master["sequence"])


def test_meeting_download_is_an_ics_file_with_calendar_links_beside_it(client):
    meeting = MeetingFactory(title="Atelier")

    download = client.get(reverse("meetings:ics", args=[meeting.pk]))
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert download["Content-Type"].startswith("text/calendar")
    assert "attachment" in download["Content-Disposition"]
    assert [str(e["summary"]) for e in _events(download.content)] == ["Atelier"]
    assert "calendar.google.com" in page
    assert "outlook.office.com" in page


def test_personal_feed_is_a_calendar_even_when_empty(client):
    response = _personal_feed(client, RepresentativeFactory())

    assert response.status_code == 200
    assert _events(response.content) == []


# --- Conditional requests: 304 on the ETag held, a new ETag after a change -------------------


def _feed_url(user):
    return reverse("meetings:feed", args=[feeds.feed_for(user).token])


def _again(client, url, response):
    """The calendar program asking again with the ETag it holds."""
    return client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])


def test_a_personal_feed_answers_304_to_its_etag_and_200_after_a_meeting_moves(client):
    officer = OfficerFactory()
    person = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer, title="Comité", start=in_days(5), end=in_days(5, 12)
    )
    url = _feed_url(person)
    first = client.get(url)

    unchanged = _again(client, url, first)
    scheduling.update_meeting(meeting, acting_user=officer, start=in_days(6), end=in_days(6, 12))
    moved = _again(client, url, first)

    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]
    (event,) = _events(moved.content)
    assert event.decoded("dtstart") == in_days(6).astimezone(UTC)
    assert _again(client, url, moved).status_code == 304


def test_a_feed_answers_304_to_if_modified_since_and_200_after_a_change(client):
    """For calendar programs that send back Last-Modified rather than the ETag."""
    officer = OfficerFactory()
    person = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer, title="Comité", start=in_days(5), end=in_days(5, 12)
    )
    for url in (_feed_url(person), reverse("meetings:public_feed")):
        first = client.get(url)
        assert parsedate_to_datetime(first["Last-Modified"]) <= datetime.now(UTC)

        unchanged = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged["Last-Modified"] == first["Last-Modified"]

        # A change within the same second still gives a later Last-Modified.
        scheduling.update_meeting(meeting, acting_user=officer, title=f"Comité {url[-8:]}")
        changed = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert changed.status_code == 200
        assert parsedate_to_datetime(changed["Last-Modified"]) > parsedate_to_datetime(
            first["Last-Modified"]
        )
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"]).status_code == 304


def test_sequence_rises_with_each_change_a_calendar_must_see_alike_in_feed_and_e_mail(
    client, deliver
):
    officer, invitee = OfficerFactory(), RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Comité",
        start=in_days(5),
        end=in_days(5, 12),
        venue="Bamako",
        visibility="public",
        users=[invitee],
    )
    url = reverse("meetings:public_feed")

    def both():
        (feed_event,) = _events(client.get(url).content)
        (message,) = deliver()
        (ics,) = [a[1] for a in message.attachments if a[2].startswith("text/calendar")]
        (mail_event,) = _events(ics)
        assert str(feed_event["uid"]) == str(mail_event["uid"]) == meeting.uid()
        assert int(feed_event["sequence"]) == int(mail_event["sequence"])
        return int(feed_event["sequence"]), str(feed_event["status"]), str(mail_event["status"])

    seen = [both()]
    for change in ({"title": "Comité élargi"}, {"venue": "Kayes"}, {"start": in_days(6)}):
        if "start" in change:
            change["end"] = in_days(6, 12)
        scheduling.update_meeting(meeting, acting_user=officer, **change)
        seen.append(both())
    scheduling.cancel_meeting(meeting, acting_user=officer)
    seen.append(both())

    sequences = [sequence for sequence, _feed, _mail in seen]
    assert sequences == sorted(set(sequences)) and len(sequences) == 5
    assert seen[-1][1:] == ("CANCELLED", "CANCELLED")
    assert [statuses for _sequence, *statuses in seen[:-1]] == [["CONFIRMED", "CONFIRMED"]] * 4


def test_a_weak_etag_as_a_compressing_proxy_sends_it_back_also_gets_304(client):
    MeetingFactory()
    url = reverse("meetings:public_feed")
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_a_personal_feed_changes_when_the_person_is_invited(client):
    officer = OfficerFactory()
    person = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion restreinte",
        start=in_days(5),
        end=in_days(5, 12),
        visibility="invitees",
    )
    url = _feed_url(person)
    before = client.get(url)

    invitations.invite(meeting, acting_user=officer, users=[person])
    after = _again(client, url, before)

    assert _events(before.content) == []
    assert after.status_code == 200
    assert [str(e["summary"]) for e in _events(after.content)] == ["Réunion restreinte"]


def test_a_personal_feed_drops_the_online_link_when_the_registration_is_cancelled(client):
    link = "https://webinaire.douane.gouv.ml/jid"
    forum = ForumFactory(venue="", city="", online_url=link)
    person = RepresentativeFactory()
    registration = seats.register(forum, user=person)
    url = _feed_url(person)
    seated = client.get(url)

    seats.cancel(registration, acting_user=person)
    cancelled = _again(client, url, seated)

    assert [str(e["location"]) for e in _events(seated.content)] == [link]
    assert cancelled.status_code == 200
    assert [e.get("location") for e in _events(cancelled.content)] == [None]


def test_the_public_feed_answers_304_and_holds_nothing_private(client):
    officer = OfficerFactory()
    link = "https://webinaire.douane.gouv.ml/secret"
    ForumFactory(title="Forum public", venue="", city="", online_url=link)
    for visibility in ("public", "partners", "invitees", "internal"):
        scheduling.create_meeting(
            acting_user=officer,
            title=f"Rencontre {visibility}",
            start=in_days(5),
            end=in_days(5, 12),
            visibility=visibility,
            online_url=f"https://visio.douane.gouv.ml/{visibility}",
        )
    url = reverse("meetings:public_feed")

    first = client.get(url)
    again = _again(client, url, first)

    assert {str(e["summary"]) for e in _events(first.content)} == {
        "Forum public",
        "Rencontre public",
    }
    assert link.encode() not in first.content
    assert b"partners" not in first.content and b"invitees" not in first.content
    assert again.status_code == 304


def test_a_personal_feed_is_stored_nowhere_even_when_answering_304(client):
    person = RepresentativeFactory()
    url = _feed_url(person)

    first = client.get(url)
    again = _again(client, url, first)

    assert again.status_code == 304
    assert first["Cache-Control"] == again["Cache-Control"] == "private, no-store"


# --- The writer: what icalendar and khal read back --------------------------------------------

AWKWARD = {
    "title": "Comité mixte Douane–CCIM, réunion n° 3; suivi des engagements, " * 2 + "fin",
    "venue": "Salle « Djoliba », DGD; 2e étage, Bamako\\ACI 2000",
    "description": "Ordre du jour :\n1. Dédouanement; délais\n2. Tarifs, taxes\r\nFin",
}


def test_icalendar_reads_back_the_same_events_from_a_feed(client):
    officer = OfficerFactory()
    scheduling.create_meeting(
        acting_user=officer, start=in_days(5), end=in_days(5, 12), visibility="public", **AWKWARD
    )

    content = client.get(reverse("meetings:public_feed")).content

    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert b"\n" not in content.replace(b"\r\n", b"")
    (event,) = _events(content)
    assert str(event["summary"]) == AWKWARD["title"]
    assert str(event["location"]) == AWKWARD["venue"]
    description = AWKWARD["description"].replace("\r\n", "\n")
    assert str(event["description"]).startswith(description + "\n\n")
    assert event.decoded("dtstart") == in_days(5).astimezone(UTC)
    assert event.decoded("dtend") == in_days(5, 12).astimezone(UTC)


def test_khal_imports_a_feed(client, tmp_path):
    if not shutil.which("khal"):
        services._missing("needs Debian's khal (apt-get install khal)")
    officer = OfficerFactory()
    scheduling.create_meeting(
        acting_user=officer, start=in_days(5), end=in_days(5, 12), visibility="public", **AWKWARD
    )
    scheduling.create_meeting(
        acting_user=officer,
        title="Atelier tarifaire",
        start=in_days(8),
        end=in_days(8, 12),
        visibility="public",
    )
    feed = tmp_path / "feed.ics"
    feed.write_bytes(client.get(reverse("meetings:public_feed")).content)
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[douane]]\npath = {tmp_path / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}

    def khal(*args):
        return subprocess.run(
            ["khal", "-c", str(config), *args], capture_output=True, text=True, env=env, check=True
        )

    khal("import", "--batch", "-a", "douane", str(feed))
    listed = khal("list", "--format", "{title}|{location}", "today", "30d").stdout

    assert len(list((tmp_path / "cal").glob("*.ics"))) == 2
    assert f"{AWKWARD['title']}|{AWKWARD['venue']}" in listed
    assert "Atelier tarifaire|" in listed


# --- Subscribing: webcal://, Google Calendar, Outlook.com, the copy button -------------------


def test_subscription_links_offer_webcal_google_and_outlook():
    url = "https://portail.example.ml/calendar/feed/abc_DEF-1.ics"

    links = feeds.subscription_links(url, "Douane : mon calendrier")

    assert links["url"] == url
    assert links["webcal"] == "webcal://portail.example.ml/calendar/feed/abc_DEF-1.ics"
    google = urlsplit(links["google"])
    assert (google.scheme, google.netloc, google.path) == (
        "https",
        "calendar.google.com",
        "/calendar/r",
    )
    assert parse_qs(google.query) == {"cid": [links["webcal"]]}
    outlook = urlsplit(links["outlook"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook.query) == {"url": [url], "name": ["Douane : mon calendrier"]}


def test_subscription_links_refuse_what_is_not_http():
    with pytest.raises(ValueError):
        feeds.subscription_links("/calendar/public.ics", "x")


def _links_on(html, url):
    """Which of the feed's ways to subscribe the page links to (Outlook's carries the feed's
    name in the page's language, so only its address is compared)."""
    links = feeds.subscription_links(url, "")
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]
    found = [key for key in ("webcal", "google") if links[key] in hrefs]
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc == "outlook.live.com" and parse_qs(parts.query)["url"] == [url]:
            assert parse_qs(parts.query)["name"][0].strip()
            found.append("outlook")
    return found


def test_the_personal_page_offers_every_way_to_subscribe_to_both_feeds(client):
    user = RepresentativeFactory()
    client.force_login(user)

    html = client.get(reverse("meetings:subscribe")).content.decode()

    personal = "http://testserver" + feeds.feed_for(user).get_absolute_url()
    public = "http://testserver" + reverse("meetings:public_feed")
    for url in (personal, public):
        assert f'value="{url}"' in html
        assert _links_on(html, url) == ["webcal", "google", "outlook"]
    # The copy buttons are hidden until the script shows them; the script is a file (CSP).
    assert html.count("data-copy=") == 2
    assert html.count(" hidden>") >= 2
    assert '<script src="/static/js/feeds.js" defer></script>' in html
    assert "<script>" not in html
    # What a reset does is said before the button.
    assert "cesse alors immédiatement de fonctionner" in html  # what renewing does


def test_a_visitor_finds_the_public_subscription_from_the_calendar(client):
    calendar_page = client.get(reverse("meetings:calendar")).content.decode()
    assert reverse("meetings:subscribe_public") in calendar_page

    html = client.get(reverse("meetings:subscribe_public")).content.decode()

    public = "http://testserver" + reverse("meetings:public_feed")
    assert f'value="{public}"' in html
    assert _links_on(html, public) == ["webcal", "google", "outlook"]
    assert "data-copy=" in html


# --- UIDs: one domain, whatever the site's address --------------------------------------------


def test_uids_follow_the_uid_domain_setting_not_the_site_address(client, settings, deliver):
    invitee = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Atelier",
        start=in_days(4),
        end=in_days(4, 12),
        visibility="public",
        users=[invitee],
    )
    forum = ForumFactory(start=in_days(6), end=in_days(6, 17))
    (message,) = deliver()
    (invitation,) = [a[1] for a in message.attachments if a[2].startswith("text/calendar")]

    def uids():
        return {str(e["uid"]) for e in _events(client.get(reverse("meetings:public_feed")).content)}

    expected = {
        f"meeting-{meeting.pk}@portail.douane.gouv.ml",
        f"forum-{forum.pk}@portail.douane.gouv.ml",
    }
    assert uids() == expected
    # The invitation names the meeting as the feeds do.
    assert {str(e["uid"]) for e in _events(invitation)} == {
        f"meeting-{meeting.pk}@portail.douane.gouv.ml"
    }

    settings.SITE_URL = "https://other.example.org:8443"
    meeting.title = "Atelier (salle B)"
    meeting.save()
    assert uids() == expected

    settings.CALENDAR_UID_DOMAIN = "calendrier.example.ml"
    meeting.title = "Atelier (salle C)"
    meeting.save()
    assert uids() == {
        f"meeting-{meeting.pk}@calendrier.example.ml",
        f"forum-{forum.pk}@calendrier.example.ml",
    }


# --- VALARM: the personal feed reminds as the portal's e-mails would --------------------------


def _alarms_by_title(content):
    return {
        str(e["summary"]): sorted(-a["trigger"].dt for a in e.walk("VALARM"))
        for e in _events(content)
    }


def test_the_personal_feed_carries_the_reminders_of_meetings_the_person_is_invited_to(client):
    from portal.notifications import queue

    invitee = RepresentativeFactory()
    officer = OfficerFactory()
    invited = scheduling.create_meeting(
        acting_user=officer,
        title="Invité",
        start=in_days(4),
        end=in_days(4, 12),
        visibility="public",
        reminder_offsets=[24 * 60, 30],
        users=[invitee],
    )
    scheduling.create_meeting(
        acting_user=officer,
        title="Public",
        start=in_days(5),
        end=in_days(5, 12),
        visibility="public",
    )
    both = [timedelta(minutes=30), timedelta(days=1)]

    first = _personal_feed(client, invitee)
    assert _alarms_by_title(first.content) == {"Invité": both, "Public": []}
    # Public feeds carry none.
    public = client.get(reverse("meetings:public_feed")).content
    assert _alarms_by_title(public) == {"Invité": [], "Public": []}

    # Opting out of reminders changes the feed (a new ETag), and it has no alarm any more.
    queue.set_reminders(invitee, enabled=False)
    url = reverse("meetings:feed", args=[feeds.feed_for(invitee).token])
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert _alarms_by_title(again.content) == {"Invité": [], "Public": []}

    # Back in; then declining the invitation drops that meeting's alarms.
    queue.set_reminders(invitee, enabled=True)
    assert _alarms_by_title(_personal_feed(client, invitee).content)["Invité"] == both
    invitations.respond(invited.invitations.get(user=invitee), response="declined")
    assert _alarms_by_title(_personal_feed(client, invitee).content)["Invité"] == []
