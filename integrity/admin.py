"""The integrity app's admin pages. The administrators keep the list of legal reasons for
withholding a register entry; entries themselves are read-only here (every write goes through
integrity/services/)."""

from django.contrib import admin

from integrity.models import ContactEntry, WithholdingReason


@admin.register(WithholdingReason)
class WithholdingReasonAdmin(admin.ModelAdmin):
    list_display = ["title", "active"]
    list_filter = ["active"]
    search_fields = ["title", "legal_basis"]


@admin.register(ContactEntry)
class ContactEntryAdmin(admin.ModelAdmin):
    """For looking entries up: every write goes through integrity.services.register."""

    list_display = ["contact_date", "kind", "subject", "unit", "officer", "status", "due_on"]
    list_filter = ["status", "kind", "unit", "withheld_reason"]
    search_fields = ["subject", "outcome"]
    list_select_related = ["unit", "officer"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
