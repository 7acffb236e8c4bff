"""The commitments board: the public actions of active plans with their progress and health,
as the board page shows them (actionplans.views.board.chosen: its filters, its order)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from actionplans.health import Health
from actionplans.models import Action
from actionplans.views import board
from api.base import ReadOnlyViewSet, refuse_form_errors


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.title", read_only=True)
    objective = serializers.CharField(source="objective.title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.IntegerField(
        read_only=True, help_text="Percent complete, from the latest progress update (0 before)."
    )
    last_update_date = serializers.DateField(
        read_only=True, allow_null=True, help_text="When progress was last reported."
    )
    health = serializers.ChoiceField(choices=Health.values, source="current_health", read_only=True)
    health_label = serializers.SerializerMethodField()
    indicator_current = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        help_text="The indicator's latest reported value, or its baseline before any report.",
    )
    target_categories = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Whom it is for."
    )
    partners = serializers.SerializerMethodField(
        help_text="The partner organisations the reader may see."
    )
    url = serializers.SerializerMethodField(help_text="The action's page on the board.")
    contested = serializers.BooleanField(
        read_only=True,
        default=False,
        help_text="Whether a partner contests its reported status or progress, unanswered yet.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "code",
            "title",
            "description",
            "plan",
            "objective",
            "responsible_unit",
            "start_date",
            "due_date",
            "status",
            "status_label",
            "progress",
            "last_update_date",
            "health",
            "health_label",
            "indicator_name",
            "indicator_unit",
            "indicator_baseline",
            "indicator_target",
            "indicator_current",
            "target_categories",
            "partners",
            "url",
            "contested",
        ]

    def get_health_label(self, action) -> str:
        return str(Health(action.current_health).label)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_partners(self, action):
        return [str(organization) for organization in action.visible_partners]

    def get_url(self, action) -> str:
        address = reverse("actionplans:board_action", args=[action.pk])
        return self.context["request"].build_absolute_uri(address)


class BoardFilters(serializers.Serializer):
    """The board page's filters."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words of the code, title or description.",
    )
    plan = serializers.IntegerField(required=False, min_value=1, help_text="An active plan's id.")
    health = serializers.ChoiceField(choices=Health.values, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        summary="The commitments board",
        description="The public actions of active plans, in the board's order.",
        parameters=[BoardFilters],
    ),
    retrieve=extend_schema(summary="A commitment of the board"),
)
class CommitmentViewSet(ReadOnlyViewSet):
    serializer_class = ActionSerializer
    # As the board page: the plans' rows, the meetings' commitments, the partners' names.
    sections = ("actionplans", "meetings", "stakeholders")
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        return Action.objects.public().with_progress()

    def list(self, request, *args, **kwargs):
        BoardFilters(data=request.query_params).is_valid(raise_exception=True)
        selection = board.chosen(request)
        refuse_form_errors(selection.form)
        page = self.paginate_queryset(selection.actions)
        actions = board.whole(selection, page, request.user)
        return self.get_paginated_response(self.get_serializer(actions, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        action = board.board_action_shown(kwargs["pk"], request.user)
        return Response(self.get_serializer(action).data)
