"""French as the Customs administration writes it (issue 18): the first of the month is "1er",
months are written in full and in lower case, decimals take a comma, counts agree with 0, 1
and 2, and statuses agree with the noun they qualify, on pages and in e-mails alike.

The catalogue's own typography (no-break spaces, apostrophes, placeholders) is linted in
tests/test_translations.py.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from actionplans.health import Health
from actionplans.models import Action
from forums.models import Forum
from forums.services import seats
from meetings.models import Commitment, Meeting
from portal import dates, emailpreview
from tests.actionplans.factories import ActionFactory
from tests.factories import ContactFactory, OfficerFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def first_of_a_coming_month():
    """09:00 in Bamako on the 1st of the month after next: ahead, whatever today is."""
    now = timezone.localtime()
    month = now.month + 2
    year = now.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return now.replace(year=year, month=month, day=1, hour=9, minute=0, second=0, microsecond=0)


def forum_on_the_first(**kwargs):
    start = first_of_a_coming_month()
    return ForumFactory(start=start, end=start + datetime.timedelta(hours=8), **kwargs)


def french_day(moment):
    return f"{MONTHS[moment.month - 1]} {moment.year}"


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "format", "french", "english"),
    [
        (datetime.date(2026, 3, 1), "DATE_FORMAT", "1er mars 2026", "March 1, 2026"),
        (datetime.date(2026, 3, 2), "DATE_FORMAT", "2 mars 2026", "March 2, 2026"),
        (datetime.date(2026, 3, 1), "l j F Y", "dimanche 1er mars 2026", "Sunday 1 March 2026"),
        (datetime.date(2026, 3, 1), "SHORT_DATE_FORMAT", "01/03/2026", "03/01/2026"),
        (datetime.date(2026, 3, 1), "j", "1", "1"),
        (datetime.date(2027, 7, 1), "F Y", "juillet 2027", "July 2027"),
        (datetime.datetime(2026, 9, 1, 8, 30), "DATETIME_FORMAT", "1er septembre 2026 08:30", None),
    ],
)
def test_the_one_date_helper_writes_1er_in_french_only(value, format, french, english):
    template = engines["django"].from_string("{{ value|date:format }}")

    with translation.override("fr"):
        assert dates.date_format(value, format) == french
        assert template.render({"value": value, "format": format}) == french
    if english:
        with translation.override("en"):
            assert dates.date_format(value, format) == english
            assert template.render({"value": value, "format": format}) == english


def test_an_escaped_j_is_left_alone():
    with translation.override("fr"):
        assert dates.date_format(datetime.date(2026, 5, 1), r"\j j F") == "j 1er mai"


def test_an_aware_moment_is_written_in_the_current_time_zone():
    last_evening_in_utc = datetime.datetime(2026, 2, 28, 23, 30, tzinfo=datetime.UTC)

    with translation.override("fr"), timezone.override("Africa/Addis_Ababa"):
        assert dates.date_format(last_evening_in_utc, "DATETIME_FORMAT") == "1er mars 2026 02:30"


def test_the_forum_page_writes_the_first_of_the_month_1er(client):
    forum = forum_on_the_first()

    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()

    # A one-day forum's key facts: "1er février 2027, 09:00–17:00".
    assert re.search(rf"1er {french_day(forum.start)},? 09:00", page)
    assert f"1 {french_day(forum.start)}" not in page


def test_the_home_page_writes_months_in_full_and_in_lower_case(client):
    forum = forum_on_the_first(title="Forum des transitaires")

    page = client.get(reverse("home")).content.decode()

    assert f'<span class="d-block small">{french_day(forum.start)}</span>' in page
    assert f"1er {french_day(forum.start)} 09:00" in page
    assert not re.search(r">(JAN|FÉV|MAR|AVR|MAI|JUI|JUL|AOÛ|SEP|OCT|NOV|DÉC)\b", page)


def test_the_agenda_heading_says_from_the_1er(client):
    first = first_of_a_coming_month().date()

    page = client.get(reverse("meetings:agenda"), {"start": first.isoformat()}).content.decode()

    assert f"du 1er {french_day(first)} au " in page


def test_the_confirmation_email_writes_the_first_of_the_month_1er(deliver):
    forum = forum_on_the_first()
    seats.register(forum, user=RepresentativeFactory(email="awa@ccim.ml"))

    (message,) = deliver()

    html = message.alternatives[0][0]
    assert f"1er {french_day(forum.start)} 09:00" in message.body
    assert f"1er {french_day(forum.start)} 09:00" in html


def test_the_reminder_subject_writes_1er_and_keeps_its_no_break_space(deliver):
    forum = forum_on_the_first(title="Forum JID")
    seats.register(forum, user=RepresentativeFactory(email="awa@ccim.ml"))
    deliver()

    with time_machine.travel(forum.start - datetime.timedelta(hours=23)):
        subjects = {m.subject for m in deliver()}

    # the reminders of a week and of a day before, both due by then
    assert subjects == {f"Rappel\u00a0: Forum JID le 1er {french_day(forum.start)}"}


# --- Numbers --------------------------------------------------------------------------------


def test_decimals_take_a_comma_and_thousands_a_no_break_space(client):
    action = ActionFactory(
        indicator_name="Délai moyen de dédouanement",
        indicator_unit="heures",
        indicator_baseline=Decimal("12.5"),
        indicator_target=Decimal("1234.75"),
    )

    page = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()

    assert '<dd class="col-6">12,50</dd>' in page
    assert '<dd class="col-6">1\u00a0234,75</dd>' in page


def test_amounts_in_an_email_group_their_thousands():
    """The supervisors' e-mail about a gift, as it goes out (its preview's demo data: a gift of
    75,000 CFA francs above a threshold of 25,000)."""
    message = emailpreview.render("integrity-gift_review_needed", "fr")

    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "75\u00a0000 francs CFA" in part
        assert "25\u00a0000 francs CFA" in part


# --- Counts and agreement --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Gamma", "0 engagement trouvé."),
        ("Alpha", "1 engagement trouvé."),
        ("Beta", "2 engagements trouvés."),
    ],
)
def test_the_board_counts_0_and_1_in_the_singular(client, query, expected):
    ActionFactory(title="Alpha : guichet unique")
    ActionFactory(title="Beta : délais de transit")
    ActionFactory(title="Beta : recours")

    page = client.get(reverse("actionplans:board"), {"q": query}).content.decode()

    assert expected in page


@pytest.mark.parametrize(
    ("capacity", "expected"),
    [(1, "1 place est encore libre."), (2, "2 places sont encore libres.")],
)
def test_free_seats_agree_with_their_number(client, capacity, expected):
    forum = ForumFactory(capacity=capacity)

    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()

    assert expected in page


def test_statuses_agree_with_the_noun_they_qualify():
    with translation.override("fr"):
        assert str(Action.Status.DONE.label) == "réalisée"  # une action
        assert str(Action.Status.CANCELLED.label) == "annulée"
        assert str(Health.DONE.label) == "réalisée"
        assert str(Commitment.Status.DONE.label) == "réalisé"  # un engagement
        assert str(Commitment.Status.DROPPED.label) == "abandonné"
        assert str(Forum.Status.CANCELLED.label) == "annulé"  # un forum
        assert str(Forum.Status.HELD.label) == "tenu"
        assert str(Meeting.Status.CANCELLED.label) == "annulée"  # une réunion
        assert str(Meeting.Status.HELD.label) == "tenue"


def test_the_change_history_names_the_change_whatever_the_gender_of_its_subject(client):
    officer = OfficerFactory(full_name="Moussa Keïta")
    client.force_login(officer)
    contact = ContactFactory(name="Oumar Diallo")
    contact.position = "Directeur général"
    contact.save()

    page = client.get(reverse("stakeholders:detail", args=[contact.organization.pk]))
    history = page.content.decode().split('id="history-title"')[1]

    assert "Contact\u00a0: Oumar Diallo — modification" in history
    assert "Contact\u00a0: Oumar Diallo — création" in history
    assert "modifiée" not in history and "créé le" not in history


def test_the_columns_headed_by_say_when_or_who_not_pour_le(client):
    ActionFactory(title="Guichet unique")
    assessment = AssessmentFactory()
    client.force_login(OfficerFactory())

    board = client.get(reverse("actionplans:board")).content.decode()
    page = client.get(reverse("stakeholders:detail", args=[assessment.organization.pk]))

    assert '<th scope="col">Échéance</th>' in board  # the column holds the due date
    assessments = page.content.decode().split('id="assessments-title"')[1]
    assert '<th scope="col">Par</th>' in assessments  # the column holds a person's name
    assert "Pour le" not in board + assessments
