"""The commitments board's downloads (actionplans/opendata.py, board.board_export): the rows
the board lists, with its filters, for whoever asks; as CSV and as JSON of the documented
shape; never an internal action, a draft plan's, an internal note or a progress narrative."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import opendata, services
from actionplans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MARKER = "MARQUEUR-INTERNE-OD7"


@pytest.fixture
def board():
    """Two active plans with public actions (one at risk, one with progress, one cancelled),
    and, each holding the marker, an internal action, a draft plan's action, an approved
    plan's action, internal notes and a progress narrative."""
    partner = OrganizationFactory(name="Chambre de commerce")
    hidden_partner = OrganizationFactory(name="Partenaire non vérifié", verified=False)
    first = PlanFactory(title="Plan A", status=ActionPlan.Status.ACTIVE, internal_notes=MARKER)
    second = PlanFactory(title="Plan B", status=ActionPlan.Status.ACTIVE)
    reported = ActionFactory(
        plan=first,
        code="A1",
        title="Guichet unique",
        internal_notes=MARKER,
        indicator_name="Délai moyen",
        indicator_unit="jours",
        indicator_baseline=10,
        indicator_target=3,
        target_categories=["trader"],
        target_quadrants=["manage_closely"],
    )
    reported.partners.set([partner, hidden_partner])
    services.record_progress(
        reported,
        acting_user=reported.responsible,
        date=timezone.localdate(),
        percent=60,
        indicator_value=5,
        narrative=MARKER,
    )
    ActionFactory(plan=first, code="A2", title="Formation des agents")
    ActionFactory(plan=second, code="B1", title="Tarif en ligne", status=Action.Status.CANCELLED)
    ActionFactory(plan=first, code="I1", title=MARKER, visibility=Action.Visibility.INTERNAL)
    ActionFactory(plan=PlanFactory(status=ActionPlan.Status.DRAFT, title=MARKER), title=MARKER)
    ActionFactory(plan=PlanFactory(status=ActionPlan.Status.APPROVED), title=MARKER)
    return first, second


def login(client, who):
    if who == "representative":
        client.force_login(RepresentativeFactory())
    elif who == "officer":
        client.force_login(OfficerFactory())


def page_codes(client, query):
    """The action codes the board lists for `query`, over all its pages, in order."""
    body = client.get(reverse("actionplans:board"), query).content.decode()
    return re.findall(
        r'<a href="/commitments/\d+/"><span class="text-body-secondary">([^<]+)<', body
    )


def download(client, file_format, query=None):
    response = client.get(
        reverse("actionplans:board_export"), {**(query or {}), "format": file_format}
    )
    assert response.status_code == 200
    return response


def json_records(client, query=None):
    return json.loads(download(client, "json", query).content)["records"]


def csv_rows(client, query=None):
    text = download(client, "csv", query).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("who", ["visitor", "representative", "officer"])
def test_the_downloads_hold_the_rows_the_board_lists_for_the_same_viewer(client, board, who):
    login(client, who)
    first, _second = board
    for query in [{}, {"plan": first.pk}, {"q": "guichet"}, {"health": "at_risk"}]:
        codes = page_codes(client, query)
        assert codes, query  # the filter leaves something to compare
        assert [r["code"] for r in json_records(client, query)] == codes, query
        rows = csv_rows(client, query)
        code_column = rows[0].index(str(opendata.DATASET.fields[3].header))
        assert [row[code_column] for row in rows[1:]] == codes, query


def test_the_filters_narrow_the_downloads(client, board):
    first, second = board

    assert {r["code"] for r in json_records(client)} == {"A1", "A2", "B1"}
    assert {r["code"] for r in json_records(client, {"plan": second.pk})} == {"B1"}
    assert {r["code"] for r in json_records(client, {"q": "formation"})} == {"A2"}
    assert {r["code"] for r in json_records(client, {"health": "on_track"})} == {"A1"}


def test_the_json_has_the_documented_shape(client, board, settings):
    settings.OPEN_DATA_LICENCE_NAME = "Licence ouverte 2.0"
    body = json.loads(download(client, "json", {"q": "guichet"}).content)

    assert body["dataset"] == "commitments"
    assert body["licence"] == {"name": "Licence ouverte 2.0", "url": settings.OPEN_DATA_LICENCE_URL}
    assert body["count"] == 1
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*\+00:00$", body["generated_at"])
    (record,) = body["records"]
    assert list(record) == opendata.DATASET.field_names
    action = Action.objects.get(code="A1")
    assert record["url"] == f"http://testserver/commitments/{action.pk}/"
    assert record["plan"] == "Plan A"
    assert record["start_date"] == action.start_date.isoformat()
    assert record["due_date"] == action.due_date.isoformat()
    assert record["last_reported_on"] == timezone.localdate().isoformat()
    assert record["progress_percent"] == 60
    assert record["health"] == "on_track"
    assert record["indicator_baseline"] == 10 and record["indicator_current"] == 5
    assert record["partners"] == ["Chambre de commerce"]  # the unverified one is not shown
    assert record["cancelled"] is False


def test_a_cancelled_action_is_listed_without_health(client, board):
    (record,) = [r for r in json_records(client) if r["code"] == "B1"]

    assert record["cancelled"] is True and record["health"] == ""


@pytest.mark.parametrize("who", ["visitor", "representative", "officer"])
def test_nothing_internal_comes_out(client, board, who):
    login(client, who)

    for file_format in ("csv", "json"):
        content = download(client, file_format).content.decode("utf-8-sig")
        assert MARKER not in content
        assert "manage_closely" not in content  # the mapping quadrants targeted


def test_the_csv_is_in_the_readers_language_and_guarded(client, board):
    Action.objects.filter(code="A2").update(title='=HYPERLINK("x")')

    content = download(client, "csv").content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))

    assert content.startswith(b"\xef\xbb\xbf")
    assert "Code" in rows[0] and "Échéance" in rows[0]
    assert '\'=HYPERLINK("x")' in [cell for row in rows for cell in row]
    english = csv_rows(client.__class__(HTTP_ACCEPT_LANGUAGE="en"))
    assert "Due date" in english[0]


def test_the_board_links_to_its_downloads_with_its_filters(client, board):
    first, _second = board

    body = client.get(reverse("actionplans:board"), {"plan": first.pk}).content.decode()

    url = reverse("actionplans:board_export")
    assert f'href="{url}?plan={first.pk}&amp;format=csv"' in body
    assert f'href="{url}?plan={first.pk}&amp;format=json"' in body
    assert f'href="{reverse("open_data")}#commitments"' in body
