import pytest
from django.http import QueryDict
from django.urls import reverse

from stakeholders import filters
from stakeholders.models import Organization
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def names(params, user=None, **kwargs):
    user = user or OfficerFactory()
    _form, organizations = filters.organizations(QueryDict(params), user=user, **kwargs)
    return sorted(o.name for o in organizations)


@pytest.fixture
def registry():
    OrganizationFactory(
        name="Chambre de Commerce et d'Industrie du Mali",
        acronym="CCIM",
        category="chamber",
        region="bamako",
        sectors=["trade"],
    )
    bank = OrganizationFactory(
        name="Banque de Développement du Mali",
        acronym="BDM",
        category="bank",
        region="bamako",
        sectors=["finance"],
        verified=False,
    )
    OrganizationFactory(
        name="Interprofession Mangue",
        category="association",
        region="sikasso",
        sectors=["agriculture", "food"],
    )
    port = OrganizationFactory(
        name="Port Autonome de Dakar",
        acronym="PAD",
        category="transport",
        region="",
        country="SN",
        status=Organization.Status.INACTIVE,
    )
    AssessmentFactory(organization=bank, influence=3, interest=2)
    AssessmentFactory(organization=port, influence=5, interest=5)


def test_search_matches_the_name_or_the_acronym_whatever_the_case(registry):
    assert names("q=bdm") == ["Banque de Développement du Mali"]
    assert names("q=mangue") == ["Interprofession Mangue"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ("category=bank", ["Banque de Développement du Mali"]),
        ("region=sikasso", ["Interprofession Mangue"]),
        ("country=SN", ["Port Autonome de Dakar"]),
        ("verified=no", ["Banque de Développement du Mali"]),
        ("status=inactive", ["Port Autonome de Dakar"]),
        ("quadrant=keep_satisfied", ["Banque de Développement du Mali"]),
        ("quadrant=manage_closely", ["Port Autonome de Dakar"]),
        (
            "quadrant=unassessed",
            ["Chambre de Commerce et d'Industrie du Mali", "Interprofession Mangue"],
        ),
        ("region=bamako&verified=yes", ["Chambre de Commerce et d'Industrie du Mali"]),
    ],
)
def test_each_filter_narrows_the_registry(registry, params, expected):
    assert names(params) == expected


def test_the_sector_filter_finds_organisations_with_that_sector_among_others(registry):
    from stakeholders.models import Sector

    food = Sector.objects.get(code="food")

    assert names(f"sector={food.pk}") == ["Interprofession Mangue"]


def test_an_invalid_filter_is_ignored_and_reported(registry):
    form, organizations = filters.organizations(
        QueryDict("category=spaceships&q=mangue"), user=OfficerFactory()
    )

    assert "category" in form.errors
    assert [o.name for o in organizations] == ["Interprofession Mangue"]


def test_the_filters_travel_as_a_query_string(registry):
    form, _ = filters.organizations(
        QueryDict("q=ban&category=bank&verified=&page=3"), user=OfficerFactory()
    )

    assert form.query_string() == "q=ban&category=bank"


def test_people_other_than_officers_get_only_public_filters_and_the_directory(registry):
    form, organizations = filters.organizations(
        QueryDict("quadrant=keep_satisfied&verified=no"),
        user=RepresentativeFactory(),
        public=True,
    )

    assert set(form.fields) == {"q", "category", "region"}
    assert "latest_influence" not in organizations.query.annotations
    assert sorted(o.name for o in organizations) == [
        "Chambre de Commerce et d'Industrie du Mali",
        "Interprofession Mangue",
    ]


def test_the_body_filter_finds_the_member_organisations_of_a_dialogue_body(registry):
    from tests.meetings.factories import BodyFactory

    body = BodyFactory(name="Comité de facilitation")
    body.members.add(*Organization.objects.filter(region="bamako"))
    BodyFactory().members.add(*Organization.objects.all())

    assert names(f"body={body.pk}") == [
        "Banque de Développement du Mali",
        "Chambre de Commerce et d'Industrie du Mali",
    ]
    assert names(f"body={body.pk}&category=bank") == ["Banque de Développement du Mali"]


def test_the_body_filter_travels_by_id_and_reads_back_by_name(registry):
    from tests.meetings.factories import BodyFactory

    body = BodyFactory(name="Comité de facilitation")
    form, _ = filters.organizations(
        QueryDict(f"body={body.pk}&region=bamako"), user=OfficerFactory()
    )

    assert form.query_string() == f"region=bamako&body={body.pk}"
    assert form.parameters() == {"region": "bamako", "body": body.pk}
    assert dict(form.summary()) == {
        "Région": "District de Bamako",
        "Instance de dialogue": str(body),
    }


def test_the_registry_export_takes_the_body_filter(client, registry):
    from tests.meetings.factories import BodyFactory

    body = BodyFactory()
    body.members.add(Organization.objects.get(acronym="PAD"))
    client.force_login(OfficerFactory())

    export = client.get(reverse("stakeholders:export"), {"body": body.pk, "format": "csv"})

    content = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "Port Autonome de Dakar" in content and "Interprofession Mangue" not in content
