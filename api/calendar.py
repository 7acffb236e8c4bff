"""The calendar: the entries the reader may see in a period (portal.calendar.entries, the same
entries and UIDs as the calendar's pages and .ics feeds), filtered as the calendar page filters
them (meetings.forms.CalendarFilterForm: kind, dialogue body, organisation taking part)."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.base import ListViewSet, refuse_form_errors
from meetings.forms import CalendarFilterForm
from meetings.models import Meeting
from portal import calendar, params

# The agenda page's period when none is asked for, and the longest period one request reads.
DEFAULT_DAYS = 60
MAX_DAYS = 366


class CalendarEntrySerializer(serializers.Serializer):
    uid = serializers.CharField(
        help_text="Stable identifier, the UID the .ics feeds and e-mailed invitations carry."
    )
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    kind = serializers.CharField(help_text='"meeting" or "forum".')
    kind_label = serializers.CharField(help_text="The kind in words, in the request's language.")
    location = serializers.CharField()
    online_url = serializers.CharField(
        help_text="The link to follow online, when the reader may have it; empty otherwise."
    )
    description = serializers.CharField()
    cancelled = serializers.BooleanField()
    sequence = serializers.IntegerField(help_text="Increases on every change that matters.")
    last_modified = serializers.DateTimeField(allow_null=True)
    public = serializers.BooleanField(help_text="Whether anyone may see it.")
    categories = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField(help_text="The entry's page on the portal.")

    def get_url(self, entry) -> str:
        return self.context["request"].build_absolute_uri(entry.url)


def _kinds():
    return [*Meeting.Kind.values, "forum"]


class CalendarFilters(serializers.Serializer):
    """The calendar page's filters, and its period."""

    start = serializers.DateField(
        required=False,
        help_text="First day (YYYY-MM-DD, in the portal's time zone); default today.",
    )
    end = serializers.DateField(
        required=False,
        help_text=(
            f"Day after the last (YYYY-MM-DD); default {DEFAULT_DAYS} days after `start`, "
            f"at most {MAX_DAYS} days after it."
        ),
    )
    kind = serializers.ChoiceField(
        choices=_kinds(), required=False, help_text="A meeting kind, or forum."
    )
    body = serializers.IntegerField(
        required=False, min_value=1, help_text="A dialogue body's id: its meetings only."
    )
    organization = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="An organisation's id: the meetings and forums it takes part in.",
    )

    def validate(self, data):
        start = data.get("start") or timezone.localdate()
        # The start first: the default end is counted from it (9999-12-31 has no day after).
        if not params.FIRST_DAY <= start <= params.LAST_DAY:
            raise serializers.ValidationError({"start": _("This day is outside the calendar.")})
        end = data.get("end") or start + timedelta(days=DEFAULT_DAYS)
        if not params.FIRST_DAY <= end <= params.LAST_DAY:
            raise serializers.ValidationError({"end": _("This day is outside the calendar.")})
        if not start < end <= start + timedelta(days=MAX_DAYS):
            raise serializers.ValidationError(
                {
                    "end": _("The end must come after the start, by %(days)s days at most.")
                    % {"days": MAX_DAYS}
                }
            )
        return {**data, "start": start, "end": end}


@extend_schema_view(
    list=extend_schema(
        summary="Calendar entries",
        description=(
            "The meetings and forums the reader may see that overlap the period, in time "
            "order: the calendar page's entries, with the UIDs of the .ics feeds."
        ),
        parameters=[CalendarFilters],
    ),
)
class CalendarViewSet(ListViewSet):
    serializer_class = CalendarEntrySerializer
    sections = (calendar.SECTION,)

    def validator_parts(self):
        # Without `start`, the period begins today: another day, another answer.
        return [timezone.localdate().isoformat()]

    def get_queryset(self):
        filters = CalendarFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        zone = timezone.get_current_timezone()
        start = datetime.combine(data["start"], time.min, zone)
        end = datetime.combine(data["end"], time.min, zone)
        chosen = {name: data[name] for name in ("kind", "body", "organization") if name in data}
        form = CalendarFilterForm(chosen or None, user=self.request.user, start=start, end=end)
        refuse_form_errors(form)
        return calendar.entries(self.request.user, start, end, **form.filters())
