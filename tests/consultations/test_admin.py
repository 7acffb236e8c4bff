import pytest
from django.urls import reverse

from consultations.services import comments
from tests.consultations import factories as f
from tests.factories import OrganizationFactory, SuperuserFactory, representative_of

pytestmark = pytest.mark.django_db


def test_the_admin_shows_consultations_and_their_history_read_only(client):
    consultation = f.opened()
    comment = comments.submit_comment(
        consultation,
        author=representative_of(OrganizationFactory()),
        body="Avis",
        publication="named",
    )
    client.force_login(SuperuserFactory())

    for url in [
        reverse("admin:consultations_consultation_changelist"),
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        reverse("admin:consultations_consultation_history", args=[consultation.pk]),
        reverse("admin:consultations_comment_history", args=[comment.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:consultations_consultation_add")).status_code == 403
