from django.urls import path

from integrity.views import complaints, gifts, hub, register  # noqa: F401  (sections below)

app_name = "integrity"

urlpatterns = [
    path("", hub.home, name="home"),
    # --- The register of contacts -----------------------------------------------------
    # --- Gifts, hospitality, conflicts of interest ------------------------------------
    path("gifts/", gifts.register, name="gifts"),
    path("gifts/register.csv", gifts.register_csv, name="gifts_csv"),
    path("gifts/declare/", gifts.declare, name="gift_declare"),
    path("gifts/mine/", gifts.mine, name="gifts_mine"),
    path("gifts/review/", gifts.queue, name="gift_queue"),
    path("gifts/<int:pk>/", gifts.detail, name="gift_detail"),
    path("gifts/<int:pk>/correct/", gifts.correct, name="gift_correct"),
    path("gifts/<int:pk>/review/", gifts.review, name="gift_review"),
    path("conflicts/", gifts.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/end/", gifts.conflict_end, name="conflict_end"),
    path("conflicts/overrides/", gifts.overrides, name="conflict_overrides"),
    # --- Complaints --------------------------------------------------------------------
]
