from django.contrib import admin

from portal.admin import ReadOnlyAdmin
from portal.notifications.models import (
    Announcement,
    AnnouncementOrganization,
    Heartbeat,
    Notification,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "email", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "key"]
    date_hierarchy = "due_at"
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]


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
