"""The officers' registry list: sorting, page size, last contact, and the bulk actions on
selected organisations (export, invite to a meeting, write an announcement)."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from announcements.models import Announcement
from integrity.models import ContactEntry
from integrity.services import register as contact_register
from meetings.models import Invitation, InvitedOrganization, Meeting
from stakeholders.models import Category
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    member_of,
)
from tests.meetings.factories import MeetingFactory, in_days
from tests.stakeholders.factories import AssessmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LIST = reverse("stakeholders:list")
ACTIONS = ("stakeholders:selection_export", "meetings:invite_organizations", "announcements:create")


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


def names(response):
    """The organisations' names in the table's order."""
    return re.findall(r'id="name-\d+">([^<]+)</a>', response.content.decode())


def log(officer, organizations, when):
    return contact_register.log_contact(
        acting_user=officer,
        kind=ContactEntry.Kind.CALL,
        contact_date=when,
        organizations=organizations,
    )


@pytest.fixture
def three(officer):
    """Three organisations with different categories, assessments and contacts."""
    a = OrganizationFactory(name="Alpha Transit", category=Category.TRANSPORT, verified=False)
    b = OrganizationFactory(name="Banque du Sahel", category=Category.BANK)
    c = OrganizationFactory(name="Chambre de Kayes", category=Category.CHAMBER)
    AssessmentFactory(organization=a, influence=2, interest=5)
    AssessmentFactory(organization=c, influence=5, interest=1)
    log(officer, [a], date(2026, 3, 1))
    log(officer, [a, b], date(2026, 5, 10))
    return a, b, c


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
        ("name", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
        ("-name", ["Chambre de Kayes", "Banque du Sahel", "Alpha Transit"]),
        # French labels: « Banque / assureur », « Chambre de commerce », « Transporteur ... ».
        ("category", ["Banque du Sahel", "Chambre de Kayes", "Alpha Transit"]),
        ("-category", ["Alpha Transit", "Chambre de Kayes", "Banque du Sahel"]),
        ("verified", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
        ("-verified", ["Banque du Sahel", "Chambre de Kayes", "Alpha Transit"]),
        # Unassessed organisations last, whichever the direction.
        ("influence", ["Alpha Transit", "Chambre de Kayes", "Banque du Sahel"]),
        ("-influence", ["Chambre de Kayes", "Alpha Transit", "Banque du Sahel"]),
        ("interest", ["Chambre de Kayes", "Alpha Transit", "Banque du Sahel"]),
        ("-interest", ["Alpha Transit", "Chambre de Kayes", "Banque du Sahel"]),
        # Upwards, "never contacted" is the oldest contact of all; downwards it comes last.
        ("last_contact", ["Chambre de Kayes", "Alpha Transit", "Banque du Sahel"]),
        ("-last_contact", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
        # Unknown keys sort by name.
        ("bogus", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
        ("-internal_notes", ["Alpha Transit", "Banque du Sahel", "Chambre de Kayes"]),
    ],
)
def test_each_sort_key_orders_the_list_in_its_direction(client, three, sort, expected):
    assert names(client.get(LIST, {"sort": sort})) == expected


def test_equal_values_are_ordered_by_name_then_kept_across_pages(client, officer):
    for n in (3, 1, 2):
        OrganizationFactory(name=f"Négoce {n}", category=Category.TRADER)
    assert names(client.get(LIST, {"sort": "category"})) == ["Négoce 1", "Négoce 2", "Négoce 3"]
    assert names(client.get(LIST, {"sort": "-category"})) == [
        "Négoce 1",
        "Négoce 2",
        "Négoce 3",
    ]


def test_the_sorted_header_says_so_and_links_to_the_other_direction(client, three):
    page = client.get(LIST, {"sort": "-last_contact", "category": "bank", "page": "1"})
    html = page.content.decode()
    headers = re.findall(r'<th scope="col"( aria-sort="(\w+)")?[^>]*>\s*<a href="([^"]+)"', html)
    sorted_headers = [(h[1], h[2]) for h in headers if h[1]]
    assert len(sorted_headers) == 1
    direction, link = sorted_headers[0]
    assert direction == "descending"
    assert "sort=last_contact" in link and "category=bank" in link and "page=" not in link
    # Sorted upwards, the same header links downwards.
    html = client.get(LIST, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-name" in html
    assert html.count("aria-sort=") == 1


def test_no_sort_asked_is_the_name_upwards(client, three):
    assert 'aria-sort="ascending"' in client.get(LIST).content.decode()


def test_the_page_size_is_chosen_kept_in_the_page_links_and_falls_back_to_25(client, officer):
    for n in range(60):
        OrganizationFactory(name=f"Caisse {n:02d}", category=Category.BANK)

    fifty = client.get(LIST, {"per_page": "50", "sort": "-name", "category": "bank"})
    assert len(names(fifty)) == 50
    html = fifty.content.decode()
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', html).group(1)
    assert "per_page=50" in next_link and "sort=-name" in next_link and "category=bank" in next_link
    second = client.get(LIST + next_link.replace("&amp;", "&"))
    assert len(names(second)) == 10
    assert names(second)[0] == "Caisse 09"
    # The filters' form keeps the order and the size when it is sent again.
    assert '<input type="hidden" name="per_page" value="50">' in html
    assert '<input type="hidden" name="sort" value="-name">' in html

    assert len(names(client.get(LIST, {"per_page": "100"}))) == 60
    for bad in ("7", "abc", "-50", "1000", ""):
        assert len(names(client.get(LIST, {"per_page": bad}))) == 25, bad


def test_last_contact_is_the_latest_entry_of_the_register_naming_the_organisation(
    client, officer, three
):
    a, b, c = three
    meeting = MeetingFactory(start=in_days(-3), status=Meeting.Status.HELD)
    entry = contact_register.log_contact(
        acting_user=officer,
        kind=ContactEntry.Kind.VISIT,
        contact_date=date(2026, 6, 2),
        organizations=[b],
    )
    assert entry.pk and meeting.pk
    html = client.get(LIST).content.decode()
    assert '<time datetime="2026-05-10">' in html  # Alpha Transit: the later of its two
    assert '<time datetime="2026-06-02">' in html  # Banque du Sahel
    assert '<time datetime="2026-03-01">' not in html
    row_c = html[html.index("Chambre de Kayes") :]
    row_c = row_c[: row_c.index("</tr>")]
    assert "<time" not in row_c  # never in the register
    # What the column counts is said on the page.
    assert "registre des contacts" in html or "register of contacts" in html


def test_the_list_reads_a_bounded_number_of_queries_whatever_its_size(client, officer):
    def count_queries(n):
        for i in range(n):
            organization = OrganizationFactory(sectors=["trade"])
            AssessmentFactory(organization=organization)
            log(officer, [organization], date(2026, 1, 1) + timedelta(days=i))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"sort": "-last_contact", "per_page": "100"})
        assert response.status_code == 200
        return len(queries)

    few = count_queries(5)
    many = count_queries(25)  # 30 in all
    assert many == few
    assert many < 20


# --- Bulk actions -------------------------------------------------------------------------


def test_the_list_offers_every_registered_action_in_one_form(client, three):
    html = client.get(LIST).content.decode()
    start = html.index('<form method="post"')
    form = html[start : html.index("</form>", start)]
    for name in ACTIONS:
        assert f'formaction="{reverse(name)}"' in form
    assert form.count('type="checkbox" name="organization"') == 3


def test_exporting_the_selection_confirms_then_writes_only_those_rows(client, three):
    a, b, c = three
    page = client.post(
        reverse("stakeholders:selection_export"),
        {"organization": [a.pk, c.pk], "back": "sort=-name&page=2"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alpha Transit" in html and "Chambre de Kayes" in html and "Banque du Sahel" not in html
    assert f'href="{LIST}?sort=-name&amp;page=2"' in html
    link = re.search(r'href="([^"]*format=csv)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["Alpha Transit", "Chambre de Kayes"]
    xlsx = re.search(r'href="([^"]*format=xlsx)"', html).group(1).replace("&amp;", "&")
    assert client.get(xlsx)["Content-Type"].startswith("application/vnd.openxml")


def test_an_empty_selection_goes_back_to_the_list(client, three):
    for name in ACTIONS:
        response = client.post(reverse(name), {"back": "sort=category"})
        assert response.status_code == 302, name
        assert response["Location"] == f"{LIST}?sort=category"


@pytest.mark.parametrize("name", ACTIONS)
def test_an_organisation_that_does_not_exist_or_garbage_is_a_404(client, three, name):
    a = three[0]
    assert client.post(reverse(name), {"organization": [a.pk, 999999]}).status_code == 404
    assert client.post(reverse(name), {"organization": ["x"]}).status_code == 404
    assert client.get(reverse("stakeholders:export"), {"organization": [999999]}).status_code == 404


@pytest.mark.parametrize("name", ["stakeholders:selection_export", "meetings:invite_organizations"])
def test_representatives_cannot_reach_the_actions(client, name):
    organization = OrganizationFactory()
    rep = RepresentativeFactory()
    member_of(organization, rep)
    client.force_login(rep)
    assert client.post(reverse(name), {"organization": [organization.pk]}).status_code == 404
    assert (
        client.get(reverse("stakeholders:export"), {"organization": [organization.pk]}).status_code
        == 404
    )


def test_inviting_the_selection_to_a_meeting(client, officer, three):
    a, b, c = three
    ContactFactory(organization=a, email="a@transit.ml")
    ContactFactory(organization=b, email="b@sahel.ml")
    upcoming = MeetingFactory(title="Comité de dédouanement", start=in_days(5))
    past = MeetingFactory(title="Réunion passée", start=in_days(-5))
    internal = MeetingFactory(
        title="Réunion interne", start=in_days(5), visibility=Meeting.Visibility.INTERNAL
    )
    url = reverse("meetings:invite_organizations")

    confirm = client.post(url, {"organization": [a.pk, b.pk], "back": ""})
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Alpha Transit" in html and "Banque du Sahel" in html and "Chambre de Kayes" not in html
    assert "Comité de dédouanement" in html
    assert past.title not in html and internal.title not in html
    assert not Invitation.objects.exists()

    # A meeting that may not be chosen is refused, nothing written, the selection kept.
    refused = client.post(url, {"organization": [a.pk, b.pk], "meeting": internal.pk})
    assert refused.status_code == 200 and not InvitedOrganization.objects.exists()
    assert f'name="organization" value="{a.pk}"' in refused.content.decode()

    done = client.post(url, {"organization": [a.pk, b.pk], "meeting": upcoming.pk})
    assert done.status_code == 302
    assert done["Location"] == reverse("meetings:invitations", args=[upcoming.pk])
    assert set(
        InvitedOrganization.objects.filter(meeting=upcoming).values_list("organization", flat=True)
    ) == {a.pk, b.pk}
    assert set(upcoming.invitations.values_list("email", flat=True)) == {
        "a@transit.ml",
        "b@sahel.ml",
    }


def test_writing_to_the_selection(client, officer, three):
    a, b, c = three
    ContactFactory(organization=a, email="a@transit.ml")
    ContactFactory(organization=c, email="c@kayes.ml")
    ContactFactory(organization=b, email="b@sahel.ml")
    url = reverse("announcements:create")

    form = client.post(url, {"organization": [a.pk, c.pk], "back": ""})
    html = form.content.decode()
    assert form.status_code == 200
    assert "Alpha Transit" in html and "Chambre de Kayes" in html and "Banque du Sahel" not in html

    message = {"organization": [a.pk, c.pk], "subject": "Nouveau tarif", "message": "Bonjour."}
    preview = client.post(url, {**message, "preview": "1"})
    html = preview.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert html.count('type="hidden" name="organization"') == 2

    sent = client.post(url, {**message, "confirm": "1", "token": token})
    assert sent.status_code == 302
    announcement = Announcement.objects.get()
    assert set(announcement.reached.values_list("organization", flat=True)) == {a.pk, c.pk}
    assert announcement.recipients == 2
    assert announcement.filters == {"organization": [a.pk, c.pk]}
    detail = client.get(announcement.get_absolute_url()).content.decode()
    assert "2 organisations" in detail
