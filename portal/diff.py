"""Comparing two texts word by word, and the comparison as HTML.

The words are compared with difflib; the result is a list of plain operations (equal, delete,
insert) that each reader renders its own way: `to_html` (<del>/<ins>, announced to screen
readers) for pages, and the consultations' PDF report its own markup. Consultations compare
their versions section by section on top of it (consultations/diff.py); meetings compare the
versions of a meeting's minutes whole.
"""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# Words (letters and digits, with their apostrophes and hyphens), runs of spaces, and single
# other characters: a changed comma does not mark the whole sentence as changed.
_TOKENS = re.compile(r"[\w’'\-]+|\s+|[^\w\s]", re.UNICODE)


def tokens(text):
    return _TOKENS.findall(text or "")


def word_diff(old, new):
    """[(op, text)] turning `old` into `new`, op being equal, delete or insert."""
    a, b = tokens(old), tokens(new)
    ops = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append((DELETE, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append((INSERT, "".join(b[j1:j2])))
    return _merge(ops)


def _merge(ops):
    merged = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def changed(ops):
    """Whether a word diff changes anything."""
    return any(op != EQUAL for op, _text in ops)


def to_html(ops):
    """Render a word diff as HTML with <del> and <ins>, each announced to screen readers."""
    deleted, inserted = escape(_("Deleted:")), escape(_("Inserted:"))
    ends = escape(_("(end)"))
    parts = []
    for op, text in ops:
        if op == EQUAL:
            parts.append(escape(text))
        elif op == DELETE:
            parts.append(
                f'<del><span class="visually-hidden">{deleted} </span>{escape(text)}'
                f'<span class="visually-hidden"> {ends}</span></del>'
            )
        else:
            parts.append(
                f'<ins><span class="visually-hidden">{inserted} </span>{escape(text)}'
                f'<span class="visually-hidden"> {ends}</span></ins>'
            )
    return mark_safe("".join(parts))
