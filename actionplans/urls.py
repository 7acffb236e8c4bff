from django.urls import path

from actionplans.views import (
    actions,
    board,
    contestations,
    dashboard,
    objectives,
    plans,
    progress,
    reports,
)

app_name = "actionplans"

urlpatterns = [
    # The public commitments board: partners and visitors.
    path("commitments/", board.board, name="board"),
    path("commitments/download/", board.board_export, name="board_export"),
    path("commitments/<int:pk>/", board.board_action, name="board_action"),
    # Contesting what is reported on a commitment (concerned partners), and the answer.
    path("commitments/<int:pk>/contest/", contestations.contest, name="contest"),
    path(
        "commitments/contestations/<int:pk>/answer/",
        contestations.contestation_answer,
        name="contestation_answer",
    ),
    path(
        "commitments/contestations/<int:pk>/moderate/",
        contestations.contestation_moderate,
        name="contestation_moderate",
    ),
    path(
        "commitments/contestations/<int:pk>/attachment/",
        contestations.contestation_attachment,
        name="contestation_attachment",
    ),
    # Officers and editors: plans, their versions, approval and history.
    path("action-plans/", plans.plan_list, name="plan_list"),
    path("action-plans/new/", plans.plan_create, name="plan_create"),
    path("action-plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("action-plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("action-plans/<int:pk>/history/", plans.plan_history, name="plan_history"),
    path("action-plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("action-plans/<int:pk>/activate/", plans.plan_activate, name="plan_activate"),
    path("action-plans/<int:pk>/close/", plans.plan_close, name="plan_close"),
    path(
        "action-plans/<int:pk>/versions/<int:number>/", plans.version_detail, name="version_detail"
    ),
    path(
        "action-plans/<int:pk>/versions/<int:number>/compare/",
        plans.version_compare,
        name="version_compare",
    ),
    # A plan's dashboard and exports.
    path("action-plans/<int:pk>/dashboard/", dashboard.plan_dashboard, name="plan_dashboard"),
    path("action-plans/<int:pk>/export/", reports.plan_export, name="plan_export"),
    # Actions, and commitments made at meetings turned into actions.
    path("action-plans/<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("action-plans/actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("action-plans/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path(
        "action-plans/from-commitment/<int:pk>/",
        actions.action_from_commitment,
        name="action_from_commitment",
    ),
    # Progress reports and their evidence; an officer's own actions.
    path("action-plans/actions/<int:pk>/progress/", progress.progress_add, name="progress_add"),
    path("action-plans/evidence/<int:pk>/", progress.evidence_download, name="evidence_download"),
    path("action-plans/mine/", progress.my_actions, name="my_actions"),
    # Strategic objectives.
    path("action-plans/objectives/", objectives.objective_list, name="objective_list"),
    path("action-plans/objectives/new/", objectives.objective_create, name="objective_create"),
    path("action-plans/objectives/<int:pk>/", objectives.objective_detail, name="objective_detail"),
    path(
        "action-plans/objectives/<int:pk>/edit/",
        objectives.objective_edit,
        name="objective_edit",
    ),
]
