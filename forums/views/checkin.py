"""Check-in at the door, for check-in staff: the forums of the day, the code form, the counts."""

from datetime import timedelta

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from forums.forms import CheckinForm
from forums.models import Forum
from forums.services import attendance
from portal.permissions import checkin_required


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


@checkin_required
def checkin(request, slug):
    forum = _checkin_forum(slug)
    result = None
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = attendance.check_in(forum, form.cleaned_data["code"], acting_user=request.user)
        form = CheckinForm()  # ready for the next person
        forum = _checkin_forum(slug)
    return render(request, "forums/checkin.html", {"forum": forum, "form": form, "result": result})


@checkin_required
def checkin_counts(request, slug):
    return render(request, "forums/_checkin_counts.html", {"forum": _checkin_forum(slug)})
