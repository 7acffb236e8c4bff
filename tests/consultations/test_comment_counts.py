"""One count per fact on the consultations' pages: "comments received" is the same number on
the list and on the consultation's page (private ones included); "Read the comments (N)" is
the number of comments the comments page lists to the same reader. A private comment used
to make the list say 3 received and the page offer 2 to read, with nothing to say why."""

import re

import pytest
from django.urls import reverse

from consultations.services import comments
from tests.consultations import factories as f
from tests.factories import OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = f.opened(OfficerFactory(), title="Projet d’arrêté sur le transit")
    for publication in ("named", "anonymous", "private"):
        comments.submit_comment(
            consultation,
            author=RepresentativeFactory(),
            body=f"Observation ({publication}).",
            publication=publication,
        )
    withdrawn = comments.submit_comment(
        consultation,
        author=(author := RepresentativeFactory()),
        body="Retirée.",
        publication="named",
    )
    comments.withdraw_comment(withdrawn, acting_user=author)
    return consultation


def _number(pattern, content):
    found = re.findall(pattern, content)
    assert len(found) == 1, (pattern, found)
    return int(found[0])


RECEIVED = r"(\d+) commentaires? reçus?"
TO_READ = r"Lire les commentaires \((\d+)\)"
PRIVATE = r"dont (\d+) réservés? à la Douane"


def test_a_visitor_reads_the_same_received_count_on_the_list_and_the_page(client, consultation):
    listed = client.get(reverse("consultations:list")).content.decode()
    page = client.get(consultation.get_absolute_url()).content.decode()
    comments_page = client.get(reverse("consultations:comments", args=[consultation.pk]))

    received = _number(RECEIVED, page)
    assert received == _number(RECEIVED, listed) == 3
    to_read = _number(TO_READ, page)
    assert to_read == comments_page.context["page"].paginator.count == 2
    # The difference is said, not left to guess.
    assert _number(PRIVATE, page) == received - to_read == 1


def test_an_officer_reads_every_comment_received(client, consultation):
    client.force_login(OfficerFactory())

    page = client.get(consultation.get_absolute_url()).content.decode()

    assert _number(RECEIVED, page) == _number(TO_READ, page) == 3
    assert not re.search(PRIVATE, page)
