"""The integrity registers: the public register of contacts, as its page shows it
(integrity.views.register: the page's filters and selection, an entry's public fields under the
names of the JSON download, withheld entries counted per legal reason and never shown), and the
complaints' public statistics (integrity.statistics: the page's numbers, with the same
small-cell suppression)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import ListViewSet, ReadOnlyViewSet, refuse_form_errors
from integrity import statistics
from integrity.models import ContactEntry
from integrity.views import register as register_page


class RegisterEntrySerializer(serializers.Serializer):
    """An entry's public fields (integrity.views.register.register_record)."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The entry's page on the portal.")
    date = serializers.DateField(help_text="The day of the contact.")
    kind = serializers.ChoiceField(choices=ContactEntry.Kind.values)
    kind_label = serializers.CharField()
    organizations = serializers.ListField(
        child=serializers.CharField(),
        help_text="The organisations present that the public directory names.",
    )
    unverified_organizations = serializers.IntegerField(
        help_text="How many organisations present are not yet verified (never named)."
    )
    private_individuals = serializers.IntegerField()
    unit = serializers.CharField(help_text="The Customs unit.")
    officer_role = serializers.CharField(help_text="The role of the senior officer present.")
    subject = serializers.CharField()
    outcome = serializers.CharField()
    due_on = serializers.DateField(help_text="When the entry was due to be completed.")
    published_at = serializers.DateTimeField(allow_null=True)
    outcome_overdue = serializers.BooleanField(
        help_text="Published automatically at its due date and not completed since."
    )
    completed_late = serializers.BooleanField()

    def to_representation(self, entry):
        return register_page.register_record(self.context["request"], entry)


class WithheldSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="The legal reason for withholding.")
    count = serializers.IntegerField()


class RegisterFilters(serializers.Serializer):
    """The register page's filters."""

    organization = serializers.IntegerField(
        required=False, min_value=1, help_text="An organisation of the directory (its id)."
    )
    unit = serializers.IntegerField(required=False, min_value=1, help_text="A Customs unit's id.")
    kind = serializers.ChoiceField(
        choices=ContactEntry.Kind.values, required=False, allow_blank=True
    )
    since = serializers.DateField(required=False, help_text="Contacts from this day (YYYY-MM-DD).")
    until = serializers.DateField(required=False, help_text="Contacts up to this day.")
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words of the subject or of the outcome (published entries only).",
    )


@extend_schema_view(
    list=extend_schema(
        summary="The register of contacts",
        description=(
            "The published entries, latest contact first. Withheld entries are never listed: "
            "`withheld` counts them per legal reason."
        ),
        parameters=[RegisterFilters],
    ),
    retrieve=extend_schema(summary="An entry of the register of contacts"),
    withheld=extend_schema(
        summary="Withheld entries of the register, counted per legal reason",
        description=(
            "For the same unit, kind and period filters as the register (the organisation "
            "and words do not apply to entries whose content is not public)."
        ),
        parameters=[RegisterFilters],
        responses=WithheldSerializer(many=True),
    ),
)
class RegisterViewSet(ReadOnlyViewSet):
    serializer_class = RegisterEntrySerializer
    sections = ("integrity", "meetings", "stakeholders")
    lookup_value_regex = r"[0-9]{1,18}"

    def _selection(self, request):
        RegisterFilters(data=request.query_params).is_valid(raise_exception=True)
        form, entries, withheld = register_page.register_selection(request)
        refuse_form_errors(form)
        return entries, withheld

    def get_queryset(self):
        if self.action == "list":
            return self._selection(self.request)[0]
        # The public register's entries, for everyone: a withheld entry or a draft is a 404.
        return register_page.with_presence(ContactEntry.objects.public())

    def retrieve(self, request, *args, **kwargs):
        entry = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return Response(self.get_serializer(entry).data)

    @action(detail=False, pagination_class=None)
    def withheld(self, request):
        _entries, withheld = self._selection(request)
        rows = [
            {"reason": row["withheld_reason__title"] or "", "count": row["count"]}
            for row in withheld
        ]
        return Response(WithheldSerializer(rows, many=True).data)


# Why a count is not given (the statistics' "fewer than 5" and protected cells).
HIDDEN = [("small", "small"), ("protected", "protected")]


class CellSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The category, or all categories.")
    received = serializers.IntegerField(
        allow_null=True, help_text="Cases received; null when hidden (see `received_hidden`)."
    )
    received_hidden = serializers.ChoiceField(
        choices=HIDDEN,
        allow_null=True,
        help_text=(
            f'"small": fewer than {statistics.MINIMUM}; "protected": not small, but hidden '
            "because with the total it would give a small one away; null: shown."
        ),
    )
    closed = serializers.IntegerField(allow_null=True)
    closed_hidden = serializers.ChoiceField(choices=HIDDEN, allow_null=True)
    days_to_acknowledge = serializers.FloatField(
        allow_null=True,
        help_text=f"Median calendar days; null over fewer than {statistics.MINIMUM} cases.",
    )
    days_to_close = serializers.FloatField(allow_null=True)

    def to_representation(self, cell):
        def count(value):
            if value is None:
                return None, "small"
            if value == statistics.PROTECTED:
                return None, "protected"
            return value, None

        received, received_hidden = count(cell.received)
        closed, closed_hidden = count(cell.closed)
        return {
            "label": str(cell.label),
            "received": received,
            "received_hidden": received_hidden,
            "closed": closed,
            "closed_hidden": closed_hidden,
            "days_to_acknowledge": cell.days_to_acknowledge,
            "days_to_close": cell.days_to_close,
        }


class QuarterSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    start = serializers.DateField()
    end = serializers.DateField()
    total = CellSerializer()
    categories = CellSerializer(many=True)

    def to_representation(self, row):
        quarter, total, categories = row
        return {
            "year": quarter.year,
            "quarter": quarter.number,
            "start": quarter.start.isoformat(),
            "end": quarter.end.isoformat(),
            "total": CellSerializer(total).data,
            "categories": CellSerializer(categories, many=True).data,
        }


@extend_schema_view(
    list=extend_schema(
        summary="Integrity complaints: public statistics per quarter",
        description=(
            "The statistics page's table, latest quarter first: cases received and closed, "
            "median days to acknowledge and to close, per category. No figure drawn from "
            f"fewer than {statistics.MINIMUM} cases is given."
        ),
    ),
)
class StatisticsViewSet(ListViewSet):
    serializer_class = QuarterSerializer
    sections = ("integrity",)

    def get_queryset(self):
        return statistics.complaint_statistics()
