import pytest
from django.urls import reverse

from forums.models import Registration
from forums.services import seats
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(OfficerFactory(is_superuser=True, is_staff=True))
    return client


def test_the_admin_shows_forums_and_registrations(admin_client):
    forum = ForumFactory()
    SessionFactory(forum=forum)
    registration = seats.register(forum, user=RepresentativeFactory())

    for url in [
        reverse("admin:forums_forum_changelist"),
        reverse("admin:forums_forum_change", args=[forum.pk]),
        reverse("admin:forums_registration_changelist"),
        reverse("admin:forums_registration_change", args=[registration.pk]),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_the_admin_action_cancels_through_the_service_and_promotes(admin_client):
    forum = ForumFactory(capacity=1)
    first = seats.register(forum, user=RepresentativeFactory())
    second = seats.register(forum, user=RepresentativeFactory())

    admin_client.post(
        reverse("admin:forums_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [first.pk]},
    )

    assert Registration.objects.get(pk=first.pk).status == "cancelled"
    assert Registration.objects.get(pk=second.pk).status == "confirmed"


def test_the_admin_cannot_lower_the_capacity_below_the_seats_taken(admin_client):
    forum = ForumFactory(capacity=2)
    seats.register(forum, user=RepresentativeFactory())
    seats.register(forum, user=RepresentativeFactory())
    url = reverse("admin:forums_forum_change", args=[forum.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for key in ("start", "end", "registration_opens_at", "registration_closes_at"):
        data[f"{key}_0"], data[f"{key}_1"] = form[key].field.widget.decompress(form[key].value())
        del data[key]
    data.update(
        {
            "capacity": "1",
            "partner_organizations": [],
            "invited_organizations": [],
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        }
    )

    response = admin_client.post(url, data)

    errors = response.context["adminform"].form.errors
    assert list(errors) == ["capacity"]
    assert "La capacité ne peut pas être inférieure à 2" in errors["capacity"][0]
