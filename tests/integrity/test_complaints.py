"""The complaints channel through its real URLs: reporting (anonymous and named), following
with the receipt code, the unit's handling, deadlines, escalation and public statistics."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from integrity import receipts
from integrity.models import CaseAttachment, CaseMessage, CaseRead, Complaint
from integrity.services import complaints
from integrity.statistics import PROTECTED, complaint_statistics
from integrity.workdays import add_working_days
from portal.accounts import roles
from portal.notifications.models import Notification
from tests.factories import IntegrityOfficerFactory, OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CODE = re.compile(r'id="receipt-code">([A-Z0-9-]+)<')


def report_data(**changes):
    return {
        "category": "payment",
        "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "place": "Bureau de Kati",
        "description": "On m'a demandé 50 000 francs pour dédouaner mon camion.",
        **changes,
    }


def send_report(client, **changes):
    response = client.post(reverse("integrity:report"), report_data(**changes))
    assert response.status_code == 200, response.content[:400]
    match = CODE.search(response.content.decode())
    assert match, "no receipt code on the answer"
    return response, match.group(1)


def unit_member(head=False):
    user = IntegrityOfficerFactory()
    if head:
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get_or_create(name=roles.INTEGRITY_HEADS)[0])
    return user


def test_an_anonymous_report_gets_a_code_shown_once_and_only_its_hash_is_kept(client):
    member = unit_member()
    response, code = send_report(client, description="Plainte marquée ZZ9Q")
    assert "no-store" in response["Cache-Control"]
    complaint = Complaint.objects.get()
    assert complaint.reporter is None
    assert complaint.receipt_hash == receipts.hash_code(code)
    assert re.fullmatch(r"PL-\d{4}-0001", complaint.reference)
    # The code is nowhere in the database: not in the row, not in any notification.
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(c)::text FROM integrity_complaint c")
        row = cursor.fetchone()[0]
        cursor.execute(
            "SELECT string_agg(row_to_json(n)::text, ' ') FROM notifications_notification n"
        )
        notes = cursor.fetchone()[0] or ""
    for form in (code, code.replace("-", "")):
        assert form not in row and form not in notes
    # No address or browser anywhere in the row (the model has no such field either).
    assert "127.0.0.1" not in row
    fields = {f.name for f in Complaint._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user_agent", "remote_addr"}
    # The unit is told, without the description.
    note = Notification.objects.get(kind=complaints.NEW)
    assert note.email == member.email
    # The code is not shown again: the follow page does not repeat it.
    followed = client.get(reverse("integrity:followed"))
    assert code.encode() not in followed.content


def test_the_reporter_follows_with_the_code_only_and_answers(client):
    _response, code = send_report(client)
    complaint = Complaint.objects.get()
    member = unit_member()
    complaints.reply(complaint, acting_user=member, body="Pouvez-vous préciser l'heure ?")
    complaints.add_note(complaint, acting_user=member, body="Note interne secrète NI7X")
    other = type(client)()
    # Case, spaces and dashes do not matter.
    typed = " " + code.lower().replace("-", " ") + " "
    response = other.post(reverse("integrity:follow"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse("integrity:followed")
    page = other.get(reverse("integrity:followed"))
    body = page.content.decode()
    assert "Pouvez-vous préciser l&#x27;heure" in body
    assert "NI7X" not in body
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REVIEW  # acknowledged by the reply
    assert escape(complaint.get_status_display()) in body
    response = other.post(
        reverse("integrity:followed"),
        {"body": "Vers 10 heures.", "attachments": [SimpleUploadedFile("recu.pdf", PDF)]},
    )
    assert response.status_code == 302
    message = CaseMessage.objects.get(sender=CaseMessage.Sender.REPORTER)
    assert message.body == "Vers 10 heures." and message.author is None
    assert CaseAttachment.objects.get(message=message).original_name == "recu.pdf"

    # On a shared computer the reporter closes the case; the browser no longer opens it.
    assert f'action="{reverse("integrity:forget")}"' in body
    response = other.post(reverse("integrity:forget"))
    assert response["Location"] == reverse("integrity:follow")
    assert other.get(reverse("integrity:followed"))["Location"] == reverse("integrity:follow")


def test_a_wrong_code_is_refused_with_a_translated_error(client):
    send_report(client)
    other = type(client)()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = other.post(reverse("integrity:follow"), {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert response.status_code == 200
    assert "No report has this receipt code" in response.content.decode()
    assert other.get(reverse("integrity:followed"))["Location"] == reverse("integrity:follow")


@pytest.mark.redis
def test_reports_and_codes_are_rate_limited_per_address(client, redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"integrity_report": "2/h/ip", "integrity_follow": "3/h/ip"}
    send_report(client)
    send_report(client)
    assert client.post(reverse("integrity:report"), report_data()).status_code == 429
    assert Complaint.objects.count() == 2
    for _ in range(3):
        assert client.post(reverse("integrity:follow"), {"code": "x"}).status_code == 200
    assert client.post(reverse("integrity:follow"), {"code": "x"}).status_code == 429


@pytest.mark.redis
def test_a_named_reporters_messages_share_the_reports_limit(client, redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"integrity_report": "2/h/ip"}
    reporter = RepresentativeFactory()
    complaint, _code = complaints.submit_complaint(
        acting_user=reporter,
        category="delay",
        occurred_on=timezone.localdate(),
        place="Bamako",
        description="Attente au bureau.",
        anonymous=False,
    )
    client.force_login(reporter)
    url = reverse("integrity:my_report", args=[complaint.pk])
    for number in range(2):
        assert client.post(url, {"body": f"Précision {number}."}).status_code == 302
    assert client.post(url, {"body": "Encore une."}).status_code == 429
    assert CaseMessage.objects.filter(complaint=complaint).count() == 2


def test_a_refused_attachment_keeps_every_typed_value(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    long = "Description très longue. " * 200
    response = client.post(
        reverse("integrity:report"),
        {
            **report_data(description=long, place="Poste de Diboli"),
            "attachments": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00rien")],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "“virus.exe” is not a file type the portal accepts" in body
    assert long.strip() in body.replace("&#x27;", "'")
    assert "Poste de Diboli" in body
    assert not Complaint.objects.exists()


def test_a_named_reporter_finds_the_case_in_my_reports_and_is_told_of_replies(client):
    rep = RepresentativeFactory()
    client.force_login(rep)
    send_report(client, anonymous="0")
    complaint = Complaint.objects.get()
    assert complaint.reporter == rep
    assert complaint.reference.encode() not in client.get(reverse("integrity:my_reports")).content
    assert (
        reverse("integrity:my_report", args=[complaint.pk]).encode()
        in client.get(reverse("integrity:my_reports")).content
    )
    complaints.reply(complaint, acting_user=unit_member(), body="Merci, nous examinons.")
    assert Notification.objects.filter(kind=complaints.REPLY, email=rep.email).exists()
    page = client.get(reverse("integrity:my_report", args=[complaint.pk]))
    assert "Merci, nous examinons." in page.content.decode()
    # An anonymous report by a signed-in person is linked to no account.
    send_report(client, anonymous="1")
    assert Complaint.objects.filter(reporter__isnull=True).count() == 1
    other = RepresentativeFactory()
    client.force_login(other)
    assert client.get(reverse("integrity:my_report", args=[complaint.pk])).status_code == 404


def test_deadlines_are_counted_in_working_days():
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1) == date(2026, 3, 9)
    assert add_working_days(friday, 5) == date(2026, 3, 13)
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # a Saturday
    moment = datetime(2026, 3, 6, 15, tzinfo=timezone.get_default_timezone())
    complaint, _code = complaints.submit_complaint(
        acting_user=None,
        category="delay",
        occurred_on=date(2026, 3, 2),
        place="Bamako",
        description="Attente.",
        anonymous=True,
        now=moment,
    )
    assert complaint.acknowledge_by == date(2026, 3, 13)
    assert complaint.decide_by == date(2026, 4, 17)


def test_the_unit_handles_a_case_and_every_read_is_logged(client):
    send_report(client)
    complaint = Complaint.objects.get()
    member = unit_member()
    member.language = "en"
    member.save()
    client.force_login(member)
    url = reverse("integrity:case", args=[complaint.pk])
    page = client.get(url)
    assert page.status_code == 200 and complaint.description in page.content.decode().replace(
        "&#x27;", "'"
    )
    client.get(url)
    assert CaseRead.objects.filter(complaint=complaint, user=member).count() == 2
    assert member.full_name.encode() in client.get(url).content  # the read log names the reader
    post = lambda name, data=None: client.post(  # noqa: E731
        reverse(f"integrity:{name}", args=[complaint.pk]), data or {}
    )
    assert post("case_acknowledge").status_code == 302
    complaint.refresh_from_db()
    assert complaint.acknowledged_at and complaint.status == Complaint.Status.REVIEW
    assert post("case_status", {"status": "referred"}).status_code == 302
    # Closing needs a finding: the page comes back with a translated error.
    response = post("case_close", {"finding": "", "reply": "Texte gardé"})
    assert response.status_code == 200
    assert "Choose the finding that closes the case." in response.content.decode()
    assert "Texte gardé" in response.content.decode()
    assert (
        post("case_close", {"finding": "substantiated", "reply": "Mesures prises."}).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED and complaint.closed_at
    assert complaint.messages.filter(body="Mesures prises.", internal=False).exists()
    assert post("case_reply", {"reply-body": "Encore"}).status_code == 200  # closed: refused
    assert post("case_note", {"note-body": "Dossier archivé."}).status_code == 302
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == ["received", "acknowledged", "status", "closed"]
    assert complaint.messages.filter(internal=True, body="Dossier archivé.").exists()


def test_case_pages_and_files_are_404_outside_the_unit(client):
    rep = RepresentativeFactory()
    client.force_login(rep)
    client.post(
        reverse("integrity:report"),
        {**report_data(anonymous="0"), "attachments": [SimpleUploadedFile("preuve.pdf", PDF)]},
    )
    complaint = Complaint.objects.get()
    attachment = complaint.attachments.get()
    urls = [
        reverse("integrity:cases"),
        reverse("integrity:case", args=[complaint.pk]),
        reverse("integrity:case_attachment", args=[attachment.pk]),
    ]
    for user in (None, OfficerFactory(), rep):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
    client.force_login(unit_member())
    response = client.get(urls[2])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_late_cases_are_escalated_to_the_heads_once_per_deadline():
    head, member = unit_member(head=True), unit_member()
    start = datetime(2026, 3, 2, 9, tzinfo=timezone.get_default_timezone())  # a Monday
    complaint, _code = complaints.submit_complaint(
        acting_user=None,
        category="favouritism",
        occurred_on=date(2026, 3, 1),
        place="Bamako",
        description="Favoritisme.",
        anonymous=True,
        now=start,
    )
    assert complaint.acknowledge_by == date(2026, 3, 9)
    # The working day before the deadline: the unit is reminded, nobody is escalated.
    assert complaints.complaint_deadlines(today=date(2026, 3, 6), now=start) == (1, 0)
    reminders = Notification.objects.filter(kind=complaints.REMINDER)
    assert {n.email for n in reminders} == {head.email, member.email}
    late = datetime(2026, 3, 10, 8, tzinfo=timezone.get_default_timezone())
    assert complaints.complaint_deadlines(today=date(2026, 3, 10), now=late) == (0, 1)
    assert complaints.complaint_deadlines(today=date(2026, 3, 11), now=late) == (0, 0)
    escalations = Notification.objects.filter(kind=complaints.ESCALATED)
    assert [n.email for n in escalations] == [head.email]
    complaint.refresh_from_db()
    assert complaint.escalated_at == late


def _complaints(n, *, quarter_day, category="payment", acknowledge_after=None, close_after=None):
    zone = timezone.get_default_timezone()
    for _ in range(n):
        received = datetime.combine(quarter_day, datetime.min.time(), tzinfo=zone)
        complaint, _code = complaints.submit_complaint(
            acting_user=None,
            category=category,
            occurred_on=quarter_day,
            place="Bamako",
            description="x",
            anonymous=True,
            now=received + timedelta(hours=9),
        )
        updates = {}
        if acknowledge_after is not None:
            updates["acknowledged_at"] = received + timedelta(days=acknowledge_after, hours=10)
        if close_after is not None:
            updates["closed_at"] = received + timedelta(days=close_after, hours=10)
            updates["status"] = Complaint.Status.CLOSED
        Complaint.objects.filter(pk=complaint.pk).update(**updates)


def test_public_statistics_hide_every_figure_drawn_from_fewer_than_five_cases(client):
    day = date(2026, 1, 15)
    _complaints(3, quarter_day=day, acknowledge_after=2, close_after=10)
    _complaints(2, quarter_day=day, acknowledge_after=4, close_after=20)
    _complaints(2, quarter_day=day, category="delay", acknowledge_after=1)
    [(quarter, total, categories)] = complaint_statistics()
    assert (quarter.year, quarter.number) == (2026, 1)
    assert (total.received, total.closed, total.days_to_acknowledge, total.days_to_close) == (
        7,
        5,
        2,
        10,
    )
    payment, delay = categories
    assert (delay.received, delay.closed, delay.days_to_acknowledge) == (None, None, None)
    # The total minus the payments would give the delays away: the payments' counts are
    # hidden too (their medians, which no subtraction reveals, stay).
    assert (payment.received, payment.closed) == (PROTECTED, PROTECTED)
    assert (payment.days_to_acknowledge, payment.days_to_close) == (2, 10)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("integrity:statistics")).content.decode()
    assert page.count(">fewer than 5<") == 2
    assert page.count(">not shown<") == 2


def test_a_count_is_shown_when_no_subtraction_gives_a_small_one_away():
    day = date(2026, 4, 15)
    _complaints(6, quarter_day=day, acknowledge_after=2)
    _complaints(7, quarter_day=day, category="delay", acknowledge_after=1)
    _complaints(2, quarter_day=day, category="favouritism", acknowledge_after=1)
    _complaints(1, quarter_day=day, category="discretion", acknowledge_after=1)
    [(quarter, total, categories)] = complaint_statistics()
    received = {cell.label: cell.received for cell in categories}
    # Two small categories are hidden: the total minus the others gives only their sum.
    assert sorted(received.values(), key=str) == [6, 7, None, None]
    assert total.received == 16


def test_on_time_indicators():
    from actionplans.indicators import Quarter
    from integrity.statistics import complaints_acknowledged_on_time, complaints_closed_on_time

    day = date(2026, 1, 5)  # a Monday: acknowledge by the 12th
    _complaints(3, quarter_day=day, acknowledge_after=3)
    _complaints(1, quarter_day=day, acknowledge_after=10)
    quarter = Quarter(2026, 1)
    indicator = complaints_acknowledged_on_time(quarter, today=date(2026, 3, 31))
    assert indicator.value == 75.0
    assert complaints_closed_on_time(quarter, today=date(2026, 3, 31)).value == 0.0
    assert complaints_closed_on_time(quarter, today=date(2026, 1, 6)).value is None
