from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import metrics, views
from portal.accounts import views as account_views
from portal.notifications import views as notification_views

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

admin.site.site_header = _("Customs–Private Sector Portal administration")
admin.site.site_title = _("Customs–Private Sector Portal")
# The admin signs people in through allauth's sign-in (its rate limits, the TOTP step), not
# with a password alone: its own sign-in page sends visitors there, and refuses a signed-in
# person who is not staff rather than letting them sign in again as someone else.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalog.jsonld", views.open_data_catalog, name="open_data_catalog"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.view, name="metrics"),
    # allauth's TOTP setup, which also records the code it takes as this session's second
    # factor (same path and name as allauth's, which it shadows).
    path("accounts/2fa/totp/activate/", account_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("portal.accounts.urls")),
    path(
        "unsubscribe/<slug:purpose>/<str:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
    path("emails/preview/", include("portal.emailpreview.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("forums/", include("forums.urls")),
    path("surveys/", include("surveys.urls")),
    path("consultations/", include("consultations.urls")),
    path("announcements/", include("announcements.urls")),
    path("", include("actionplans.urls")),
    path("integrity/", include("integrity.urls")),
    path("webhooks/", include("portal.webhooks.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
]
