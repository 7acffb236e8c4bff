"""The forums' pages: thin views, each checking who may do it, validating a form and calling one
service (forums.services).

The pages are grouped by who they serve: everyone (public.py), representatives registering and
their registrations (representatives.py), check-in staff (checkin.py), officers managing a forum
and its programme (management.py), officers and the registrations (registrations.py), officers'
reports (reports.py). What they share is below."""

from django.shortcuts import get_object_or_404

from forums.models import Forum


def query_without_page(request):
    """The request's query string without the page number, for the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def visible_forum(request, slug, queryset=None):
    """The forum at `slug` if the person may see it (Forum.objects.visible_to), else 404."""
    queryset = queryset if queryset is not None else Forum.objects.all()
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)
