"""The active filters of a list page as removable chips (portal/filterchips.py and
templates/portal/_filters.html), through the pages that show them."""

import html
import re

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from portal.filterchips import chips
from tests.factories import OfficerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

CHIP = re.compile(r'<a class="filter-chip" href="([^"]*)" aria-label="([^"]*)">')


def page_chips(response):
    """[(aria-label, removal link)] of the chips on the page, in order."""
    assert response.status_code == 200
    text = response.content.decode()
    return [(html.unescape(label), html.unescape(href)) for href, label in CHIP.findall(text)]


@pytest.fixture
def officer(client):
    user = OfficerFactory(language="en")
    client.force_login(user)
    return user


def test_the_registry_shows_one_chip_per_active_filter_with_its_label_and_choice(client, officer):
    OrganizationFactory(name="Banque de Développement du Mali", category="bank", region="bamako")
    url = reverse("stakeholders:list")

    response = client.get(url, {"q": "Mali", "category": "bank", "region": "bamako", "page": "1"})

    assert page_chips(response) == [
        ("Remove filter: Name or acronym: Mali", "?category=bank&region=bamako"),
        ("Remove filter: Category: Bank / insurer", "?q=Mali&region=bamako"),
        ("Remove filter: Region: District of Bamako", "?q=Mali&category=bank"),
    ]
    text = response.content.decode()
    # Closed unless the form has errors: phones see the list first; the count is on it.
    assert '<details class="filter-disclosure">' in text
    assert re.search(r'<summary class="filter-summary[^"]*">Filter <span[^>]*>3</span>', text)
    assert "Clear the filters" in text


def test_a_removal_link_drops_only_its_filter(client, officer):
    OrganizationFactory(name="Banque de Développement du Mali", category="bank", region="bamako")
    OrganizationFactory(name="Chambre de Kayes", category="chamber", region="kayes")
    url = reverse("stakeholders:list")
    first = page_chips(client.get(url, {"category": "bank", "region": "bamako"}))
    remove_region = dict(first)["Remove filter: Region: District of Bamako"]

    after = client.get(url + remove_region)

    assert page_chips(after) == [("Remove filter: Category: Bank / insurer", "?")]
    text = after.content.decode()
    assert "Banque de Développement du Mali" in text and "Chambre de Kayes" not in text


def test_no_filter_no_chip_and_no_count(client, officer):
    response = client.get(reverse("stakeholders:list"))

    assert page_chips(response) == []
    assert '<ul class="filter-chips' not in response.content.decode()


def test_an_invalid_value_gives_no_chip_and_opens_the_form(client):
    response = client.get(reverse("integrity:gifts"), {"since": "not a date", "kind": "gift"})

    assert [href for _label, href in page_chips(response)] == ["?since=not+a+date"]
    assert '<details class="filter-disclosure" open>' in response.content.decode()


@pytest.mark.parametrize(
    "url_name, query, removed",
    [
        ("actionplans:board", "q=port&health=overdue&page=2", "?q=port"),
        ("consultations:list", "phase=open", "?"),
        ("integrity:gifts", "kind=gift&decision=", "?decision="),
        ("integrity:register", "kind=visit&q=douane", "?q=douane"),
    ],
)
def test_every_public_list_shows_its_filters_as_chips(client, url_name, query, removed):
    response = client.get(f"{reverse(url_name)}?{query}")

    links = [href for _label, href in page_chips(response)]
    assert removed in links
    assert len(links) == len([p for p in QueryDict(query).values() if p]) - ("page=" in query)


class Several(forms.Form):
    q = forms.CharField(label="Search", required=False)
    region = forms.MultipleChoiceField(
        label="Region", required=False, choices=[("kayes", "Kayes"), ("sikasso", "Sikasso")]
    )
    late = forms.BooleanField(label="Late only", required=False)
    tab = forms.CharField(required=False, widget=forms.HiddenInput)


def test_a_multi_valued_filter_gives_one_chip_per_value_each_removing_only_itself():
    query = QueryDict("tab=past&q=port&region=kayes&region=sikasso&late=on&page=3")

    with translation.override("en"):
        found = chips(Several(query), query)

        assert [(chip.text, chip.remove_url) for chip in found] == [
            ("Search: port", "?tab=past&region=kayes&region=sikasso&late=on"),
            ("Region: Kayes", "?tab=past&q=port&region=sikasso&late=on"),
            ("Region: Sikasso", "?tab=past&q=port&region=kayes&late=on"),
            ("Late only", "?tab=past&q=port&region=kayes&region=sikasso"),
        ]
        # Clearing keeps what is not a filter (the tab the list is on).
        assert found.clear_url == "?tab=past"


def test_an_unbound_form_has_no_chips():
    assert chips(Several(), QueryDict("")) == []


@pytest.mark.parametrize(
    "url_name, query, expected",
    [
        (
            "meetings:list",
            "q=budget&status=postponed",
            [
                ("Remove filter: Search: budget", "?status=postponed"),
                ("Remove filter: Status: postponed", "?q=budget"),
            ],
        ),
        ("meetings:commitments", "status=open", [("Remove filter: Status: open", "?")]),
        (
            "meetings:requests",
            "status=declined&page=1",
            [
                ("Remove filter: Status: declined", "?"),
            ],
        ),
    ],
)
def test_the_meetings_lists_show_their_filters_as_chips(client, officer, url_name, query, expected):
    assert page_chips(client.get(f"{reverse(url_name)}?{query}")) == expected


def test_the_integrity_units_cases_show_their_filters_as_chips(client):
    from tests.factories import IntegrityOfficerFactory

    client.force_login(IntegrityOfficerFactory(language="en"))

    found = page_chips(client.get(reverse("integrity:cases"), {"status": "review", "late": "1"}))

    assert found == [
        ("Remove filter: Status: Under review", "?late=1"),
        ("Remove filter: Late only", "?status=review"),
    ]
