from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/text/", views.text_edit, name="text"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/open/", views.open_consultation, name="open"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/document/", views.version_document, name="document"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/comments/", views.comment_list, name="comments"),
    path("<int:pk>/comment/", views.comment_create, name="comment"),
    path("<int:pk>/report/", views.report_page, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/publish-report/", views.publish_report, name="publish_report"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/history/", views.history, name="history"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
    path("comments/<int:pk>/decide/", views.decide, name="decide"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
