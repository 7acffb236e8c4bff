"""The one rule for figures drawn from small groups of people: no cell of fewer than MIN_CELL.

Complaint statistics (integrity/statistics.py) and survey results (surveys/results.py) both
publish counts per group (a category of complaint, a stakeholder category, an organisation
size). A count of fewer than MIN_CELL people, and any figure drawn from them (a median, a
mean, a distribution), is hidden: `shown(count)` is None then. A hidden cell must not be
worked out again by subtraction either: when a table shows its total and exactly one of its
cells is hidden, the total minus the others would give it away, so the smallest shown cell is
hidden as well (`complementary`), marked PROTECTED rather than None so that a page can say
why.
"""

MIN_CELL = 5
# A count hidden although not small: shown, it would give away a small one.
PROTECTED = "protected"


def is_small(count):
    return count < MIN_CELL


def shown(count):
    """`count`, or None when it is drawn from fewer than MIN_CELL."""
    return None if count is None or is_small(count) else count


def complementary(total, values):
    """The index of the cell to hide as well, or None.

    `total` is the table's total as shown (None when hidden); `values` its cells as shown:
    an int, None (fewer than MIN_CELL) or PROTECTED. When the total is shown and exactly one
    cell is hidden, the smallest shown cell would give it away by subtraction."""
    if not isinstance(total, int):
        return None
    hidden = [index for index, value in enumerate(values) if not isinstance(value, int)]
    kept = [index for index, value in enumerate(values) if isinstance(value, int)]
    if len(hidden) != 1 or not kept:
        return None
    return min(kept, key=lambda index: (values[index], index))
