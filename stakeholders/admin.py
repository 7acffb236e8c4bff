from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyAdmin
from stakeholders import services
from stakeholders.models import (
    CONTACT_FIELDS,
    Assessment,
    Contact,
    Membership,
    Organization,
    OrganizationImport,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = [*CONTACT_FIELDS, "user"]
    # Which account a contact is tied to follows its membership (stakeholders.membership).
    readonly_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "category", "region", "country", "verified", "status"]
    list_filter = ["category", "verified", "status", "region", "country", "sectors"]
    search_fields = ["name", "acronym", "registry_number", "email"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    inlines = [ContactInline]
    actions = ["mark_verified", "mark_unverified"]

    @admin.action(description=_("Mark the selected organisations as verified"))
    def mark_verified(self, request, queryset):
        self._set_verified(request, queryset, True)

    @admin.action(description=_("Mark the selected organisations as not verified"))
    def mark_unverified(self, request, queryset):
        self._set_verified(request, queryset, False)

    def _set_verified(self, request, queryset, verified):
        count = 0
        for organization in queryset:
            services.set_verified(organization, verified=verified, acting_user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d organisation updated.", "%(count)d organisations updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "position", "email", "language", "consent"]
    list_filter = ["consent", "language", "organization__category"]
    search_fields = ["name", "email", "phone", "organization__name", "organization__acronym"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    readonly_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Memberships are decided on the members' pages, through stakeholders.membership."""

    list_display = ["user", "organization", "status", "role", "requested_at", "decided_by"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    list_select_related = ["user", "organization", "decided_by"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "organization",
        "assessed_at",
        "influence",
        "interest",
        "attitude",
        "current_engagement",
        "desired_engagement",
        "assessed_by",
    ]
    list_filter = [
        "attitude",
        "influence",
        "interest",
        "current_engagement",
        "organization__category",
    ]
    search_fields = ["organization__name", "organization__acronym", "key_concerns", "rationale"]
    list_select_related = ["organization", "assessed_by"]
    raw_id_fields = ["organization", "assessed_by"]
    date_hierarchy = "assessed_at"

    # Through the services, which keep each organisation's pointer to its latest assessment.
    def save_model(self, request, obj, form, change):
        services.save_assessment(obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.delete_assessment(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for assessment in queryset:
            services.delete_assessment(assessment, acting_user=request.user)


@admin.register(OrganizationImport)
class OrganizationImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_at", "uploaded_by", "imported_at", "created_count"]
    exclude = ["content"]
    readonly_fields = [
        "file_name",
        "file_format",
        "uploaded_by",
        "uploaded_at",
        "imported_by",
        "imported_at",
        "created_count",
        "updated_count",
        "contacts_count",
        "rejected",
    ]

    def has_add_permission(self, request):
        return False
