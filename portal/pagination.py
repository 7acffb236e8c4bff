"""Long lists cut into pages: the one helper every view uses; `templates/portal/_pagination.html`
draws the links, keeping the rest of the query string."""

from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, items, per_page=PER_PAGE):
    """The page of `items` the query string asks for (`?page=`): the first for a missing or
    unreadable number, the last for one past the end."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
