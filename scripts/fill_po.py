"""Fill French translations into locale/fr/LC_MESSAGES/django.po from a Python dict file.

Developers' helper: `python scripts/fill_po.py translations.py` where the file defines
T = {msgid: msgstr}. Entries already translated are left as they are unless --force.
Prints the msgids still untranslated afterwards.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"


def main():
    force = "--force" in sys.argv
    table = runpy.run_path([a for a in sys.argv[1:] if a != "--force"][0])["T"]
    po = polib.pofile(str(PO), wrapwidth=0)
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in table and (force or not entry.msgstr or "fuzzy" in entry.flags):
            value = table[entry.msgid]
            if entry.msgid_plural:
                singular, plural = value if isinstance(value, tuple) else (value, value)
                entry.msgstr_plural = {0: singular, 1: plural}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    for msgid in missing:
        print("untranslated:", repr(msgid))
    print(f"{len(missing)} untranslated, {len(po.fuzzy_entries())} fuzzy")


if __name__ == "__main__":
    main()
