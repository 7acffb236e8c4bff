"""The list, map, export and directory pages make a number of SQL queries that does not grow
with the number of organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

OFFICER_PAGES = [
    (reverse("stakeholders:list"), {}),
    (reverse("stakeholders:list"), {"quadrant": "manage_closely", "q": "o"}),
    (reverse("stakeholders:map"), {}),
    (reverse("stakeholders:map"), {"category": "bank", "sector": "1"}),
    (reverse("stakeholders:gaps"), {}),
    (reverse("stakeholders:export"), {"format": "csv"}),
    (reverse("stakeholders:export"), {"format": "xlsx", "quadrant": "monitor"}),
]
PUBLIC_PAGES = [
    (reverse("stakeholders:directory"), {}),
    (reverse("stakeholders:directory_export"), {"format": "csv"}),
    (reverse("stakeholders:directory_export"), {"format": "xlsx"}),
]
# Session, user, groups, the filter form's choices, the count and the rows, prefetches.
MAX_QUERIES = 10
# The dashboard gathers every app's panel; what matters is that the registry's does not grow.
# With the integrity app's: the register's panel, and its indicators (register 1,
# declarations 1, complaints 4).
MAX_DASHBOARD_QUERIES = 32


def make(count):
    for n in range(count):
        organization = OrganizationFactory(
            category="bank" if n % 2 else "chamber", sectors=["finance", "trade"]
        )
        AssessmentFactory(
            organization=organization,
            influence=1 + n % 5,
            interest=1 + n % 4,
            current_engagement=1,
            desired_engagement=4,
        )
        AssessmentFactory(organization=organization, influence=2, interest=2)
        ContactFactory(organization=organization)


def test_the_map_of_a_registry_beyond_the_mark_limit_makes_the_same_few_queries(
    client, django_assert_max_num_queries, monkeypatch
):
    from stakeholders import mapping

    monkeypatch.setattr(mapping, "MARK_LIMIT", 10)
    make(60)
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("stakeholders:map"))
    assert response.status_code == 200 and b"map-cell-count" in response.content


@pytest.mark.parametrize("url, params", OFFICER_PAGES)
@pytest.mark.parametrize("count", [5, 50])
def test_officer_pages_make_the_same_few_queries_whatever_the_registry_size(
    client, django_assert_max_num_queries, url, params, count
):
    make(count)
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("url, params", PUBLIC_PAGES)
@pytest.mark.parametrize("count", [5, 50])
def test_public_pages_make_the_same_few_queries_whatever_the_registry_size(
    client, django_assert_max_num_queries, url, params, count
):
    make(count)
    client.force_login(RepresentativeFactory())

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("url, params", OFFICER_PAGES)
def test_officer_page_query_counts_are_equal_for_5_and_50_organisations(client, url, params):
    officer = OfficerFactory()
    client.force_login(officer)
    counts = []
    for batch in (5, 45):
        make(batch)
        client.get(url, params)  # warm up caches that are not about the data
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params)
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("count", [5, 50])
def test_the_officers_dashboard_makes_the_same_few_queries_whatever_the_registry_size(
    client, django_assert_max_num_queries, count
):
    make(count)
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(MAX_DASHBOARD_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200
