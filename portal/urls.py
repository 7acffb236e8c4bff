from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views

handler500 = "portal.views.server_error"

admin.site.site_header = _("Customs–Private Sector Portal administration")
admin.site.site_title = _("Customs–Private Sector Portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("portal.accounts.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("forums/", include("forums.urls")),
    path("consultations/", include("consultations.urls")),
    path("announcements/", include("portal.notifications.urls")),
    path("", include("actionplans.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.meetings.urls")),
]
