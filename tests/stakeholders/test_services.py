import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stakeholders import services
from stakeholders.models import Category, Contact, Organization, Sector
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def represented():
    organization = OrganizationFactory(name="Transit Diallo", registry_number="MA.KYS.1")
    services.set_verified(organization, verified=True, acting_user=OfficerFactory())
    user = representative_of(organization)
    organization.refresh_from_db()
    return organization, user


@pytest.mark.parametrize(
    "change", [{"name": "Transit Diallo et Frères"}, {"registry_number": "MA.KYS.2"}]
)
def test_a_representative_changing_name_or_registry_number_makes_it_unverified(represented, change):
    organization, user = represented

    services.update_organization(organization, acting_user=user, **change)

    organization.refresh_from_db()
    assert not organization.verified
    assert organization.verified_by is None and organization.verified_at is None


def test_a_representative_changing_other_fields_keeps_it_verified(represented):
    organization, user = represented

    services.update_organization(
        organization, acting_user=user, phone="+223 20 00 00 00", description="Nouveau"
    )

    organization.refresh_from_db()
    assert organization.verified
    assert organization.phone == "+223 20 00 00 00"


def test_an_officer_renaming_an_organisation_keeps_it_verified(represented):
    organization, _user = represented

    services.update_organization(organization, acting_user=OfficerFactory(), name="Nouveau nom")

    organization.refresh_from_db()
    assert organization.verified


def test_a_representative_cannot_change_status_or_internal_notes(represented):
    organization, user = represented

    with pytest.raises(ValueError):
        services.update_organization(organization, acting_user=user, internal_notes="x")


def test_a_representative_cannot_change_another_organisation(represented):
    _organization, user = represented

    with pytest.raises(PermissionDenied):
        services.update_organization(OrganizationFactory(), acting_user=user, phone="1")


def test_only_officers_verify(represented):
    organization, user = represented

    with pytest.raises(PermissionDenied):
        services.set_verified(organization, verified=True, acting_user=user)


def test_verification_records_who_and_when():
    officer = OfficerFactory()
    organization = OrganizationFactory(verified=False)

    services.set_verified(organization, verified=True, acting_user=officer)

    organization.refresh_from_db()
    assert organization.verified and organization.verified_by == officer
    assert organization.verified_at is not None


def test_history_records_the_editor_of_each_change(represented):
    organization, user = represented
    officer = OfficerFactory()

    services.update_organization(organization, acting_user=user, phone="+223 1")
    services.update_organization(organization, acting_user=officer, internal_notes="Vu")

    latest, previous = organization.history.all()[:2]
    assert latest.history_user == officer and latest.internal_notes == "Vu"
    assert previous.history_user == user and previous.phone == "+223 1"


def test_a_change_of_sectors_is_recorded_in_the_history():
    officer = OfficerFactory()
    organization = services.create_organization(
        acting_user=officer,
        name="Minoterie",
        category=Category.TRADER,
        sectors=[Sector.objects.get(code="food")],
    )

    services.update_organization(
        organization, acting_user=officer, sectors=[Sector.objects.get(code="trade")]
    )

    latest = organization.history.first()
    assert latest.history_user == officer
    assert [s.sector.code for s in latest.sectors.all()] == ["trade"]


def test_giving_consent_dates_it_and_withdrawing_it_takes_the_contact_off_mailings():
    officer = OfficerFactory()
    organization = OrganizationFactory()
    contact = services.add_contact(
        organization, acting_user=officer, name="Awa", email="awa@x.ml", consent=True
    )
    assert contact.consent_date is not None
    assert contact in Contact.objects.reachable()

    services.update_contact(contact, acting_user=officer, consent=False)

    contact.refresh_from_db()
    assert contact.consent_date is None
    assert contact not in Contact.objects.reachable()


def test_keeping_consent_keeps_its_date():
    officer = OfficerFactory()
    contact = services.add_contact(
        OrganizationFactory(), acting_user=officer, name="Awa", email="a@x.ml", consent=True
    )
    given = contact.consent_date

    services.update_contact(contact, acting_user=officer, position="Directrice", consent=True)

    contact.refresh_from_db()
    assert contact.consent_date == given


def test_a_representatives_own_contact_cannot_be_removed(represented):
    organization, user = represented

    with pytest.raises(ValidationError):
        services.remove_contact(user.contact, acting_user=OfficerFactory())
    assert Contact.objects.filter(user=user).exists()


def test_an_assessment_records_who_made_it():
    officer = OfficerFactory()
    assessment = services.record_assessment(
        OrganizationFactory(),
        acting_user=officer,
        influence=3,
        interest=5,
        attitude="supportive",
        current_engagement=2,
        desired_engagement=4,
    )

    assert assessment.assessed_by == officer
    assert assessment.history.first().history_user == officer


def test_representatives_cannot_record_assessments(represented):
    organization, user = represented

    with pytest.raises(PermissionDenied):
        services.record_assessment(
            organization,
            acting_user=user,
            influence=3,
            interest=3,
            attitude="neutral",
            current_engagement=1,
            desired_engagement=1,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_of_one_import_write_its_rows_once():
    import threading

    from django.db import connection

    from stakeholders.models import OrganizationImport

    officer = OfficerFactory()
    rows = "".join(f"Organisation {n},bank\n" for n in range(30))
    batch = services.stage_import(
        file_name="banques.csv", content=f"Name,Category\n{rows}".encode(), acting_user=officer
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            services.run_import(batch, acting_user=officer)
            outcomes.append("imported")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["imported", "refused"]
    assert Organization.objects.count() == 30
    assert OrganizationImport.objects.get(pk=batch.pk).created_count == 30
