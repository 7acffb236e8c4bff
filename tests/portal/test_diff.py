"""The portal's word-by-word comparison (portal/diff.py), shared by the consultations' versions
and the meetings' minutes."""

from django.utils import translation

from consultations import diff as consultation_diff
from portal import diff


def test_only_the_changed_words_are_marked():
    ops = diff.word_diff("Le délai est de 48 heures.", "Le délai est de 24 heures.")

    assert ops == [
        (diff.EQUAL, "Le délai est de "),
        (diff.DELETE, "48"),
        (diff.INSERT, "24"),
        (diff.EQUAL, " heures."),
    ]
    assert diff.changed(ops)


def test_the_same_text_changes_nothing():
    ops = diff.word_diff("Compte rendu.\n\n- Point", "Compte rendu.\n\n- Point")

    assert ops == [(diff.EQUAL, "Compte rendu.\n\n- Point")]
    assert not diff.changed(ops)


def test_words_keep_their_apostrophes_and_hyphens():
    assert diff.tokens("l’opérateur d'après-midi") == ["l’opérateur", " ", "d'après-midi"]


def test_html_escapes_and_announces_changes():
    with translation.override("en"):
        html = diff.to_html([(diff.EQUAL, "<b>"), (diff.DELETE, "a"), (diff.INSERT, "b")])

    assert html.startswith("&lt;b&gt;")
    assert '<del><span class="visually-hidden">Deleted: </span>a' in html
    assert '<ins><span class="visually-hidden">Inserted: </span>b' in html


def test_consultations_use_the_same_comparison():
    assert consultation_diff.word_diff is diff.word_diff
    assert consultation_diff.to_html is diff.to_html
