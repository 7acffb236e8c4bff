"""Consultations through /api/v1/consultations/: the list page's consultations and filters, a
consultation with its sections, its published comments only, and the report's handling table
once the report is public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.services import comments, handling
from tests.api.conditional import assert_change_renews_the_etag
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db

LIST = "/api/v1/consultations/"


@pytest.fixture
def consulted():
    """A closed public consultation with a named, an anonymous, a private and a withdrawn
    comment, each (but the withdrawn one) decided."""
    officer = OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    one = f.section(consultation, "1")
    named_author = representative_of(OrganizationFactory(name="Chambre de commerce"))
    named_author.full_name = "Awa Traoré"
    named_author.save()
    rows = [
        (named_author, one, "named", "Avis PUBLIÉ-NOMMÉ"),
        (representative_of(OrganizationFactory()), None, "anonymous", "Avis PUBLIÉ-ANONYME"),
        (representative_of(OrganizationFactory()), one, "private", "Avis PRIVÉ-DOUANE"),
    ]
    submitted = [
        comments.submit_comment(
            consultation,
            author=author,
            body=body,
            publication=publication,
            section=section,
            on_behalf=True,
            now=start + timedelta(hours=n + 1),
        )
        for n, (author, section, publication, body) in enumerate(rows)
    ]
    withdrawn = comments.submit_comment(
        consultation, author=named_author, body="Avis RETIRÉ", publication="named", now=start
    )
    comments.withdraw_comment(withdrawn, acting_user=named_author, now=start + timedelta(hours=9))
    for comment, decision in zip(submitted, ["accepted", "noted", "not_accepted"], strict=True):
        handling.decide_comment(
            comment, acting_user=officer, decision=decision, reason=f"Motif {decision}."
        )
    return consultation, officer


def test_the_list_shows_what_the_page_shows_with_its_filters(client):
    officer = OfficerFactory()
    open_one = f.opened(officer, title="Projet de code des douanes")
    f.closed(officer, title="Instruction sur le transit")
    f.draft(officer, title="Brouillon interne")
    f.opened(officer, title="Réservé aux invités", audience="invited")

    answer = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    assert {c["title"] for c in answer.json()["results"]} == {
        "Projet de code des douanes",
        "Instruction sur le transit",
    }
    (row,) = client.get(LIST, {"phase": "open"}).json()["results"]
    assert row["id"] == open_one.pk and row["status"] == "open"
    assert row["url"] == f"http://testserver/consultations/{open_one.pk}/"
    assert [c["title"] for c in client.get(LIST, {"q": "transit"}).json()["results"]] == [
        "Instruction sur le transit"
    ]
    # Drafts are not a phase a visitor may ask for: the page's form refuses it.
    assert client.get(LIST, {"phase": "draft"}).status_code == 400


def test_a_consultation_with_its_sections_and_only_its_published_comments(client, consulted):
    consultation, _officer = consulted

    detail = client.get(f"{LIST}{consultation.pk}/").json()
    assert [s["number"] for s in detail["sections"]] == ["1", "2", "3"]
    # The named comment on section 1; the private one is not counted as published.
    assert [s["comment_count"] for s in detail["sections"]] == [1, 0, 0]

    answer = client.get(f"{LIST}{consultation.pk}/comments/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    shown = answer.json()["results"]
    assert [c["body"] for c in shown] == ["Avis PUBLIÉ-NOMMÉ", "Avis PUBLIÉ-ANONYME"]
    assert shown[0]["author"] == "Awa Traoré (Chambre de commerce)"
    assert shown[1]["author"] == "Anonymous contributor"
    assert (shown[0]["decision"], shown[0]["reason"]) == ("accepted", "Motif accepted.")
    assert shown[0]["section"] == f.section(consultation, "1").key
    assert shown[1]["section"] is None
    body = answer.content.decode()
    assert "PRIVÉ-DOUANE" not in body and "RETIRÉ" not in body

    whole = client.get(f"{LIST}{consultation.pk}/comments/", {"section": "whole"}).json()
    assert [c["body"] for c in whole["results"]] == ["Avis PUBLIÉ-ANONYME"]
    assert client.get(f"{LIST}{consultation.pk}/comments/", {"section": "zz"}).status_code == 400


def test_even_an_officer_reads_only_published_comments(client, consulted):
    consultation, officer = consulted
    client.force_login(officer)
    from tests.factories import pass_second_factor

    pass_second_factor(client, officer)

    body = client.get(f"{LIST}{consultation.pk}/comments/").content.decode()
    assert "PUBLIÉ-NOMMÉ" in body and "PRIVÉ-DOUANE" not in body


def test_hidden_consultations_are_404(client):
    officer = OfficerFactory()
    draft = f.draft(officer)
    invited = f.opened(officer, audience="invited")
    for consultation in (draft, invited):
        for tail in ("", "comments/", "report/"):
            answer = client.get(f"{LIST}{consultation.pk}/{tail}")
            assert answer.status_code == 404
            assert answer["Content-Type"] == "application/problem+json"


def test_the_reports_handling_table_once_the_report_is_public(client, consulted):
    consultation, officer = consulted
    report = f"{LIST}{consultation.pk}/report/"
    assert client.get(report).status_code == 404  # not published yet

    handling.publish_report(consultation, acting_user=officer, summary="Conclusions PUBLIQUES")

    answer = client.get(report, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    built = answer.json()
    assert built["conclusions"] == "Conclusions PUBLIQUES"
    assert (built["total_comments"], built["private_comments"]) == (3, 1)
    decisions = {row["decision"]: row["count"] for row in built["decisions"]}
    assert decisions == {"accepted": 1, "partly": 0, "not_accepted": 1, "noted": 1}
    handled = [c for row in built["sections"] for c in row["published"]]
    assert {(c["body"], c["decision"], c["reason"]) for c in handled} == {
        ("Avis PUBLIÉ-NOMMÉ", "accepted", "Motif accepted."),
        ("Avis PUBLIÉ-ANONYME", "noted", "Motif noted."),
    }
    assert "PRIVÉ-DOUANE" not in answer.content.decode()
    assert client.get(f"{LIST}{consultation.pk}/").json()["report_published"] is True


def test_a_new_published_comment_renews_the_etag(client):
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    address = f"{LIST}{consultation.pk}/comments/"

    def change():
        comments.submit_comment(
            consultation, author=author, body="Nouvel avis", publication="named"
        )

    assert_change_renews_the_etag(client, address, change, shows=lambda body: body["count"] == 1)
