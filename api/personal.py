"""What is a signed-in person's own (a token of theirs, or their session): their forum
registrations, as their "my registrations" page lists them, and their invitations to meetings
they may see (Meeting.objects.visible_to) with their reply."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.authentication import ScopedWrites
from api.base import ReadOnlyViewSet
from api.permissions import SignedIn
from forums.models import Registration
from meetings.models import Invitation, Meeting
from stakeholders.models import Organization


def _absolute(serializer, url):
    return serializer.context["request"].build_absolute_uri(url)


class MyRegistrationSerializer(serializers.ModelSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    forum_title = serializers.CharField(source="forum.title", read_only=True)
    forum_start = serializers.DateTimeField(source="forum.start", read_only=True)
    forum_end = serializers.DateTimeField(source="forum.end", read_only=True)
    waiting_list_position = serializers.IntegerField(
        source="position", read_only=True, allow_null=True
    )
    check_in_code = serializers.CharField(source="display_code", read_only=True)
    sessions = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The registration's page on the portal.")

    class Meta:
        model = Registration
        fields = [
            "id",
            "forum",
            "forum_title",
            "forum_start",
            "forum_end",
            "status",
            "attendance_mode",
            "waiting_list_position",
            "check_in_code",
            "sessions",
            "registered_at",
            "checked_in_at",
            "url",
        ]

    def get_url(self, registration) -> str:
        return _absolute(self, registration.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary="My forum registrations"),
    retrieve=extend_schema(summary="One of my forum registrations"),
)
class MyRegistrationViewSet(ReadOnlyViewSet):
    serializer_class = MyRegistrationSerializer
    queryset = Registration.objects.none()  # for the schema; get_queryset says which
    permission_classes = [SignedIn, ScopedWrites]
    sections = ("forums",)

    def get_queryset(self):
        # As forums.views.representatives.my_registrations.
        return (
            Registration.objects.with_position()
            .filter(user=self.request.user)
            .select_related("forum")
            .prefetch_related("sessions")
            .order_by("-forum__start", "-pk")
        )


class MeetingSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The meeting's page on the portal.")

    class Meta:
        model = Meeting
        fields = ["id", "title", "kind", "status", "start", "end", "venue", "url"]

    def get_url(self, meeting) -> str:
        return _absolute(self, meeting.get_absolute_url())


class MyInvitationSerializer(serializers.ModelSerializer):
    meeting = MeetingSummarySerializer(read_only=True)
    organization = serializers.SerializerMethodField(
        help_text="The organisation invited, when the reader may see it named."
    )

    class Meta:
        model = Invitation
        fields = ["id", "meeting", "organization", "response", "responded_at", "created_at"]

    def get_organization(self, invitation) -> str | None:
        if invitation.organization_id in self.context.get("named_organizations", ()):
            return invitation.organization.name
        return None


@extend_schema_view(
    list=extend_schema(summary="My invitations to meetings, with my reply"),
    retrieve=extend_schema(summary="One of my invitations"),
)
class MyInvitationViewSet(ReadOnlyViewSet):
    serializer_class = MyInvitationSerializer
    queryset = Invitation.objects.none()  # for the schema; get_queryset says which
    permission_classes = [SignedIn, ScopedWrites]
    sections = ("meetings", "stakeholders")

    def get_queryset(self):
        user = self.request.user
        return (
            Invitation.objects.of_user(user)
            .filter(meeting__in=Meeting.objects.visible_to(user))
            .select_related("meeting", "organization")
            .order_by("-meeting__start", "-pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            # Named only if the reader may see it (Organization.objects.visible_to).
            context["named_organizations"] = set(
                Organization.objects.visible_to(user)
                .filter(pk__in=Invitation.objects.of_user(user).values("organization_id"))
                .values_list("pk", flat=True)
            )
        return context
