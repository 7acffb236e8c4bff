"""Comparing two versions of a text, section by section, word by word.

Sections are paired by their stable key, so a renumbered section is still "the same section";
within a pair the words are compared with difflib. The result is a list of plain operations
that the HTML page (<del>/<ins>) and the PDF report each render their own way.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"

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


@dataclass
class SectionDiff:
    key: str
    old: object  # Section or None
    new: object  # Section or None
    status: str
    number: list  # word diff of the numbers
    heading: list  # word diff of the headings
    body: list  # word diff of the texts

    @property
    def label(self):
        section = self.new or self.old
        return section.label

    @property
    def changed(self):
        return self.status != UNCHANGED


def compare_sections(old_sections, new_sections):
    """Pair two lists of sections (in their order) and diff each pair."""
    old_by_key = {s.key: s for s in old_sections}
    new_by_key = {s.key: s for s in new_sections}
    old_keys = [s.key for s in old_sections]
    new_keys = [s.key for s in new_sections]
    order = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            order.extend(new_keys[j1:j2])
            continue
        for key in old_keys[i1:i2]:
            if key not in new_by_key:
                order.append(key)
        for key in new_keys[j1:j2]:
            order.append(key)
    seen = set()
    result = []
    for key in order:
        if key in seen:
            continue
        seen.add(key)
        old, new = old_by_key.get(key), new_by_key.get(key)
        old_number, old_heading, old_body = _parts(old)
        new_number, new_heading, new_body = _parts(new)
        if old is None:
            status = ADDED
        elif new is None:
            status = REMOVED
        elif (old_number, old_heading, old_body) == (new_number, new_heading, new_body):
            status = UNCHANGED
        else:
            status = CHANGED
        result.append(
            SectionDiff(
                key=key,
                old=old,
                new=new,
                status=status,
                number=word_diff(old_number, new_number),
                heading=word_diff(old_heading, new_heading),
                body=word_diff(old_body, new_body),
            )
        )
    return result


def _parts(section):
    if section is None:
        return "", "", ""
    return str(section.number), section.heading, section.body.replace("\r\n", "\n")


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


def summary(diffs):
    """How many sections were changed, added and removed."""
    counts = {CHANGED: 0, ADDED: 0, REMOVED: 0, UNCHANGED: 0}
    for item in diffs:
        counts[item.status] += 1
    return counts
