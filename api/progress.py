"""Progress on an action: its progress reports (GET), and a new one (POST), for instance from a
Customs system that feeds an indicator.

As the action's page: officers only (the page is Customs'), the action found through
`Action.objects.visible_to`; a new report is checked by the page's own form
(actionplans.forms.ProgressForm, without evidence files) and recorded by the service the page
calls (actionplans.services.record_progress), for whoever may report on that action
(`Action.objects.reportable_by`: its responsible officer, or an editor; 404 to anyone else).
Writing needs a read-and-write token, or a session.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from actionplans import services
from actionplans.forms import ProgressForm
from actionplans.models import Action, ProgressUpdate
from api.authentication import ScopedWrites
from api.base import Validators
from api.permissions import Officers


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "date", "percent", "indicator_value", "narrative", "author", "created_at"]


class ProgressReportSerializer(serializers.Serializer):
    """What a new progress report takes (for the schema; the page's form checks it)."""

    date = serializers.DateField(help_text="The day the progress is reported for; not future.")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    indicator_value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="The action's indicator's value; only for an action with an indicator.",
    )
    narrative = serializers.CharField(help_text="What was done, what is blocking, what next.")


def _form_errors(form):
    errors = {}
    for name, messages in form.errors.items():
        errors["non_field_errors" if name == "__all__" else name] = [str(m) for m in messages]
    return errors


class ActionProgress(Validators, GenericAPIView):
    serializer_class = ProgressUpdateSerializer
    permission_classes = [Officers, ScopedWrites]
    sections = ("actionplans",)

    def _action(self, queryset):
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @extend_schema(
        summary="An action's progress reports", responses=ProgressUpdateSerializer(many=True)
    )
    def get(self, request, pk):
        action = self._action(Action.objects.visible_to(request.user))
        updates = (
            ProgressUpdate.objects.filter(action=action)
            .select_related("author")
            .order_by("-date", "-created_at", "-pk")
        )
        page = self.paginate_queryset(updates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Report progress on an action",
        request=ProgressReportSerializer,
        responses={201: ProgressUpdateSerializer},
    )
    def post(self, request, pk):
        action = self._action(
            Action.objects.reportable_by(request.user).select_related("plan").with_progress()
        )
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Send the report as a JSON object.")]}
            )
        data = {name: value for name, value in request.data.items() if value is not None}
        form = ProgressForm(data, {}, action=action)
        if "indicator_value" in data and "indicator_value" not in form.fields:
            form.is_valid()
            form.add_error(None, _("This action has no indicator."))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        cleaned = form.cleaned_data
        try:
            update = services.record_progress(
                action,
                acting_user=request.user,
                date=cleaned["date"],
                percent=cleaned["percent"],
                indicator_value=cleaned.get("indicator_value"),
                narrative=cleaned["narrative"],
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"non_field_errors": list(error.messages)}) from None
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)
