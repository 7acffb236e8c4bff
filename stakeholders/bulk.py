"""What officers can do with organisations selected on the registry list, from every app.

The list shows one checkbox per organisation and one button per action, all in one form: a
button posts the selected ids (`organization`) to its action's page, which confirms (shows the
organisations, asks what it needs: a meeting, a message...) and then acts through its app's
services. The registry stands below meetings and announcements, so each app registers its
actions here, in its AppConfig.ready():

    bulk.register(BulkAction("invite", _("Invite to a meeting"), "meetings:invite_organizations"))

The actions' pages read the selection with `selection(request)`: the organisations the officer
may see, in the registry's order; an id they may not see (or that does not exist) is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404, QueryDict
from django.urls import reverse

from portal import permissions
from stakeholders.models import Organization

FIELD = "organization"  # the checkboxes' name
BACK_FIELD = "back"  # the list's query string, to go back to the same page of the list
# More than a page of the list (100 rows) is never posted by the list itself.
MAX_SELECTED = 500


@dataclass(frozen=True)
class BulkAction:
    key: str
    label: str
    url_name: str
    url_kwargs: dict = field(default_factory=dict)
    permission: Callable = permissions.is_customs  # who sees the button (the page checks too)

    @property
    def url(self):
        return reverse(self.url_name, kwargs=self.url_kwargs or None)


_actions = []


def register(action):
    if all(known.key != action.key for known in _actions):
        _actions.append(action)
    return action


def actions_for(user):
    """The actions `user` may take, in registration order."""
    return [action for action in _actions if action.permission(user)]


def posted_ids(data):
    """The selected organisations' ids in `data` (request.POST, or request.GET for the
    export's links); unreadable values are a 404."""
    values = data.getlist(FIELD)
    if len(values) > MAX_SELECTED:
        raise Http404
    try:
        return sorted({int(value) for value in values})
    except ValueError:
        raise Http404 from None


def selection(request, data=None):
    """The posted organisations, all of which `request.user` may see (else 404), by name."""
    ids = posted_ids(request.POST if data is None else data)
    organizations = list(
        Organization.objects.visible_to(request.user).filter(pk__in=ids).order_by("name", "pk")
    )
    if len(organizations) != len(ids):
        raise Http404
    return organizations


def back_url(request):
    """The registry list as the officer left it (its filters, order, page), from the posted
    query string; only a query string is read, so this never leads off the list."""
    query = QueryDict(request.POST.get(BACK_FIELD, ""))
    url = reverse("stakeholders:list")
    return f"{url}?{query.urlencode()}" if query else url
