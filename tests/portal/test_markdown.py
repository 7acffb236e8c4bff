import pytest

from portal.markdown import CACHED_LENGTH, render_markdown


def test_markdown_is_rendered():
    html = render_markdown("Le **bon à enlever** :\n\n- vert\n- rouge")

    assert "<strong>bon à enlever</strong>" in html
    assert "<li>vert</li>" in html


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)"> texte')

    assert "<script" not in html and "alert" not in html and "onerror" not in html
    assert "texte" in html


def test_javascript_links_lose_their_target():
    html = render_markdown("[clic](javascript:alert(1)) [site](https://douane.gouv.ml)")

    assert "javascript:" not in html
    assert 'href="https://douane.gouv.ml"' in html


def test_top_level_headings_become_level_three_so_a_page_keeps_its_one_h1():
    html = render_markdown("# Titre\n\n## Sous-titre")

    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Titre</h3>" in html and "<h3>Sous-titre</h3>" in html


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""


def test_links_carry_no_referrer_and_no_search_credit():
    html = render_markdown("[site](https://douane.gouv.ml)")

    assert 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.django_db
def test_minutes_on_a_meeting_page_go_through_the_same_sanitiser(client):
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(
        visibility="public", status="held", minutes="# Relevé\n\n<script>alert(1)</script>"
    )

    body = client.get(meeting.get_absolute_url()).content.decode()

    assert "<h3>Relevé</h3>" in body and "<script>alert(1)" not in body


def test_a_text_too_long_to_keep_is_rendered_and_sanitised_all_the_same():
    paragraph = "Le **bon à enlever** est délivré. <script>alert(1)</script>\n\n"
    count = CACHED_LENGTH // len(paragraph) + 1

    html = render_markdown(paragraph * count)

    assert len(paragraph * count) > CACHED_LENGTH
    assert html.count("<strong>bon à enlever</strong>") == count
    assert "<script>" not in html
