from django.urls import path

from forums.views import checkin, management, public, registrations, reports, representatives

app_name = "forums"

urlpatterns = [
    # The fixed paths come before "<slug:slug>/", which would take them for a forum's slug.
    path("", public.forum_list, name="list"),
    path("new/", management.forum_new, name="new"),
    path("registrations/", representatives.my_registrations, name="mine"),
    path("registrations/<int:pk>/", representatives.registration_detail, name="registration"),
    path("registrations/<int:pk>/cancel/", representatives.cancel_registration, name="cancel"),
    path("registrations/<int:pk>/code.svg", representatives.registration_qr, name="qr"),
    path("checkin/", checkin.checkin_home, name="checkin_home"),
    path("<slug:slug>/", public.forum_detail, name="detail"),
    path("<slug:slug>/programme/", public.programme, name="programme"),
    path("<slug:slug>/forum.ics", public.forum_ics, name="ics"),
    path("<slug:slug>/participants/", public.participants, name="participants"),
    path("<slug:slug>/register/", representatives.register, name="register"),
    path("<slug:slug>/feedback/", representatives.feedback, name="feedback"),
    path("<slug:slug>/checkin/", checkin.checkin, name="checkin"),
    path("<slug:slug>/checkin/counts/", checkin.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/checkin/<int:pk>/", checkin.checkin_person, name="checkin_person"),
    path("<slug:slug>/checkin/<int:pk>/undo/", checkin.checkin_undo, name="checkin_undo"),
    path("<slug:slug>/manage/", management.manage, name="manage"),
    path("<slug:slug>/edit/", management.forum_edit, name="edit"),
    path("<slug:slug>/status/", management.forum_status, name="status"),
    path("<slug:slug>/seats/", management.hold_seats, name="hold_seats"),
    path("<slug:slug>/sessions/new/", management.session_edit, name="session_new"),
    path("<slug:slug>/sessions/<int:pk>/", management.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/delete/", management.session_delete, name="session_delete"),
    path("<slug:slug>/registrations/", registrations.registrations, name="registrations"),
    path("<slug:slug>/registrations.csv", registrations.export_csv, name="export_csv"),
    path("<slug:slug>/registrations.xlsx", registrations.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/registrations/new/", registrations.guest_new, name="guest_new"),
    path(
        "<slug:slug>/registrations/<int:pk>/",
        registrations.registration_admin,
        name="registration_admin",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/cancel/",
        registrations.officer_cancel,
        name="officer_cancel",
    ),
    path("<slug:slug>/message/", management.message, name="message"),
    path("<slug:slug>/statistics/", reports.statistics, name="statistics"),
    path("<slug:slug>/feedback/summary/", reports.feedback_summary, name="feedback_summary"),
]
