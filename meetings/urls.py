from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("calendar/", views.month, name="calendar"),
    path("calendar/agenda/", views.agenda, name="agenda"),
    path("calendar/public.ics", views.public_feed, name="public_feed"),
    path("calendar/feed/<str:token>.ics", views.personal_feed, name="feed"),
    path("calendar/subscribe/", views.subscribe, name="subscribe"),
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/new/", views.meeting_create, name="create"),
    path("meetings/transparency/", views.transparency, name="transparency"),
    path("meetings/commitments/", views.commitments, name="commitments"),
    path("meetings/commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("meetings/agenda-items/<int:pk>/decide/", views.decide_item, name="decide_item"),
    path("meetings/reply/<str:token>/", views.rsvp_token, name="rsvp_token"),
    path("meetings/bodies/", views.body_list, name="bodies"),
    path("meetings/bodies/new/", views.body_edit, name="body_create"),
    path("meetings/bodies/<int:pk>/", views.body_detail, name="body"),
    path("meetings/bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("meetings/requests/", views.request_list, name="requests"),
    path("meetings/requests/new/", views.request_create, name="request_create"),
    path("meetings/requests/<int:pk>/", views.request_detail, name="request"),
    path("meetings/requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/status/", views.meeting_status, name="status"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="ics"),
    path("meetings/<int:pk>/invitations/", views.invitations, name="invitations"),
    path("meetings/<int:pk>/reply/", views.rsvp, name="rsvp"),
    path("meetings/<int:pk>/propose/", views.propose_item, name="propose"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("meetings/<int:pk>/occurrences/<str:stamp>/", views.occurrence_detail, name="occurrence"),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/cancel/",
        views.occurrence_cancel,
        name="occurrence_cancel",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/move/",
        views.occurrence_move,
        name="occurrence_move",
    ),
    path(
        "meetings/<int:pk>/occurrences/<str:stamp>/record/",
        views.occurrence_detach,
        name="occurrence_detach",
    ),
]
