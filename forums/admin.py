"""The administration site: a back office. Writes that keep an invariant go through services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from forums.forms import ForumForm
from forums.models import Forum, ForumMessage, Registration, RegistrationEvent, Session
from forums.services import editing, seats


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title", "format", "start", "end", "room", "other_speakers", "capacity"]


class ForumAdminForm(forms.ModelForm):
    """The admin's own date widgets, the pages' fields, and the same capacity rule."""

    online_url = ForumForm.base_fields["online_url"]

    class Meta:
        model = Forum
        fields = ForumForm.Meta.fields

    def clean(self):
        data = super().clean()
        if self.instance.pk and "capacity" in data:
            problem = editing.capacity_problem(
                self.instance, data.get("capacity"), data.get("online_capacity")
            )
            if problem:
                self.add_error("capacity", problem)
        return data


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    form = ForumAdminForm
    list_display = ["title", "start", "city", "status", "visibility", "capacity"]
    list_filter = ["status", "scale", "visibility"]
    search_fields = ["title", "theme", "city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    filter_horizontal = ["partner_organizations", "invited_organizations"]
    # Status and held seats change through the forum's management page (forums.services.editing
    # and .seats).
    readonly_fields = ["status", "reserved_seats", "sequence"]
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):
        editing.save_forum(obj, acting_user=request.user)


class EventInline(admin.TabularInline):
    model = RegistrationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "from_status", "to_status", "actor", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Cancel the selected registrations (frees their seats)"))
def cancel_registrations(modeladmin, request, queryset):
    done = 0
    for registration in queryset:
        try:
            seats.cancel(
                registration, acting_user=request.user, note=_("from the administration site")
            )
            done += 1
        except seats.Refused as refusal:
            messages.warning(request, f"{registration}: {refusal.message}")
    messages.success(
        request,
        ngettext("%(count)s registration cancelled.", "%(count)s registrations cancelled.", done)
        % {"count": done},
    )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "forum", "status", "attendance_mode", "organization", "arrival"]
    list_filter = ["status", "attendance_mode", "is_guest", "forum"]
    search_fields = ["user__email", "user__full_name", "guest_name", "guest_email", "code"]
    list_select_related = ["forum", "user", "organization"]
    actions = [cancel_registrations]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Registration._meta.fields] + ["sessions"]

    def has_add_permission(self, request):
        return False  # registrations are made on the portal (forums.services.seats.register)


@admin.register(ForumMessage)
class ForumMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "forum", "recipients", "sent_by", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
