"""Published results: an officer publishes (or takes down) a survey's results; visitors read
them with the same hiding of small groups; free-text answers only when the officer chose so."""

import pytest
from django.urls import reverse
from django.utils import translation

from surveys.models import Question, Survey
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.surveys import factories_results as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


Kind = Question.Kind


@pytest.fixture
def survey():
    made = f.survey(title_fr="Enquête de confiance", title_en="Trust survey", wave="Baseline")
    trust = f.question(made, "trust", text_en="How much do you trust Customs?")
    comment = f.question(made, "comment", Kind.LONG_TEXT)
    f.respond_many(made, 6, {trust: 4, comment: "Afficher les frais au guichet"}, category="trader")
    f.respond_many(made, 3, {trust: 1}, category="broker")
    made.comment = comment
    return made


def _publish(client, survey, **data):
    client.force_login(OfficerFactory(language="en"))
    return client.post(reverse("surveys:publish", args=[survey.pk]), data)


def test_unpublished_results_are_not_found(client, survey):
    assert client.get(reverse("surveys:published", args=[survey.slug])).status_code == 404


def test_visitor_reads_published_results_with_small_groups_hidden(client, survey):
    response = _publish(client, survey, action="publish")
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.results_published_at and survey.results_published_by.is_customs
    assert not survey.results_publish_texts
    client.logout()

    page = client.get(reverse("surveys:published", args=[survey.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "How much do you trust Customs?" in html
    assert "Groups of fewer than 5 respondents are not shown" in html
    assert "Anonymous" in html and '<dd class="col-sm-9">9</dd>' in html
    assert "<strong>3.0</strong>" in html  # (6*4 + 3*1) / 9

    by_category = client.get(reverse("surveys:published", args=[survey.slug]) + "?by=category")
    html = by_category.content.decode()
    assert "fewer than 5" in html
    start = html.index("By Stakeholder category</caption>")
    html = html[start : html.index("</table>", start)]
    # The brokers' three answers show no figure, nor does the traders' group that would give
    # them away by subtraction from the total of nine.
    assert ">1.0<" not in html and ">4.0<" not in html and ">3<" not in html and ">6<" not in html
    assert html.count("—") >= 4

    # Texts were not chosen: neither shown nor reachable.
    assert "Afficher les frais" not in html
    texts = reverse("surveys:published_texts", args=[survey.slug, survey.comment.pk])
    assert client.get(texts).status_code == 404


def test_texts_are_published_only_when_the_officer_chooses(client, survey):
    _publish(client, survey, action="publish", with_texts="1")
    client.logout()
    texts = reverse("surveys:published_texts", args=[survey.slug, survey.comment.pk])
    page = client.get(texts)
    assert page.status_code == 200 and "Afficher les frais au guichet" in page.content.decode()


def test_unpublishing_takes_the_page_down(client, survey):
    _publish(client, survey, action="publish", with_texts="1")
    _publish(client, survey, action="unpublish")
    survey.refresh_from_db()
    assert survey.results_published_at is None and not survey.results_publish_texts
    client.logout()
    assert client.get(reverse("surveys:published", args=[survey.slug])).status_code == 404


def test_a_draft_survey_cannot_be_published(client):
    draft = f.survey(status=Survey.Status.DRAFT)
    _publish(client, draft, action="publish")
    draft.refresh_from_db()
    assert draft.results_published_at is None


def test_representatives_cannot_publish(client, survey):
    client.force_login(RepresentativeFactory())
    response = client.post(reverse("surveys:publish", args=[survey.pk]), {"action": "publish"})
    assert response.status_code == 404
    survey.refresh_from_db()
    assert survey.results_published_at is None


def test_public_list_include_lists_published_results_newest_first(client, survey):
    from django.template.loader import render_to_string

    older = f.survey(title_en="Older survey")
    _publish(client, older, action="publish")
    _publish(client, survey, action="publish")
    with translation.override("en"):
        html = render_to_string("surveys/_published_list.html")
    assert html.index("Trust survey") < html.index("Older survey")
