"""Comparing two versions of a text, section by section, word by word.

Sections are paired by their stable key, so a renumbered section is still "the same section";
within a pair the words are compared by `portal.diff.word_diff`. The result is a list of plain
operations that the HTML page (<del>/<ins>) and the PDF report each render their own way.
"""

import difflib
from dataclasses import dataclass

# The word-level comparison is the portal's (portal/diff.py), shared with the meetings'
# minutes; these names stay importable from here for the consultations' pages and report.
from portal.diff import DELETE, EQUAL, INSERT, to_html, tokens, word_diff  # noqa: F401

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"


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


def summary(diffs):
    """How many sections were changed, added and removed."""
    counts = {CHANGED: 0, ADDED: 0, REMOVED: 0, UNCHANGED: 0}
    for item in diffs:
        counts[item.status] += 1
    return counts
