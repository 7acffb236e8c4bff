from django.contrib import admin

from announcements.models import Announcement, AnnouncementOrganization
from portal.admin import ReadOnlyAdmin


class ReachedInline(admin.TabularInline):
    model = AnnouncementOrganization
    fields = ["organization", "contacts"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """A record of what was written to whom: made by services.send_announcement only, and
    never deleted (its e-mails are gone)."""

    list_display = ["subject", "author", "sent_at", "recipients"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    readonly_fields = ["subject", "body", "filters", "author", "recipients", "sent_at"]
    fields = readonly_fields
    inlines = [ReachedInline]
