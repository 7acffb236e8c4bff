from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    # The public commitments board: partners and visitors.
    path("commitments/", views.board, name="board"),
    path("commitments/<int:pk>/", views.board_action, name="board_action"),
    # Officers and editors.
    path("action-plans/", views.plan_list, name="plan_list"),
    path("action-plans/new/", views.plan_create, name="plan_create"),
    path("action-plans/mine/", views.my_actions, name="my_actions"),
    path("action-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("action-plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("action-plans/<int:pk>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("action-plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("action-plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("action-plans/<int:pk>/activate/", views.plan_activate, name="plan_activate"),
    path("action-plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("action-plans/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("action-plans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path(
        "action-plans/<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"
    ),
    path(
        "action-plans/<int:pk>/versions/<int:number>/compare/",
        views.version_compare,
        name="version_compare",
    ),
    path("action-plans/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("action-plans/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("action-plans/actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path(
        "action-plans/from-commitment/<int:pk>/",
        views.action_from_commitment,
        name="action_from_commitment",
    ),
    path("action-plans/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("action-plans/objectives/", views.objective_list, name="objective_list"),
    path("action-plans/objectives/new/", views.objective_create, name="objective_create"),
    path("action-plans/objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("action-plans/objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
]
