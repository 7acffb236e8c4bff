"""Long lists cut into pages: the one helper every view uses; `templates/portal/_pagination.html`
draws the links, keeping the rest of the query string."""

from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, items, per_page=PER_PAGE):
    """The page of `items` the query string asks for (`?page=`): the first for a missing or
    unreadable number, the last for one past the end."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


# The page sizes a reader may choose on the lists that offer it (`?per_page=`).
PAGE_SIZES = (25, 50, 100)


def per_page_choice(request, choices=PAGE_SIZES):
    """The page size `?per_page=` asks for, if it is one of `choices`; else the first one.
    The pagination links keep it, since they keep the whole query string."""
    try:
        wanted = int(request.GET.get("per_page", ""))
    except ValueError:
        return choices[0]
    return wanted if wanted in choices else choices[0]
