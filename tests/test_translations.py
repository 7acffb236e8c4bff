"""The French catalogue is complete: every string of the code is in it and translated."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests import services

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/fr/LC_MESSAGES/django.po"
SOURCES = [
    "portal",
    "stakeholders",
    "meetings",
    "forums",
    "announcements",
    "surveys",
    "consultations",
    "actionplans",
    "integrity",
    "api",
    "demo",
    "templates",
]


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE))

    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]

    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"


def test_french_translations_keep_their_placeholders():
    po = polib.pofile(str(CATALOGUE))
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    broken = []
    for entry in po.translated_entries():
        for text, allowed in _forms_and_their_placeholders(entry, placeholder.findall, sorted):
            if sorted(placeholder.findall(text)) not in allowed:
                broken.append(entry.msgid)
    assert broken == []


def _forms_and_their_placeholders(entry, find, shape):
    """Each French form of an entry with the placeholders it may hold. French's first form
    serves 0 and 1: it may say the count as the plural does, or leave it out as an English
    singular may ("The occurrence falls…"); the other forms are the plural's."""
    if not entry.msgid_plural:
        return [(entry.msgstr, [shape(find(entry.msgid))])]
    singular, plural = shape(find(entry.msgid)), shape(find(entry.msgid_plural))
    return [
        (text, [singular, plural] if int(index) == 0 else [plural])
        for index, text in entry.msgstr_plural.items()
    ]


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """Extract the strings afresh (as `make messages` does) and compare with the catalogue."""
    if not shutil.which("xgettext"):
        services._missing("needs gettext's xgettext to extract the strings")
    for name in [*SOURCES, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale/fr/LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "DEBUG": "1",
            "DATABASE_URL": "sqlite:///:memory:",
        },
    )

    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/fr/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}

    missing = sorted(extracted - known)
    assert missing == [], f"run `make messages` and translate: {missing}"


# --- The French catalogue's typography (issue 18) ---------------------------------------------

NO_BREAK = "\u00a0\u202f"
MONTHS_AND_DAYS = re.compile(
    r"(?<![.!?:»] )(?<!^)\b(Janvier|Février|Mars|Avril|Juin|Juillet|Août|Septembre|Octobre"
    r"|Novembre|Décembre|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche)\b"
)


def _french_texts():
    """(entry, French text) for every translated entry, each plural form on its own."""
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        texts = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in texts:
            yield entry, text


def _prose(text):
    """The text without its HTML tags and its placeholders: what a reader sees of it."""
    return re.sub(r"<[^>]*>|%\(\w+\)[sd]|%%|\{\w*\}", "", text)


def test_french_puts_a_no_break_space_before_high_punctuation_and_inside_quotes():
    wrong = []
    for entry, text in _french_texts():
        prose = re.sub(r"<code>.*?</code>|https?://\S+|<[^>]*>", "", text)
        checks = [
            rf"[^{NO_BREAK}]([;!?]|:(?=\s|$))",  # a space that may break, or none, before : ; ! ?
            rf"«[^{NO_BREAK}]|[^{NO_BREAK}]»",  # the same inside « »
            rf"[ {NO_BREAK}][{NO_BREAK}]|[{NO_BREAK}] ",  # two spaces where one is meant
        ]
        if any(re.search(check, prose.replace("://", "")) for check in checks):
            wrong.append((entry.msgid, text))
    assert wrong == []


def test_french_writes_the_typographic_apostrophe():
    wrong = [(e.msgid, text) for e, text in _french_texts() if "'" in _prose(text)]
    assert wrong == []


def test_french_says_courriel_and_writes_months_and_days_in_lower_case():
    wrong = [
        (e.msgid, text)
        for e, text in _french_texts()
        if re.search(r"\be-?mails?\b", _prose(text), re.IGNORECASE)
        and "email (courriel)" not in text
        or MONTHS_AND_DAYS.search(text)
    ]
    assert wrong == []


def test_an_ambiguous_by_always_has_a_context():
    """ "By" heads columns of dates and of people alike: each use says which it is."""
    po = polib.pofile(str(CATALOGUE))
    by = [e for e in po if e.msgid == "By" and not e.obsolete]

    assert by and all(e.msgctxt for e in by)
    assert not [e.msgid for e in po.translated_entries() if e.msgstr.startswith("Pour le")]


def test_french_keeps_every_percent_sign_and_numbered_placeholder():
    po = polib.pofile(str(CATALOGUE))
    token = re.compile(r"%%|%[sd]|%\(\w+\)[sd]|\{\w*\}")
    broken = []
    for entry in po.translated_entries():
        if "python-format" not in entry.flags and "python-brace-format" not in entry.flags:
            continue
        shape = lambda found: sorted(set(found))  # noqa: E731
        for text, allowed in _forms_and_their_placeholders(entry, token.findall, shape):
            if shape(token.findall(text)) not in allowed:
                broken.append((entry.msgid, text))
    assert broken == []


def test_the_typography_script_sets_french_prose_and_leaves_markup_alone():
    sys.path.insert(0, str(ROOT / "scripts"))
    from french_typography import typography

    typed = "Statut: « %(name)s » ; 40 % fait, n° 3, l'e-mail ! <code>Authorization: Bearer</code>"
    expected = (
        "Statut\u00a0: «\u00a0%(name)s\u00a0»\u00a0; 40\u00a0% fait, n°\u00a03, le courriel\u00a0! "
        "<code>Authorization: Bearer</code>"
    )

    assert typography(typed) == expected
    assert typography(typography(typed)) == typography(typed)
