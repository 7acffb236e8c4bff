from django.urls import path
from django.views.generic import RedirectView

from meetings.views import bodies, calendar, feeds, invitations, meetings, minutes, requests

app_name = "meetings"

urlpatterns = [
    # The shared calendar.
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/agenda/", calendar.agenda, name="agenda"),
    # Calendar files and feeds.
    path("calendar/public.ics", feeds.public_feed, name="public_feed"),
    path("calendar/feed/<str:token>.ics", feeds.personal_feed, name="feed"),
    path("calendar/subscribe/", feeds.subscribe, name="subscribe"),
    path("calendar/subscribe/public/", feeds.subscribe_public, name="subscribe_public"),
    path("meetings/<int:pk>/calendar.ics", feeds.meeting_ics, name="ics"),
    # Meetings and their occurrences.
    path("meetings/", meetings.meeting_list, name="list"),
    path("meetings/new/", meetings.meeting_create, name="create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("meetings/<int:pk>/status/", meetings.meeting_status, name="status"),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/",
        meetings.occurrence_detail,
        name="occurrence",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/cancel/",
        meetings.occurrence_cancel,
        name="occurrence_cancel",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/move/",
        meetings.occurrence_move,
        name="occurrence_move",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/shift/",
        meetings.occurrence_shift,
        name="occurrence_shift",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/record/",
        meetings.occurrence_detach,
        name="occurrence_detach",
    ),
    # Invitations, replies and agenda proposals.
    path("meetings/<int:pk>/invitations/", invitations.invitations, name="invitations"),
    path(
        "meetings/<int:pk>/remind-unanswered/",
        invitations.remind_unanswered,
        name="remind_unanswered",
    ),
    path(
        "meetings/invite-organisations/",
        invitations.invite_organizations,
        name="invite_organizations",
    ),
    path("meetings/<int:pk>/reply/", invitations.rsvp, name="rsvp"),
    path("meetings/reply/<str:token>/", invitations.rsvp_token, name="rsvp_token"),
    path("meetings/<int:pk>/propose/", invitations.propose_item, name="propose"),
    path("meetings/agenda-items/<int:pk>/decide/", invitations.decide_item, name="decide_item"),
    # Minutes and commitments; the transparency log became the integrity register of contacts.
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/versions/", minutes.minutes_versions, name="minutes_versions"),
    path("meetings/<int:pk>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/review/", minutes.minutes_review, name="minutes_review"),
    path("meetings/<int:pk>/commitments/new/", minutes.commitment_create, name="commitment_create"),
    path("meetings/commitments/", minutes.commitments, name="commitments"),
    path("meetings/commitments/<int:pk>/edit/", minutes.commitment_edit, name="commitment_edit"),
    path(
        "meetings/transparency/",
        RedirectView.as_view(pattern_name="integrity:register", permanent=True, query_string=True),
        name="transparency",
    ),
    # Dialogue bodies.
    path("meetings/bodies/", bodies.body_list, name="bodies"),
    path("meetings/bodies/new/", bodies.body_edit, name="body_create"),
    path("meetings/bodies/<int:pk>/", bodies.body_detail, name="body"),
    path("meetings/bodies/<int:pk>/edit/", bodies.body_edit, name="body_edit"),
    # Meeting requests.
    path("meetings/requests/", requests.request_list, name="requests"),
    path("meetings/requests/new/", requests.request_create, name="request_create"),
    path("meetings/requests/<int:pk>/", requests.request_detail, name="request"),
    path("meetings/requests/<int:pk>/decline/", requests.request_decline, name="request_decline"),
]
