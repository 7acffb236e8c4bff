"""Check-in at the door, for check-in staff: the forums of the day, the code form, the search
by name for someone who lost their code, undoing a mistaken check-in, the counts."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forums.forms import CheckinForm, CheckinSearchForm
from forums.models import Forum, Registration
from forums.services import attendance
from portal.permissions import checkin_required

# The search lists at most this many people: more asks for more of the name.
SEARCH_LIMIT = 20
# The latest check-ins shown under the form, each with its "Undo".
LATEST = 5


@checkin_required
def checkin_home(request):
    forums = (
        Forum.objects.for_checkin()
        .filter(end__gte=timezone.now() - timedelta(days=2))
        .order_by("start")[:20]
    )
    return render(request, "forums/checkin_home.html", {"forums": forums})


def _checkin_forum(slug):
    return get_object_or_404(Forum.objects.for_checkin().with_counts(), slug=slug)


def _page(request, forum, *, form=None, result=None, query=""):
    """The door's page: the code form, the search and what it found, the latest check-ins."""
    search = CheckinSearchForm({"q": query} if query else None)
    found = None
    if query and search.is_valid() and search.cleaned_data["q"]:
        found = list(
            forum.registrations.filter(
                status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED]
            )
            .find_person(search.cleaned_data["q"])
            .select_related("user", "organization")
            .order_by("user__full_name", "guest_name", "pk")[: SEARCH_LIMIT + 1]
        )
    latest = (
        forum.registrations.filter(status=Registration.Status.ATTENDED)
        .select_related("user", "organization")
        .order_by("-checked_in_at", "-pk")[:LATEST]
    )
    door = attendance.window(forum)
    return render(
        request,
        "forums/checkin.html",
        {
            "forum": forum,
            "form": form or CheckinForm(),
            "search": search,
            "query": query,
            "found": found[:SEARCH_LIMIT] if found is not None else None,
            "more_found": found is not None and len(found) > SEARCH_LIMIT,
            "search_limit": SEARCH_LIMIT,
            "latest": latest,
            "result": result,
            "window": door,
            "window_state": door.state(),
            "shut": attendance.window_refusal(forum),
        },
    )


@checkin_required
def checkin(request, slug):
    forum = _checkin_forum(slug)
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = attendance.check_in(forum, form.cleaned_data["code"], acting_user=request.user)
        # Ready for the next person, with the counts as they now are.
        return _page(request, _checkin_forum(slug), result=result)
    return _page(request, forum, form=form, query=request.GET.get("q", ""))


def _on_registration(forum, pk, act, request):
    try:
        return act(forum, pk, acting_user=request.user)
    except Registration.DoesNotExist:
        raise Http404 from None


@checkin_required
@require_POST
def checkin_person(request, slug, pk):
    """Check in someone found by name, through the same rules as a typed code."""
    forum = _checkin_forum(slug)
    result = _on_registration(forum, pk, attendance.check_in_registration, request)
    return _page(request, _checkin_forum(slug), result=result, query=request.POST.get("q", ""))


@checkin_required
@require_POST
def checkin_undo(request, slug, pk):
    """Undo a mistaken check-in: the person is expected again."""
    forum = _checkin_forum(slug)
    result = _on_registration(forum, pk, attendance.undo_check_in, request)
    return _page(request, _checkin_forum(slug), result=result, query=request.POST.get("q", ""))


@checkin_required
def checkin_counts(request, slug):
    return render(request, "forums/_checkin_counts.html", {"forum": _checkin_forum(slug)})
