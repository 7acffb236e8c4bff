from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import (
    calendar,
    commitments,
    consultations,
    directory,
    docs,
    forums,
    integrity,
    officers,
    personal,
    progress,
)

app_name = "api"

router = SimpleRouter()
router.register("forums", forums.ForumViewSet, basename="forum")
# A signed-in person's own (token or session).
router.register("me/registrations", personal.MyRegistrationViewSet, basename="my-registration")
router.register("me/invitations", personal.MyInvitationViewSet, basename="my-invitation")
# Customs officers'.
router.register("registry/organizations", officers.OrganizationViewSet, basename="organization")
# Public reads.
router.register("calendar", calendar.CalendarViewSet, basename="calendar")
router.register("consultations", consultations.ConsultationViewSet, basename="consultation")
router.register("commitments", commitments.CommitmentViewSet, basename="commitment")
router.register("register", integrity.RegisterViewSet, basename="register")
router.register("integrity-statistics", integrity.StatisticsViewSet, basename="statistics")
router.register("directory", directory.DirectoryViewSet, basename="directory")

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "v1/forums/<slug:slug>/registrations/",
        officers.ForumRegistrationList.as_view(),
        name="forum-registrations",
    ),
    path(
        "v1/actions/<int:pk>/progress/", progress.ActionProgress.as_view(), name="action-progress"
    ),
    path("v1/schema/", docs.Schema.as_view(), name="schema"),
    path("v1/docs/", docs.Docs.as_view(url_name="api:schema"), name="docs"),
]
