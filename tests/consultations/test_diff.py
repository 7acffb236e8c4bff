from types import SimpleNamespace

from django.utils import translation

from consultations import diff


def section(key, number, heading, body):
    return SimpleNamespace(
        key=key, number=number, heading=heading, body=body, label=f"{number} – {heading}"
    )


def test_word_diff_marks_only_the_changed_words():
    ops = diff.word_diff(
        "Le BAE est délivré dans un délai de 48 heures.",
        "Le BAE est délivré dans un délai de 24 heures.",
    )

    assert (diff.DELETE, "48") in ops and (diff.INSERT, "24") in ops
    assert ops[0] == (diff.EQUAL, "Le BAE est délivré dans un délai de ")


def test_a_changed_comma_does_not_mark_the_whole_sentence():
    ops = diff.word_diff("vert, jaune et rouge", "vert, jaune, rouge")

    assert ops == [
        (diff.EQUAL, "vert, jaune"),
        (diff.DELETE, " et"),
        (diff.INSERT, ","),
        (diff.EQUAL, " rouge"),
    ]


def test_words_with_apostrophes_stay_whole():
    assert diff.tokens("l’aire d'enlèvement") == ["l’aire", " ", "d'enlèvement"]


def test_sections_are_paired_by_key_even_when_renumbered():
    old = [section("a", "1", "Objet", "Texte"), section("b", "2", "Délais", "48 heures")]
    new = [
        section("n", "1", "Définitions", "Nouveau"),
        section("a", "2", "Objet", "Texte"),
        section("b", "3", "Délais", "24 heures"),
    ]

    result = diff.compare_sections(old, new)

    assert [(d.key, d.status) for d in result] == [
        ("n", diff.ADDED),
        ("a", diff.CHANGED),  # renumbered from 1 to 2
        ("b", diff.CHANGED),
    ]
    assert (diff.DELETE, "1") in result[1].number and (diff.INSERT, "2") in result[1].number
    assert diff.summary(result) == {"changed": 2, "added": 1, "removed": 0, "unchanged": 0}


def test_a_removed_section_stays_where_it_was():
    old = [section("a", "1", "A", "x"), section("b", "2", "B", "y"), section("c", "3", "C", "z")]
    new = [section("a", "1", "A", "x"), section("c", "2", "C", "z")]

    result = diff.compare_sections(old, new)

    assert [(d.key, d.status) for d in result] == [
        ("a", diff.UNCHANGED),
        ("b", diff.REMOVED),
        ("c", diff.CHANGED),
    ]
    assert result[1].body == [(diff.DELETE, "y")]


def test_html_marks_deletions_and_insertions_for_every_reader_and_escapes_text():
    with translation.override("en"):
        html = diff.to_html([(diff.EQUAL, "a <b> "), (diff.DELETE, "48"), (diff.INSERT, "24")])

    assert "a &lt;b&gt; " in html
    assert '<del><span class="visually-hidden">Deleted: </span>48' in html
    assert '<ins><span class="visually-hidden">Inserted: </span>24' in html
    assert '<span class="visually-hidden"> (end)</span></del>' in html
