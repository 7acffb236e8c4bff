"""The French catalogue is complete: every string of the code is in it and translated."""

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
        expected = sorted(placeholder.findall(entry.msgid))
        translated = (
            [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        )
        for text in translated:
            if sorted(placeholder.findall(text)) != expected:
                broken.append(entry.msgid)
    assert broken == []


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
