"""The integrity registers in the admin. The administrators keep the list of legal reasons for
withholding a register entry; the registers' records are there to be looked up only: every
write goes through integrity/services/, whose rules the admin's forms would not keep.
Complaints are not here at all: only the integrity unit reads a case, in the portal."""

from django.contrib import admin

from integrity.models import (
    ConflictOfInterest,
    ConflictOverride,
    ContactEntry,
    GiftDeclaration,
    GiftReview,
    GiftVersion,
    WithholdingReason,
)


class LookUpOnly(admin.ModelAdmin):
    """Shows records, never adds, changes or deletes one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- The register of contacts ---------------------------------------------------------------


@admin.register(WithholdingReason)
class WithholdingReasonAdmin(admin.ModelAdmin):
    list_display = ["title", "active"]
    list_filter = ["active"]
    search_fields = ["title", "legal_basis"]


@admin.register(ContactEntry)
class ContactEntryAdmin(LookUpOnly):
    list_display = ["contact_date", "kind", "subject", "unit", "officer", "status", "due_on"]
    list_filter = ["status", "kind", "unit", "withheld_reason"]
    search_fields = ["subject", "outcome"]
    list_select_related = ["unit", "officer"]


# --- Gifts, hospitality, conflicts of interest ----------------------------------------------


class GiftVersionInline(admin.TabularInline):
    model = GiftVersion
    fields = ["number", "kind", "estimated_value", "decision", "correction_note", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GiftDeclaration)
class GiftDeclarationAdmin(LookUpOnly):
    list_display = ["reference", "declarant", "created_at"]
    search_fields = ["reference", "declarant__full_name", "declarant__email"]
    inlines = [GiftVersionInline]


@admin.register(GiftVersion)
class GiftVersionAdmin(LookUpOnly):
    list_display = ["declaration", "number", "kind", "estimated_value", "decision", "recorded_at"]
    list_filter = ["kind", "decision"]
    list_select_related = ["declaration"]


@admin.register(GiftReview)
class GiftReviewAdmin(LookUpOnly):
    list_display = ["version", "decision", "reviewer", "reviewed_at"]
    list_select_related = ["version", "reviewer"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(LookUpOnly):
    list_display = ["officer", "organization", "declared_at", "ended_at"]
    list_select_related = ["officer", "organization"]


@admin.register(ConflictOverride)
class ConflictOverrideAdmin(LookUpOnly):
    list_display = ["conflict", "context", "target", "overridden_by", "at"]
    list_select_related = ["conflict__officer", "conflict__organization", "overridden_by"]
