"""Public pages: the list of forums, a forum and its programme, its calendar file, and the
list of participants who agreed to be listed."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from forums.models import SEATED, Forum, Registration, Session
from forums.providers import entry_for
from forums.views import visible_forum
from portal import agenda, permissions
from portal.ical import calendar_bytes, google_calendar_url, outlook_calendar_url
from portal.pagecache import for_visitors
from portal.pagination import paginate
from portal.permissions import visitors_sign_in_first
from stakeholders.models import Organization


def _programme(user):
    """The sessions with their speakers and the consultations on their agenda that `user`
    may see (as session.agenda_consultations)."""
    return Prefetch(
        "sessions",
        queryset=Session.objects.prefetch_related(
            Prefetch("speakers", queryset=_contacts()), agenda.visible_consultations(user)
        ),
    )


def _contacts():
    from stakeholders.models import Contact

    return Contact.objects.only("id", "name")


def _days(sessions):
    """The programme grouped by day, in the viewer's time zone."""
    days = []
    for session in sessions:
        day = timezone.localtime(session.start).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(session)
    return days


def forum_list(request):
    forums = Forum.objects.visible_to(request.user).with_counts()
    past = request.GET.get("when") == "past"
    forums = forums.past().order_by("-start") if past else forums.upcoming().order_by("start")
    # A NUL byte cannot reach PostgreSQL in a query; nobody searches for one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if query:
        forums = forums.filter(
            Q(title__icontains=query) | Q(theme__icontains=query) | Q(city__icontains=query)
        )
    return render(
        request,
        "forums/list.html",
        {"page": paginate(request, forums), "past": past, "search": query},
    )


@for_visitors("forums", "stakeholders", "consultations")
@visitors_sign_in_first
def forum_detail(request, slug):
    forum = visible_forum(
        request,
        slug,
        Forum.objects.with_counts().prefetch_related(
            _programme(request.user),
            # An organisation Customs has not verified is never named to others.
            Prefetch(
                "partner_organizations",
                Organization.objects.filter(
                    pk__in=Organization.objects.visible_to(request.user).values("pk")
                ),
            ),
        ),
    )
    registration = None
    if request.user.is_authenticated:
        registration = (
            Registration.objects.with_position().filter(forum=forum, user=request.user).first()
        )
    entry = entry_for(forum)
    context = {
        "forum": forum,
        "days": _days(forum.sessions.all()),
        "registration": registration,
        "registration_open": forum.registration_is_open(),
        "not_yet_open": timezone.now() < forum.registration_opens_at,
        "can_register": permissions.is_private_sector(request.user)
        or not request.user.is_authenticated,
        "is_officer": permissions.is_customs(request.user),
        "google_url": google_calendar_url(entry),
        "outlook_url": outlook_calendar_url(entry),
    }
    return render(request, "forums/detail.html", context)


def programme(request, slug):
    forum = visible_forum(request, slug, Forum.objects.prefetch_related(_programme(request.user)))
    return render(
        request, "forums/programme.html", {"forum": forum, "days": _days(forum.sessions.all())}
    )


def forum_ics(request, slug):
    forum = visible_forum(request, slug)
    seated = (
        request.user.is_authenticated
        and forum.registrations.filter(user=request.user, status__in=SEATED).exists()
    )
    entry = entry_for(forum, with_link=seated or permissions.is_customs(request.user))
    response = HttpResponse(
        calendar_bytes([entry], name=forum.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{forum.slug}.ics"'
    return response


@login_required
def participants(request, slug):
    forum = visible_forum(request, slug)
    people = (
        forum.registrations.filter(status__in=SEATED, consent_to_list=True)
        .select_related("user", "organization")
        .order_by("organization__name", "user__full_name", "guest_name")
    )
    return render(
        request, "forums/participants.html", {"forum": forum, "page": paginate(request, people)}
    )
