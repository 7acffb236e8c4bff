"""Every migration of the portal is classified in docs/operations.md ("Release notes:
migrations"): safe or not to run while the previous release still serves. A new migration
fails this test until its author says which, and why, in that table."""

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "operations.md"
SECTION = "### Release notes: migrations"
ROW = re.compile(r"^\| `(?P<app>\w+) (?P<name>\w+)` \| (?P<what>[^|]+) \| (?P<safe>.+) \|$")


def migrations_on_disk():
    found = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if ROOT not in folder.parents or "site-packages" in folder.parts:
            continue  # Django's and the packages' own (the virtualenv may be under ROOT)
        if not folder.is_dir():
            continue
        found |= {(config.label, path.stem) for path in folder.glob("[0-9]*.py")}
    return found


def rows_of_the_table():
    text = DOCS.read_text(encoding="utf-8")
    assert SECTION in text, f"{DOCS} has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n#", 1)[0]
    return [ROW.match(line) for line in section.splitlines() if line.startswith("| `")]


def test_every_migration_is_classified_in_the_release_notes():
    rows = rows_of_the_table()
    assert None not in rows, "a row of the table does not read | `app name` | what | safe? |"
    listed = [(row["app"], row["name"]) for row in rows]
    on_disk = migrations_on_disk()
    assert len(on_disk) > 30  # the portal's, found where they are
    assert not on_disk - set(listed), (
        f"add these migrations to {DOCS.name}, {SECTION!r}: {sorted(on_disk - set(listed))}"
    )
    assert not set(listed) - on_disk, f"no such migration: {sorted(set(listed) - on_disk)}"
    assert len(listed) == len(set(listed)), "a migration is listed twice"


def test_each_release_note_says_yes_or_no_and_why():
    for row in rows_of_the_table():
        answer = row["safe"].lstrip("*").lower()
        assert re.match(r"(yes|no)\b", answer), row.group(0)
        assert ":" in row["safe"], f"say why: {row.group(0)}"
