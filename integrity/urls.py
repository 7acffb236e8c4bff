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
    path("report/", complaints.report, name="report"),
    path("follow/", complaints.follow, name="follow"),
    path("follow/case/", complaints.followed, name="followed"),
    path("follow/forget/", complaints.forget, name="forget"),
    path("my-reports/", complaints.mine, name="my_reports"),
    path("my-reports/<int:pk>/", complaints.my_report, name="my_report"),
    path("statistics/", complaints.public_statistics, name="statistics"),
    path("cases/", complaints.cases, name="cases"),
    path("cases/<int:pk>/", complaints.case, name="case"),
    path("cases/<int:pk>/acknowledge/", complaints.acknowledge, name="case_acknowledge"),
    path("cases/<int:pk>/status/", complaints.change_status, name="case_status"),
    path("cases/<int:pk>/close/", complaints.close, name="case_close"),
    path("cases/<int:pk>/reply/", complaints.reply, name="case_reply"),
    path("cases/<int:pk>/note/", complaints.note, name="case_note"),
    path("cases/<int:pk>/actions/", complaints.link_actions, name="case_actions"),
    path("cases/files/<int:pk>/", complaints.attachment, name="case_attachment"),
]
