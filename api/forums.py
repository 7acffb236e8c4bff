"""Forums: the ones the reader may see (Forum.objects.visible_to), with seats left, filtered as
the forums page filters them."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.base import ReadOnlyViewSet
from forums.models import Forum


class ForumSerializer(serializers.ModelSerializer):
    seats_left = serializers.IntegerField(
        read_only=True, help_text="Free in-person seats (reserved seats excluded)."
    )
    online_seats_left = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Free online seats; null when online attendance is not limited.",
    )
    registration_open = serializers.SerializerMethodField()
    online = serializers.BooleanField(
        source="offers_online", read_only=True, help_text="Whether it can be followed online."
    )
    url = serializers.SerializerMethodField(help_text="The forum's page on the portal.")

    class Meta:
        model = Forum
        fields = [
            "slug",
            "title",
            "theme",
            "scale",
            "status",
            "visibility",
            "description",
            "start",
            "end",
            "venue",
            "city",
            "country",
            "working_languages",
            "organiser",
            "online",
            "capacity",
            "seats_left",
            "online_capacity",
            "online_seats_left",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "url",
        ]

    def get_registration_open(self, forum) -> bool:
        return forum.registration_is_open()

    def get_url(self, forum) -> str:
        return self.context["request"].build_absolute_uri(forum.get_absolute_url())


class ForumFilters(serializers.Serializer):
    """The forums page's filters."""

    when = serializers.ChoiceField(
        choices=["upcoming", "past"],
        default="upcoming",
        help_text="Upcoming forums (soonest first) or past ones (latest first).",
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words in the title, the theme or the host city.",
    )


@extend_schema_view(
    list=extend_schema(summary="Forums", parameters=[ForumFilters]),
    retrieve=extend_schema(summary="A forum"),
)
class ForumViewSet(ReadOnlyViewSet):
    serializer_class = ForumSerializer
    lookup_field = "slug"
    sections = ("forums",)

    def get_queryset(self):
        forums = Forum.objects.visible_to(self.request.user).with_counts()
        if self.action != "list":
            return forums
        filters = ForumFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        if filters.validated_data["when"] == "past":
            forums = forums.past().order_by("-start", "-pk")
        else:
            forums = forums.upcoming().order_by("start", "pk")
        query = filters.validated_data.get("q", "").replace("\x00", "").strip()
        if query:
            forums = forums.filter(
                Q(title__icontains=query) | Q(theme__icontains=query) | Q(city__icontains=query)
            )
        return forums
