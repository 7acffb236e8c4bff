from django.urls import path

from integrity.views import complaints, gifts, hub, register  # noqa: F401  (sections below)

app_name = "integrity"

urlpatterns = [
    path("", hub.home, name="home"),
    # --- The register of contacts -----------------------------------------------------
    path("register/", register.register, name="register"),
    path("register/download/", register.register_export, name="register_export"),
    path("register/<int:pk>/", register.entry, name="entry"),
    path("register/new/", register.entry_create, name="entry_create"),
    path("register/<int:pk>/edit/", register.entry_edit, name="entry_edit"),
    path("register/<int:pk>/withhold/", register.entry_withhold, name="entry_withhold"),
    path("register/mine/", register.my_entries, name="my_entries"),
    # --- Gifts, hospitality, conflicts of interest ------------------------------------
    # --- Complaints --------------------------------------------------------------------
]
