"""The report: counts, published comments with their answers, and what changed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import report
from consultations.models import Comment, Version
from consultations.services import comments, consultations, handling, texts
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulted():
    """A closed consultation with comments from three organisations and one person."""
    officer = OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    one, two, three = (f.section(consultation, n) for n in ("1", "2", "3"))
    alpha, beta = OrganizationFactory(), OrganizationFactory()
    alpha_1, alpha_2 = representative_of(alpha), representative_of(alpha)
    beta_1 = representative_of(beta)
    gamma_1 = representative_of(OrganizationFactory())
    person = representative_of(OrganizationFactory())
    rows = [
        (alpha_1, one, True, "named"),
        (alpha_2, one, True, "anonymous"),  # same organisation, same section
        (beta_1, one, True, "private"),
        (gamma_1, three, True, "named"),
        (person, three, False, "named"),  # personal capacity
        (beta_1, None, True, "named"),  # the whole text
    ]
    submitted = []
    for n, (author, section, on_behalf, publication) in enumerate(rows):
        submitted.append(
            comments.submit_comment(
                consultation,
                author=author,
                body=f"Commentaire {n}",
                publication=publication,
                section=section,
                on_behalf=on_behalf,
                now=start + timedelta(hours=n + 1),
            )
        )
    withdrawn = comments.submit_comment(
        consultation, author=person, body="Retiré", publication="named", section=two, now=start
    )
    comments.withdraw_comment(withdrawn, acting_user=person, now=start + timedelta(hours=9))
    decisions = ["accepted", "partly", "not_accepted", "noted", "accepted", "accepted"]
    for comment, decision in zip(submitted, decisions, strict=True):
        handling.decide_comment(comment, acting_user=officer, decision=decision, reason="Motif.")
    sections = [
        texts.SectionText(
            key=s.key,
            number=s.number,
            heading=s.heading,
            body=s.body.replace("48 heures", "24 heures"),
        )
        for s in consultation.latest_version().sections.all()
    ]
    texts.publish_revision(consultation, acting_user=officer, sections=sections, note="Délai")
    return consultation, officer


def test_the_report_counts_comments_and_organisations_per_section(consulted):
    consultation, _ = consulted

    built = report.build_report(consultation)

    rows = {row.label: (row.comments, row.organization_count) for row in built.rows}
    assert rows == {
        "L’ensemble du texte": (1, 1),
        "1 – Objet": (3, 2),
        "2 – Champ d’application": (0, 0),
        "3 – Délais": (2, 1),
    }
    assert built.total_comments == 6  # the withdrawn comment is not counted
    assert built.total_organizations == 3
    assert built.personal_comments == 1
    assert built.private_comments == 1
    assert dict((str(label), n) for label, n in built.decisions) == {
        "accepté": 3,
        "accepté en partie": 1,
        "non retenu": 1,
        "pris note / hors sujet": 1,
    }


def test_the_report_shows_what_changed_between_the_consulted_and_the_final_text(client, consulted):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)

    page = client.get(reverse("consultations:report", args=[consultation.pk])).content.decode()

    assert "Version 1 (soumise à consultation) comparée à la version 2 (texte final)" in page
    assert '<span class="visually-hidden">Supprimé\u00a0: </span>48' in page
    assert '<span class="visually-hidden">Ajouté\u00a0: </span>24' in page


def test_the_report_is_hidden_until_published_except_as_a_preview_for_customs(client, consulted):
    consultation, officer = consulted
    url = reverse("consultations:report", args=[consultation.pk])
    pdf_url = reverse("consultations:report_pdf", args=[consultation.pk])

    assert client.get(url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    client.force_login(officer)
    assert "Aperçu\u00a0: ce rapport n’est pas encore publié." in client.get(url).content.decode()

    handling.publish_report(consultation, acting_user=officer)
    client.logout()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", ["Rapport de consultation", "Commentaires par section", "L’ensemble du texte"]),
        ("en", ["Consultation report", "Comments per section", "The text as a whole"]),
    ],
)
def test_the_pdf_report_is_in_the_language_chosen_at_export(client, consulted, language, expected):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)

    response = client.get(
        reverse("consultations:report_pdf", args=[consultation.pk]), {"lang": language}
    )

    assert response.content.startswith(b"%PDF-")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for phrase in expected:
        assert phrase in text
    assert consultation.title in text.replace("\n", " ")


def test_the_pdf_report_shows_the_changes_and_the_counts(consulted):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)

    text = pdf_text(report.report_pdf(consultation, "fr", invariant=True, compress=False))

    assert "Commentaires reçus" in text
    assert "48" in text and "24" in text
    assert "Version 1 (soumise à consultation)" in text


def test_the_published_report_keeps_comparing_the_version_it_was_published_with(consulted):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)
    published = consultation.versions.get(number=2)
    # The report does not follow whichever version is the latest (none can follow it through
    # the services: a third one is written directly here).
    Version.objects.create(consultation=consultation, number=3, published_by=officer)

    built = report.build_report(f.refresh(consultation))

    assert f.refresh(consultation).reported_version == published
    assert (built.old_version.number, built.new_version.number) == (1, 2)
    assert [item.status for item in built.changed_sections] == ["changed"]


def test_the_adopted_version_is_the_one_the_report_compared(consulted):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)

    consultations.adopt_consultation(
        consultation, acting_user=officer, adopted_on=timezone.localdate()
    )

    consultation = f.refresh(consultation)
    assert consultation.adopted_version == consultation.reported_version
    assert consultation.adopted_version.number == 2


def test_a_comment_with_no_valid_publication_choice_is_not_published_in_the_report(consulted):
    """Rows written before the services checked the choice: the report applies the one rule
    of publication (Comment.objects.published), which knows only the named and anonymous."""
    consultation, _ = consulted
    stray = consultation.comments.get(body="Commentaire 0")
    Comment.objects.filter(pk=stray.pk).update(publication="")

    built = report.build_report(consultation)

    shown = {c.pk for row in built.rows for c in row.published}
    assert shown == set(consultation.comments.published().values_list("pk", flat=True))
    assert stray.pk not in shown
    assert built.private_comments == 2


@pytest.mark.parametrize(
    "language, french, english",
    [
        ("fr", "Télécharger le PDF (français)", "Télécharger le PDF (anglais)"),
        ("en", "Download the PDF (French)", "Download the PDF (English)"),
    ],
)
def test_the_pdf_links_speak_the_pages_language_and_say_which_language_they_download(
    client, consulted, language, french, english
):
    consultation, officer = consulted
    handling.publish_report(consultation, acting_user=officer)
    url = reverse("consultations:report_pdf", args=[consultation.pk])

    page = client.get(
        reverse("consultations:report", args=[consultation.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert f'<html lang="{language}"' in page
    assert f'href="{url}?lang=fr" hreflang="fr" type="application/pdf">{french}</a>' in page
    assert f'href="{url}?lang=en" hreflang="en" type="application/pdf">{english}</a>' in page
