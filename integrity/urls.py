from django.urls import path

from integrity.views import complaints, gifts, hub, register  # noqa: F401  (sections below)

app_name = "integrity"

urlpatterns = [
    path("", hub.home, name="home"),
    # --- The register of contacts -----------------------------------------------------
    # --- Gifts, hospitality, conflicts of interest ------------------------------------
    # --- Complaints --------------------------------------------------------------------
]
