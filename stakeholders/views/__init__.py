"""The stakeholders app's pages: officers' registry and mapping (officers.py), representatives'
own organisation (representatives.py), the public directory (directory.py), import and export
(transfer.py)."""

from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def form_data(form):
    """A valid ModelForm's cleaned data split into plain fields and its sectors."""
    data = dict(form.cleaned_data)
    sectors = data.pop("sectors", None)
    return data, sectors
