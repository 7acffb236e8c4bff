from django.urls import path

from portal.emailpreview import views

app_name = "emailpreview"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/<slug:language>/", views.detail, name="detail"),
    path("<slug:name>/<slug:language>/html", views.html_part, name="html"),
]
