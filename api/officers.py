"""Customs officers' resources: the registry of organisations, with the registry page's
filters (stakeholders.filters), and a forum's registrations, as the officers' CSV export
holds them (forums.exports), with that list's filters.

Officers only (api.permissions.Officers: 404 to anyone else signed in, 401 to a visitor). A
token carries no second factor (portal/accounts/tokens.py), so these answers hold neither the
organisations' internal notes nor the mapping (assessments, and the quadrant filter that reads
them), which only the pages, behind the second factor, show.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.generics import ListAPIView

from api.authentication import ScopedWrites
from api.base import ReadOnlyViewSet, Validators
from api.permissions import Officers
from forums.forms import RegistrationFilterForm
from forums.models import Forum, Registration
from stakeholders import filters
from stakeholders.models import Organization, with_sector_names

# Filters that read the mapping: not offered to the API.
MAPPING_FILTERS = ("quadrant",)


class RegistryOrganizationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    sectors = serializers.SerializerMethodField(help_text="The sectors' names, comma-separated.")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "acronym",
            "category",
            "region",
            "country",
            "sectors",
            "address",
            "phone",
            "email",
            "website",
            "registry_number",
            "verified",
            "verified_at",
            "status",
            "description",
            "created_at",
            "updated_at",
        ]

    def get_sectors(self, organization) -> str:
        return getattr(organization, "sector_names", "")


def _form_errors(form):
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


REGISTRY_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the name or the acronym."),
    OpenApiParameter("category", OpenApiTypes.STR, description="A category's code."),
    OpenApiParameter("region", OpenApiTypes.STR, description="A region's code."),
    OpenApiParameter("country", OpenApiTypes.STR, description="A country's ISO code."),
    OpenApiParameter("sector", OpenApiTypes.INT, description="A sector's id."),
    OpenApiParameter("body", OpenApiTypes.INT, description="A dialogue body's id (its members)."),
    OpenApiParameter("verified", OpenApiTypes.STR, enum=["yes", "no"]),
    OpenApiParameter("status", OpenApiTypes.STR, description="An organisation's status."),
]


@extend_schema_view(
    list=extend_schema(summary="The registry of organisations", parameters=REGISTRY_FILTERS),
    retrieve=extend_schema(summary="An organisation of the registry"),
)
class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = RegistryOrganizationSerializer
    permission_classes = [Officers, ScopedWrites]
    sections = ("stakeholders", "meetings")

    def get_queryset(self):
        user = self.request.user
        if self.action != "list":
            return Organization.objects.visible_to(user)
        params = self.request.query_params.copy()
        for name in (*MAPPING_FILTERS, "page", "page_size"):
            params.pop(name, None)
        form, organizations = filters.organizations(params, user=user)
        if form.errors:
            raise exceptions.ValidationError(_form_errors(form))
        return organizations.order_by("name", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_sector_names(page) if page is not None else page

    def get_object(self):
        organization = super().get_object()
        return with_sector_names([organization])[0]


class ForumRegistrationSerializer(serializers.ModelSerializer):
    """The columns of the officers' export (forums.exports.rows), as JSON."""

    name = serializers.CharField(source="person_name", read_only=True)
    email = serializers.EmailField(read_only=True)
    organization = serializers.CharField(source="organization.name", default=None)
    organization_id = serializers.IntegerField(source="organization.pk", default=None)
    category = serializers.CharField(source="organization.category", default=None)
    region = serializers.CharField(source="organization.region", default=None)
    country = serializers.CharField(source="organization.country.code", default=None)
    waiting_list_position = serializers.IntegerField(
        source="position", read_only=True, allow_null=True
    )
    registered_by_customs = serializers.BooleanField(source="is_guest", read_only=True)
    check_in_code = serializers.CharField(source="display_code", read_only=True)
    sessions = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)
    on_participants_list = serializers.BooleanField(source="consent_to_list", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "email",
            "organization",
            "organization_id",
            "category",
            "region",
            "country",
            "status",
            "attendance_mode",
            "waiting_list_position",
            "registered_by_customs",
            "registered_at",
            "checked_in_at",
            "check_in_code",
            "sessions",
            "accessibility_needs",
            "dietary_needs",
            "on_participants_list",
        ]


REGISTRATION_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Name, e-mail, organisation or code."),
    OpenApiParameter("status", OpenApiTypes.STR, description="A registration's status."),
    OpenApiParameter("organization", OpenApiTypes.INT, description="An organisation's id."),
    OpenApiParameter("category", OpenApiTypes.STR, description="The organisation's category."),
    OpenApiParameter("country", OpenApiTypes.STR, description="The organisation's country."),
]


@extend_schema(
    summary="A forum's registrations (the officers' export)", parameters=REGISTRATION_FILTERS
)
class ForumRegistrationList(Validators, ListAPIView):
    serializer_class = ForumRegistrationSerializer
    permission_classes = [Officers, ScopedWrites]
    sections = ("forums", "stakeholders")

    def get_queryset(self):
        forum = get_object_or_404(
            Forum.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
        )
        params = self.request.query_params.copy()
        for name in ("page", "page_size"):
            params.pop(name, None)
        # As forums.views.registrations._filtered_registrations.
        form = RegistrationFilterForm(params or None, forum=forum)
        if form.is_bound and not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        registrations = (
            forum.registrations.with_position()
            .select_related("user", "organization")
            .prefetch_related("sessions")
            .order_by("arrival")
        )
        return form.filter(registrations)
