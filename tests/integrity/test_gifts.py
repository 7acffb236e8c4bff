"""Gifts, hospitality and invitations: declaring, the supervisors' review above the threshold,
corrections as new versions, the public register and its CSV, the dashboard's indicator."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actionplans.indicators import Quarter, engagement_indicators
from integrity.models import GiftDeclaration, GiftReview, GiftVersion
from integrity.services import gifts as services
from portal.accounts.models import Unit
from portal.notifications.models import Notification
from tests.factories import (
    GiftSupervisorFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

THRESHOLD = 25000


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD = THRESHOLD
    settings.INTEGRITY_GIFTS_SHOW_NAMES = False


@pytest.fixture
def officer():
    unit = Unit.objects.create(name="Bureau des douanes de Kayes")
    return OfficerFactory(full_name="Moussa Diarra", unit=unit, position="Chef de visite")


def _form(**changes):
    data = {
        "kind": "gift",
        "description": "Un panier de fruits et une montre",
        "organization": "",
        "offered_by": "Transit Sahel SARL",
        "estimated_value": "40000",
        "offered_on": str(timezone.localdate() - timedelta(days=2)),
        "decision": "accepted",
    }
    data.update(changes)
    return data


def _declare(client, officer, **changes):
    client.force_login(officer)
    response = client.post(reverse("integrity:gift_declare"), _form(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return GiftDeclaration.objects.filter(declarant=officer).order_by("-pk").first()


def test_declaring_records_a_numbered_declaration_with_the_unit_and_role(client, officer):
    declaration = _declare(client, officer, estimated_value="5000")

    year = timezone.localdate().year
    assert declaration.reference == f"CAD-{year}-0001"
    (version,) = declaration.versions.all()
    assert version.unit.name == "Bureau des douanes de Kayes"
    assert version.officer_role == "Chef de visite"
    assert version.status == GiftVersion.Status.ACCEPTED  # below the threshold
    assert not Notification.objects.filter(kind=services.REVIEW_NEEDED_KIND).exists()
    second = _declare(client, officer, decision="refused")
    assert second.reference == f"CAD-{year}-0002"
    assert second.versions.get().status == GiftVersion.Status.REFUSED


def test_bad_input_re_renders_with_what_was_typed(client, officer):
    client.force_login(officer)
    future = str(timezone.localdate() + timedelta(days=3))
    response = client.post(
        reverse("integrity:gift_declare"),
        _form(offered_by="", offered_on=future, description="Un stylo gravé"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Un stylo gravé" in content
    assert "Indiquez qui l’a offert" in content
    assert "ne peut pas être postérieure" in content
    assert not GiftDeclaration.objects.exists()


def test_above_threshold_goes_to_the_supervisors_who_approve(client, officer):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, officer)
    version = declaration.versions.get()
    assert version.status == GiftVersion.Status.AWAITING
    assert Notification.objects.filter(
        kind=services.REVIEW_NEEDED_KIND, recipient=supervisor
    ).exists()

    client.force_login(supervisor)
    queue = client.get(reverse("integrity:gift_queue"))
    assert declaration.reference in queue.content.decode()
    response = client.post(
        reverse("integrity:gift_review", args=[declaration.pk]),
        {"decision": "approved", "note": "Valeur raisonnable, cadeau protocolaire."},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == GiftVersion.Status.APPROVED
    assert version.review.reviewer == supervisor
    assert Notification.objects.filter(kind=services.DECISION_KIND, recipient=officer).exists()
    assert declaration.reference not in client.get(reverse("integrity:gift_queue")).content.decode()


def test_supervisor_orders_return_and_the_declarant_is_told(client, officer, deliver):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, officer)
    (asked,) = deliver()
    assert asked.to == [supervisor.email]
    assert declaration.reference in asked.subject
    assert reverse("integrity:gift_review", args=[declaration.pk]) in asked.body
    client.force_login(supervisor)
    client.post(
        reverse("integrity:gift_review", args=[declaration.pk]),
        {"decision": "return_ordered", "note": "Montre de valeur : à restituer."},
    )
    assert declaration.versions.get().status == GiftVersion.Status.RETURN_ORDERED
    (told,) = deliver()
    assert told.to == [officer.email]
    assert "à restituer" in told.body


def test_supervisors_are_not_asked_about_a_version_reviewed_since(client, officer, deliver):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, officer)
    services.review(
        declaration.versions.get(), decision="approved", note="Vu.", acting_user=supervisor
    )
    assert [m.to for m in deliver()] == [[officer.email]]


def test_a_review_needs_a_note(client, officer):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, officer)
    client.force_login(supervisor)
    response = client.post(
        reverse("integrity:gift_review", args=[declaration.pk]), {"decision": "approved"}
    )
    assert response.status_code == 200
    assert not GiftReview.objects.exists()


def test_declarant_cannot_review_own_declaration(client):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, supervisor)
    client.force_login(supervisor)
    assert client.get(reverse("integrity:gift_review", args=[declaration.pk])).status_code == 404
    response = client.post(
        reverse("integrity:gift_review", args=[declaration.pk]),
        {"decision": "approved", "note": "Moi-même."},
    )
    assert response.status_code == 404
    with pytest.raises(services.Refused):
        services.review(
            declaration.versions.get(), decision="approved", note="x", acting_user=supervisor
        )
    assert not GiftReview.objects.exists()


def test_a_correction_is_a_new_version_that_needs_review_again(client, officer):
    supervisor = GiftSupervisorFactory()
    declaration = _declare(client, officer)
    client.force_login(supervisor)
    client.post(
        reverse("integrity:gift_review", args=[declaration.pk]),
        {"decision": "approved", "note": "D'accord."},
    )
    client.force_login(officer)
    url = reverse("integrity:gift_correct", args=[declaration.pk])
    form = client.get(url).content.decode()
    assert "Transit Sahel SARL" in form  # the latest version, to correct
    # Without the note the correction is refused, what was typed kept.
    response = client.post(url, _form(estimated_value="60000"))
    assert response.status_code == 200
    assert 'value="60000"' in response.content.decode()
    response = client.post(
        url, _form(estimated_value="60000", correction_note="La montre valait davantage.")
    )
    assert response.status_code == 302

    first, second = declaration.versions.order_by("number")
    assert (first.estimated_value, second.estimated_value) == (40000, 60000)
    assert first.status == GiftVersion.Status.APPROVED  # the history stays as it was
    assert second.status == GiftVersion.Status.AWAITING
    assert Notification.objects.filter(
        kind=services.REVIEW_NEEDED_KIND, target_id=second.pk
    ).exists()
    page = client.get(declaration.get_absolute_url()).content.decode()
    assert "La montre valait davantage." in page
    assert "Version 2" in page and "Version 1" in page
    assert "valeur estimée (francs CFA)" in page  # what changed
    # The old version can no longer be reviewed.
    with pytest.raises(services.Refused):
        services.review(first, decision="approved", note="x", acting_user=supervisor)


def test_only_the_declarant_corrects(client, officer):
    declaration = _declare(client, officer)
    supervisor = GiftSupervisorFactory()
    client.force_login(supervisor)
    url = reverse("integrity:gift_correct", args=[declaration.pk])
    assert client.get(url).status_code == 404
    client.force_login(OfficerFactory())
    assert client.get(url).status_code == 404
    assert client.get(declaration.get_absolute_url()).status_code == 404


def test_declarations_are_append_only(client, officer):
    declaration = _declare(client, officer)
    for name in ("gift_delete", "gift_edit", "gift_version_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"integrity:{name}", args=[declaration.pk])
    request = type("R", (), {"user": officer})()
    for model in (GiftDeclaration, GiftVersion, GiftReview):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_public_register_shows_unit_and_role_not_the_name(client, officer, settings):
    org = OrganizationFactory(name="Sahel Logistique SA")
    _declare(client, officer, organization=str(org.pk), offered_by="")
    client.logout()
    page = client.get(reverse("integrity:gifts")).content.decode()
    assert "Sahel Logistique SA" in page
    assert "Bureau des douanes de Kayes" in page and "Chef de visite" in page
    assert "Moussa Diarra" not in page

    settings.INTEGRITY_GIFTS_SHOW_NAMES = True
    assert "Moussa Diarra" in client.get(reverse("integrity:gifts")).content.decode()


def test_public_register_names_an_unverified_organisation_by_the_text_only(client, officer):
    org = OrganizationFactory(name="Société Fantôme", verified=False)
    _declare(client, officer, organization=str(org.pk), offered_by="Un transitaire")
    page = RepresentativeFactory()
    client.force_login(page)
    content = client.get(reverse("integrity:gifts")).content.decode()
    assert "Un transitaire" in content and "Société Fantôme" not in content


def test_register_filters_and_counts_per_quarter(client, officer):
    _declare(client, officer, offered_on="2025-02-10", decision="refused", estimated_value="1")
    _declare(client, officer, offered_on="2025-03-01", estimated_value="2")
    _declare(client, officer, offered_on="2025-05-01", kind="hospitality", estimated_value="3")
    client.logout()
    response = client.get(reverse("integrity:gifts"))
    quarters = {(q["year"], q["quarter"]): q for q in response.context["quarters"]}
    assert (quarters[(2025, 1)]["refused"], quarters[(2025, 1)]["accepted"]) == (1, 1)
    assert (quarters[(2025, 2)]["refused"], quarters[(2025, 2)]["accepted"]) == (0, 1)

    response = client.get(reverse("integrity:gifts"), {"kind": "hospitality"})
    assert [v.estimated_value for v in response.context["page"]] == [3]
    response = client.get(
        reverse("integrity:gifts"), {"since": "2025-02-15", "until": "2025-04-30"}
    )
    assert [v.estimated_value for v in response.context["page"]] == [2]
    # A value that does not read is left out, not an error.
    response = client.get(reverse("integrity:gifts"), {"since": "hier", "unit": "999999"})
    assert response.status_code == 200 and len(response.context["page"]) == 3


def test_register_shows_only_the_latest_version(client, officer):
    declaration = _declare(client, officer, estimated_value="1000")
    client.post(
        reverse("integrity:gift_correct", args=[declaration.pk]),
        _form(estimated_value="1500", correction_note="Erreur de saisie."),
    )
    response = client.get(reverse("integrity:gifts"))
    assert [v.estimated_value for v in response.context["page"]] == [1500]


def test_csv_download(client, officer):
    _declare(client, officer, offered_by="=HYPERLINK(1)", estimated_value="100")
    client.logout()
    response = client.get(reverse("integrity:gifts_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "Bureau des douanes de Kayes" in text
    assert "Moussa Diarra" not in text


def test_my_declarations_and_visibility(client, officer):
    mine = _declare(client, officer)
    other = _declare(client, OfficerFactory())
    client.force_login(officer)
    content = client.get(reverse("integrity:gifts_mine")).content.decode()
    assert mine.get_absolute_url() in content and other.get_absolute_url() not in content
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert set(GiftDeclaration.objects.visible_to(GiftSupervisorFactory())) == {mine, other}


def test_indicator_counts_declarations_per_quarter(client, officer):
    _declare(client, officer, decision="refused")
    _declare(client, officer)
    today = timezone.localdate()
    indicators = {i.key: i for i in engagement_indicators(Quarter.of(today), today=today)}
    indicator = indicators["gift_declarations"]
    assert indicator.value == 2
    assert indicator.previous == 0
    assert "refusées\u00a0: 1\u00a0; acceptées\u00a0: 1" in indicator.detail
    past = Quarter(2020, 1)
    earlier = {i.key: i for i in engagement_indicators(past, today=date(2020, 2, 1))}
    assert earlier["gift_declarations"].value == 0


def test_supervisors_find_their_queue_from_the_pages(client, officer):
    client.force_login(officer)
    queue = reverse("integrity:gift_queue")
    assert queue not in client.get(reverse("integrity:gifts_mine")).content.decode()
    client.force_login(GiftSupervisorFactory())
    assert queue in client.get(reverse("integrity:gifts_mine")).content.decode()
