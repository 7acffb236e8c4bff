"""Sorting text the way a French reader expects: accents and case do not move a word to the
end of a list ("Union Économique" between "Transports" and "Zénith", "École" before
"Entreprise"), which Python's and PostgreSQL's C ordering by code point do.

`french_key` is the one helper: `sorted(names, key=french_key)`. It uses the Unicode Collation
Algorithm's default table (pyuca, pure Python: no ICU library to install), which orders Latin
letters with their accents as French does; equal letters then differ by accent, then by case.
"""

import functools

import pyuca


@functools.cache
def _collator():
    # Reading the table takes about 0.1 s: once per process, on first use.
    return pyuca.Collator()


def french_key(text):
    """A sort key for `text` (anything; None sorts as an empty string)."""
    return _collator().sort_key(str(text or ""))


def french_sorted(items, key=str):
    """`items` sorted by `key(item)` in French order."""
    return sorted(items, key=lambda item: french_key(key(item)))
