"""The directory of verified organisations: what the public directory page shows (its public
fields only), filtered as the page filters it (stakeholders.filters.organizations with
public=True: name or acronym, category, region)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.base import ReadOnlyViewSet, refuse_form_errors
from stakeholders import filters
from stakeholders.models import Category, Organization, Region


class DirectoryOrganizationSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    region_label = serializers.CharField(source="get_region_display", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    register_url = serializers.SerializerMethodField(
        help_text="Its contacts with Customs in the public register of contacts."
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "acronym",
            "category",
            "category_label",
            "region",
            "region_label",
            "country",
            "description",
            "register_url",
        ]

    def get_register_url(self, organization) -> str:
        address = f"{reverse('api:register-list')}?organization={organization.pk}"
        return self.context["request"].build_absolute_uri(address)


class DirectoryFilters(serializers.Serializer):
    """The directory page's filters."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Words of the name or acronym."
    )
    category = serializers.ChoiceField(choices=Category.values, required=False, allow_blank=True)
    region = serializers.ChoiceField(choices=Region.values, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        summary="The directory of verified organisations", parameters=[DirectoryFilters]
    ),
    retrieve=extend_schema(summary="An organisation of the directory"),
)
class DirectoryViewSet(ReadOnlyViewSet):
    serializer_class = DirectoryOrganizationSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    sections = ("stakeholders",)

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        if self.action == "list":
            DirectoryFilters(data=params).is_valid(raise_exception=True)
        form, organizations = filters.organizations(params, user=self.request.user, public=True)
        refuse_form_errors(form)
        return organizations.only(
            "name", "acronym", "category", "region", "country", "description"
        ).order_by("name", "pk")
