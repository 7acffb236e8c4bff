from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_list, name="list"),
    path("new/", views.forum_new, name="new"),
    path("registrations/", views.my_registrations, name="mine"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel"),
    path("registrations/<int:pk>/code.svg", views.registration_qr, name="qr"),
    path("checkin/", views.checkin_home, name="checkin_home"),
    path("<slug:slug>/", views.forum_detail, name="detail"),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/forum.ics", views.forum_ics, name="ics"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/checkin/", views.checkin, name="checkin"),
    path("<slug:slug>/checkin/counts/", views.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/edit/", views.forum_edit, name="edit"),
    path("<slug:slug>/status/", views.forum_status, name="status"),
    path("<slug:slug>/seats/", views.hold_seats, name="hold_seats"),
    path("<slug:slug>/sessions/new/", views.session_edit, name="session_new"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("<slug:slug>/registrations.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/registrations.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/registrations/new/", views.guest_new, name="guest_new"),
    path(
        "<slug:slug>/registrations/<int:pk>/",
        views.registration_admin,
        name="registration_admin",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/cancel/",
        views.officer_cancel,
        name="officer_cancel",
    ),
    path("<slug:slug>/message/", views.message, name="message"),
    path("<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("<slug:slug>/feedback/summary/", views.feedback_summary, name="feedback_summary"),
]
