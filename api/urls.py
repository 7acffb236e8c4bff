from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import calendar, commitments, consultations, directory, docs, forums, integrity

app_name = "api"

router = SimpleRouter()
router.register("forums", forums.ForumViewSet, basename="forum")
router.register("calendar", calendar.CalendarViewSet, basename="calendar")
router.register("consultations", consultations.ConsultationViewSet, basename="consultation")
router.register("commitments", commitments.CommitmentViewSet, basename="commitment")
router.register("register", integrity.RegisterViewSet, basename="register")
router.register("integrity-statistics", integrity.StatisticsViewSet, basename="statistics")
router.register("directory", directory.DirectoryViewSet, basename="directory")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", docs.Docs.as_view(url_name="api:schema"), name="docs"),
]
