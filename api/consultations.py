"""Consultations: the ones the reader may see (Consultation.objects.visible_to) with the list
page's filters, each with the sections of its latest text; their published comments with the
comments page's filters; and the report's handling table once the report is public.

Comments are the published ones only (Comment.objects.published: the author allowed it and did
not withdraw it), whoever asks: never a comment kept private to Customs, nor one's own
unpublished comment. Authors are shown as the comments page shows them to the reader.
"""

from django.db.models import Count
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import ReadOnlyViewSet, refuse_form_errors
from consultations import report
from consultations.models import Comment, Consultation
from consultations.views.public import comment_list_selection, consultation_list_selection


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The same section across versions of the text.")
    number = serializers.CharField()
    heading = serializers.CharField()
    body = serializers.CharField(help_text="Markdown.")
    comment_count = serializers.IntegerField(help_text="Published comments on this section.")


class ConsultationSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(
        help_text="The phase a reader sees: an open consultation past its closing is closed."
    )
    status_label = serializers.SerializerMethodField()
    comment_count = serializers.IntegerField(
        read_only=True, help_text="Comments received (not withdrawn), published or not."
    )
    report_published = serializers.BooleanField(source="report_is_published", read_only=True)
    url = serializers.SerializerMethodField(help_text="The consultation's page on the portal.")

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "summary",
            "audience",
            "status",
            "status_label",
            "opens_at",
            "closes_at",
            "short_period_justification",
            "entry_into_force",
            "adopted_on",
            "comment_count",
            "report_published",
            "report_published_at",
            "url",
        ]

    def get_status(self, consultation) -> str:
        return consultation.phase().value

    def get_status_label(self, consultation) -> str:
        return str(consultation.phase().label)

    def get_url(self, consultation) -> str:
        return self.context["request"].build_absolute_uri(consultation.get_absolute_url())


class ConsultationDetailSerializer(ConsultationSerializer):
    version = serializers.SerializerMethodField(
        help_text="The number of the latest version of the text; null before the first."
    )
    sections = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "version", "sections"]

    def get_version(self, consultation) -> int | None:
        version = self.context["version"]
        return version.number if version else None

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, consultation):
        version = self.context["version"]
        if version is None:
            return []
        counts = dict(
            Comment.objects.visible_to(self.context["request"].user)
            .published()
            .filter(consultation=consultation, section__isnull=False)
            .values_list("section__key")
            .annotate(n=Count("pk"))
        )
        return [
            {
                "key": section.key,
                "number": section.number,
                "heading": section.heading,
                "body": section.body,
                "comment_count": counts.get(section.key, 0),
            }
            for section in version.sections.all()
        ]


class CommentSerializer(serializers.ModelSerializer):
    section = serializers.SerializerMethodField(
        help_text="The section's key; null for a comment on the text as a whole."
    )
    section_number = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField(
        help_text=(
            "As the comments page shows the author to the reader (an anonymous contributor "
            "when published anonymously)."
        )
    )
    decision_label = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "section",
            "section_number",
            "author",
            "body",
            "created_at",
            "updated_at",
            "decision",
            "decision_label",
            "reason",
        ]

    def get_section(self, comment) -> str | None:
        return comment.section.key if comment.section_id else None

    def get_section_number(self, comment) -> str | None:
        return comment.section.number if comment.section_id else None

    def get_author(self, comment) -> str:
        return str(comment.author_for(self.context["request"].user))

    def get_decision_label(self, comment) -> str:
        return str(comment.get_decision_display()) if comment.decision else ""


class ConsultationFilters(serializers.Serializer):
    """The consultations list page's filters."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Words of the title or summary."
    )
    phase = serializers.ChoiceField(
        choices=Consultation.Status.values,
        required=False,
        allow_blank=True,
        help_text="The phase a reader sees (draft: officers only).",
    )


class CommentFilters(serializers.Serializer):
    """The comments page's filters."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Words of the comment or of the decision's reason.",
    )
    section = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text='A section\'s key, or "whole" for the comments on the text as a whole.',
    )


class HandledCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    author = serializers.CharField(source="shown_author", help_text="As the public report shows.")
    body = serializers.CharField()
    decision = serializers.CharField()
    decision_label = serializers.CharField(source="get_decision_display")
    reason = serializers.CharField()


class ReportRowSerializer(serializers.Serializer):
    section = serializers.CharField(
        source="key", help_text="The section's key; empty for the text as a whole."
    )
    label = serializers.CharField()
    comments = serializers.IntegerField(help_text="Comments received, published or not.")
    organizations = serializers.IntegerField(source="organization_count")
    published = HandledCommentSerializer(
        many=True, help_text="The published comments, each with how it was handled."
    )


class DecisionCountSerializer(serializers.Serializer):
    decision = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    consultation = serializers.IntegerField(source="consultation.pk")
    published_at = serializers.DateTimeField(source="consultation.report_published_at")
    conclusions = serializers.CharField(source="consultation.report_summary")
    total_comments = serializers.IntegerField()
    total_organizations = serializers.IntegerField()
    personal_comments = serializers.IntegerField(help_text="Comments made in a personal capacity.")
    private_comments = serializers.IntegerField(
        help_text="Comments not published (kept private to Customs), counted only."
    )
    decisions = serializers.SerializerMethodField()
    sections = ReportRowSerializer(source="rows", many=True)

    @extend_schema_field(DecisionCountSerializer(many=True))
    def get_decisions(self, built):
        counts = dict(built.decisions)
        return [
            {"decision": value, "label": str(label), "count": counts[label]}
            for value, label in Comment.Decision.choices
        ]


@extend_schema_view(
    list=extend_schema(summary="Consultations", parameters=[ConsultationFilters]),
    retrieve=extend_schema(
        summary="A consultation",
        description="With the sections of the latest version of its text.",
        responses=ConsultationDetailSerializer,
    ),
    comments=extend_schema(
        summary="A consultation's published comments",
        description="Never a comment kept private to Customs, nor a withdrawn one.",
        parameters=[CommentFilters],
        responses=CommentSerializer(many=True),
    ),
    report=extend_schema(
        summary="A consultation's report: how each comment was handled",
        description=(
            "Once the report is published (404 before): counts by section, each published "
            "comment with Customs' decision and its reason, and the decisions counted."
        ),
        responses=ReportSerializer,
    ),
)
class ConsultationViewSet(ReadOnlyViewSet):
    serializer_class = ConsultationSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    # Comments' authors are accounts; their organisations are the registry's.
    sections = ("consultations", "stakeholders")

    def get_queryset(self):
        if self.action != "list":
            return consultation_list_selection(None, user=self.request.user)[1]
        filters = ConsultationFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        form, found = consultation_list_selection(self.request.query_params, user=self.request.user)
        refuse_form_errors(form)
        return found

    def retrieve(self, request, *args, **kwargs):
        consultation = self.get_object()
        version = consultation.latest_version()
        context = {**self.get_serializer_context(), "version": version}
        return Response(ConsultationDetailSerializer(consultation, context=context).data)

    @action(detail=True)
    def comments(self, request, pk=None):
        consultation = self.get_object()
        filters = CommentFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        version = consultation.latest_version()
        sections = list(version.sections.all()) if version else []
        form, shown = comment_list_selection(
            consultation, request.query_params, user=request.user, sections=sections
        )
        refuse_form_errors(form)
        page = self.paginate_queryset(shown.published())
        data = CommentSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @action(detail=True)
    def report(self, request, pk=None):
        consultation = self.get_object()
        if not consultation.report_is_published:
            raise Http404
        return Response(ReportSerializer(report.build_report(consultation)).data)
