from django.urls import path

from surveys.views import results

app_name = "surveys"

urlpatterns = [
    # surveys-results: results for officers, their exports and publication; published results.
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
    path("<slug:slug>/results/", results.published, name="published"),
    path(
        "<slug:slug>/results/texts/<int:question_pk>/",
        results.published_texts,
        name="published_texts",
    ),
]
