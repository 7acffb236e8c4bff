from django.urls import path

from consultations.views import comments, downloads, handling, history, officers, public

app_name = "consultations"

urlpatterns = [
    # Lists and reading.
    path("", public.consultation_list, name="list"),
    path("download/", public.list_export, name="list_export"),
    path("<int:pk>/", public.consultation_detail, name="detail"),
    path("<int:pk>/versions/<int:number>/", public.version_detail, name="version"),
    path("<int:pk>/compare/", public.compare, name="compare"),
    path("<int:pk>/comments/", public.comment_list, name="comments"),
    path("<int:pk>/report/", public.report_page, name="report"),
    path("<int:pk>/report.pdf", public.report_pdf, name="report_pdf"),
    # Files: a version's document, a comment's attachments.
    path("<int:pk>/versions/<int:number>/document/", downloads.version_document, name="document"),
    path("attachments/<int:pk>/", downloads.attachment_download, name="attachment"),
    # Partners: commenting.
    path("<int:pk>/comment/", comments.comment_create, name="comment"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/withdraw/", comments.comment_withdraw, name="comment_withdraw"),
    # Customs: writing and publishing.
    path("new/", officers.consultation_create, name="create"),
    path("<int:pk>/edit/", officers.consultation_edit, name="edit"),
    path("<int:pk>/text/", officers.text_edit, name="text"),
    path("<int:pk>/revise/", officers.revise, name="revise"),
    path("<int:pk>/open/", officers.open_consultation, name="open"),
    path("<int:pk>/adopt/", officers.adopt, name="adopt"),
    # Customs: handling the comments, the report.
    path("comments/<int:pk>/decide/", handling.decide, name="decide"),
    path("<int:pk>/publish-report/", handling.publish_report, name="publish_report"),
    # Customs: who changed what.
    path("<int:pk>/history/", history.history, name="history"),
]
