"""Give the French catalogue the typography tests/test_translations.py checks, in place.

    .venv/bin/python scripts/french_typography.py [path/to/django.po]

A no-break space (U+00A0) before : ; ! ? and % and inside « », the apostrophe ’, "courriel"
for e-mail. Run it after merging new French into the catalogue; running it twice changes
nothing. It leaves HTML tags and <code> alone, and never touches a msgid.
"""

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/fr/LC_MESSAGES/django.po"
NB = "\u00a0"
SPACES = " \u00a0\u202f"

_KEPT = re.compile(r"<code>.*?</code>|<[^>]*>|https?://\S+", re.DOTALL)
_WORDS = [
    (r"\bl’e-mail\b", "le courriel"),
    (r"\bd’e-mails?\b", "de courriel"),
    (r"\badresses e-mails?\b", "adresses électroniques"),
    (r"\badresse e-mail\b", "adresse électronique"),
    (r"\bcet e-mail\b", "ce courriel"),
    (r"\bun e-mail\b", "un courriel"),
    (r"\bE-mails\b", "Courriels"),
    (r"\bE-mail\b", "Courriel"),
    (r"\be-mails\b", "courriels"),
    (r"\be-mail\b", "courriel"),
]


def _prose(text):
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    for pattern, word in _WORDS:
        text = re.sub(pattern, word, text)
    text = re.sub(rf"[{SPACES}]*([;!?]|:(?=[\s\"”]|$))", NB + r"\1", text)
    text = re.sub(rf"«[{SPACES}]*", "«" + NB, text)
    text = re.sub(rf"[{SPACES}]*»", NB + "»", text)
    text = re.sub(r"(?<=[\w)]) (%%|%(?![(\w]))", NB + r"\1", text)
    return re.sub(r"\bn° ", "n°" + NB, text)


def typography(text):
    """`text` (a French msgstr) with its prose set in French typography."""
    if not text:
        return text
    out, position = [], 0
    for kept in _KEPT.finditer(text):
        out.append(_prose(text[position : kept.start()]))
        out.append(kept.group())
        position = kept.end()
    out.append(_prose(text[position:]))
    return "".join(out)


def main(path=CATALOGUE):
    po = polib.pofile(str(path), wrapwidth=0)
    changed = 0
    for entry in po:
        if entry.msgid_plural:
            new = {k: typography(v) for k, v in entry.msgstr_plural.items()}
            if new != entry.msgstr_plural:
                entry.msgstr_plural = new
                changed += 1
        else:
            new = typography(entry.msgstr)
            if new != entry.msgstr:
                entry.msgstr = new
                changed += 1
    po.save(str(path))
    print(f"French typography: {changed} entries changed.", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
