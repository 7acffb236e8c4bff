"""Fill French translations into locale/fr/LC_MESSAGES/django.po from Python dict files.

Developers' helper: `python scripts/fill_po.py [--force] translations.py ...` where each file
defines `FR` (or `T`) = {key: msgstr}. A key is the msgid; "context\\x04msgid" for a pgettext
entry; (singular, plural) (or the singular alone) for a plural entry, whose value is
(fr_singular, fr_plural) or a list of the two.
Entries already translated are left as they are unless --force.
Prints the msgids still untranslated afterwards.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"


def load(paths):
    table = {}
    for path in paths:
        names = runpy.run_path(path)
        table.update(names.get("FR") or names.get("T") or {})
    return table


def key_of(entry):
    if entry.msgid_plural:
        return (entry.msgid, entry.msgid_plural)
    if entry.msgctxt:
        return f"{entry.msgctxt}\x04{entry.msgid}"
    return entry.msgid


def lookup(table, entry):
    key = key_of(entry)
    if key in table:
        return table[key]
    if entry.msgid_plural and entry.msgid in table:
        return table[entry.msgid]
    return None


def main():
    args = sys.argv[1:]
    force = "--force" in args
    table = load([a for a in args if a != "--force"])
    po = polib.pofile(str(PO), wrapwidth=0)
    for entry in po:
        if entry.obsolete:
            continue
        value = lookup(table, entry)
        if value is None or not (force or not entry.translated() or "fuzzy" in entry.flags):
            continue
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, tuple | list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        elif isinstance(value, tuple | list):
            print("a plural's translation for a singular msgid:", repr(entry.msgid))
            continue
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
    po.save()
    missing = [e for e in po if not e.obsolete and not e.translated()]
    for entry in missing:
        print("untranslated:", repr(key_of(entry)))
    print(f"{len(missing)} untranslated, {len(po.fuzzy_entries())} fuzzy")


if __name__ == "__main__":
    main()
