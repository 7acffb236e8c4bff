from django.urls import path

from surveys.views import answer, build, invitations, results

app_name = "surveys"

urlpatterns = [
    # The fixed paths come before "<slug:slug>/" (a survey's short name is never "manage").
    path("", answer.survey_list, name="list"),
    path("manage/", build.manage, name="manage"),
    path("manage/new/", build.survey_new, name="new"),
    path("manage/<int:pk>/", build.edit, name="edit"),
    path("manage/<int:pk>/settings/", build.survey_settings, name="settings"),
    path("manage/<int:pk>/preview/", build.preview, name="preview"),
    path("manage/<int:pk>/launch/", build.launch, name="launch"),
    path("manage/<int:pk>/wave/", build.copy_wave, name="copy_wave"),
    path("manage/<int:pk>/sections/new/", build.section_edit, name="section_new"),
    path("manage/<int:pk>/sections/<int:section_pk>/", build.section_edit, name="section_edit"),
    path(
        "manage/<int:pk>/sections/<int:section_pk>/delete/",
        build.section_delete,
        name="section_delete",
    ),
    path(
        "manage/<int:pk>/sections/<int:section_pk>/move/", build.section_move, name="section_move"
    ),
    path(
        "manage/<int:pk>/sections/<int:section_pk>/questions/new/",
        build.question_new,
        name="question_new",
    ),
    path("manage/<int:pk>/questions/<int:question_pk>/", build.question_edit, name="question_edit"),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/delete/",
        build.question_delete,
        name="question_delete",
    ),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/move/",
        build.question_move,
        name="question_move",
    ),
    path("manage/<int:pk>/invitations/", invitations.invitations, name="invitations"),
    path("manage/<int:pk>/invitations/remind/", invitations.remind, name="remind"),
    path("manage/<int:pk>/results/", results.results, name="results"),
    path(
        "manage/<int:pk>/results/texts/<int:question_pk>/",
        results.results_texts,
        name="results_texts",
    ),
    path(
        "manage/<int:pk>/results/export.<str:fmt>",
        results.results_export,
        name="results_export",
    ),
    path("manage/<int:pk>/results/publish/", results.publish, name="publish"),
    path("<slug:slug>/", answer.answer, name="answer"),
    path("<slug:slug>/thanks/", answer.thanks, name="thanks"),
    path("<slug:slug>/results/", results.published, name="published"),
    path(
        "<slug:slug>/results/texts/<int:question_pk>/",
        results.published_texts,
        name="published_texts",
    ),
]
