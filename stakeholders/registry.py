"""The officers' registry list: its sortable columns and its page sizes.

`?sort=name` sorts up, `?sort=-name` down; only the keys of SORTS are read (anything else
sorts by name), and every order ends with the name then the id, so that rows with the same
value keep one order from page to page. Missing values (no assessment, no contact) go last,
except when sorting by last contact upwards: "never" is then the oldest contact of all.
"""

from dataclasses import dataclass

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from stakeholders import contacts
from stakeholders.models import Category

DEFAULT_SORT = "name"


def _category_label():
    # The category's label in the reader's language, so that the order is the one they read.
    return Case(
        *[When(category=code, then=Value(str(label))) for code, label in Category.choices],
        default=Value(""),
    )


@dataclass(frozen=True)
class Sort:
    key: str
    label: str
    expression: object  # a callable giving the expression to order by
    nulls_first_up: bool = False  # upwards, missing values first (else last both ways)


SORTS = {
    sort.key: sort
    for sort in (
        Sort("name", _("Organisation"), lambda: F("name")),
        Sort("category", _("Category"), _category_label),
        Sort("verified", _("Verified"), lambda: F("verified")),
        Sort("influence", _("Influence"), lambda: F("latest_influence")),
        Sort("interest", _("Interest"), lambda: F("latest_interest")),
        Sort("last_contact", _("Last contact"), lambda: F("last_contact"), nulls_first_up=True),
    )
}


def chosen(value):
    """(key, descending) for `?sort=`: the default for a missing or unknown key."""
    value = value or ""
    descending = value.startswith("-")
    key = value.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def order(queryset, key, descending):
    """`queryset` (annotated with the latest assessment and contacts.annotate) in that order."""
    sort = SORTS[key]
    expression = sort.expression()
    if descending:
        first = expression.desc(nulls_last=True)
    elif sort.nulls_first_up:
        first = expression.asc(nulls_first=True)
    else:
        first = expression.asc(nulls_last=True)
    return queryset.order_by(first, "name", "pk")


def headers(params, key, descending):
    """The sortable columns' headers: each with the link that sorts by it (up, or down when it
    is the sorted column and sorted up) and its aria-sort value, the query string otherwise
    kept but for the page (a new order starts at the first page)."""
    shown = []
    for sort in SORTS.values():
        if sort.key == "last_contact" and contacts.provided() is None:
            continue
        query = params.copy()
        query.pop("page", None)
        current = sort.key == key
        query["sort"] = f"-{sort.key}" if current and not descending else sort.key
        shown.append(
            {
                "key": sort.key,
                "label": sort.label,
                "query": query.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return {header["key"]: header for header in shown}
