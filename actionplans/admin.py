from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from actionplans import services
from actionplans.forms import ActionFormMixin
from actionplans.models import (
    Action,
    ActionPlan,
    Evidence,
    IntegrityFactor,
    PlanVersion,
    ProgressUpdate,
    StrategicObjective,
)


@admin.register(IntegrityFactor)
class IntegrityFactorAdmin(admin.ModelAdmin):
    """The Declaration's ten factors are fixed (seeded by a migration)."""

    list_display = ["__str__", "code", "position"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "period_start", "period_end"]
    list_filter = ["integrity_factors"]
    search_fields = ["code", "title"]
    filter_horizontal = ["integrity_factors"]


class ActionAdminForm(ActionFormMixin):
    class Meta(ActionFormMixin.Meta):
        fields = ["plan", *ActionFormMixin.Meta.fields]


class ActionInline(admin.TabularInline):
    model = Action
    fields = [
        "code",
        "title",
        "objective",
        "responsible",
        "start_date",
        "due_date",
        "status",
        "visibility",
    ]
    extra = 0
    show_change_link = True


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    fields = ["number", "approved_at", "approved_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period_start", "period_end", "owning_unit", "status", "approved_at"]
    list_filter = ["status"]
    search_fields = ["title", "owning_unit"]
    filter_horizontal = ["objectives"]
    # Status and approval change only through the services (approve, put into effect, close),
    # so that every approval freezes a version.
    readonly_fields = ["status", "approved_by", "approved_at"]
    inlines = [ActionInline, PlanVersionInline]
    actions = ["approve", "activate", "close"]

    def _run(self, request, queryset, service, done_message):
        done = 0
        for plan in queryset:
            try:
                service(plan, acting_user=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error) or _("Not allowed.")]))
                self.message_user(request, f"{plan}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Approve the selected plans (freezes a version)"))
    def approve(self, request, queryset):
        self._run(
            request,
            queryset,
            services.approve_plan,
            lambda n: (
                ngettext("%(count)d plan approved.", "%(count)d plans approved.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Put the selected plans into effect"))
    def activate(self, request, queryset):
        self._run(
            request,
            queryset,
            services.activate_plan,
            lambda n: (
                ngettext("%(count)d plan put into effect.", "%(count)d plans put into effect.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Close the selected plans"))
    def close(self, request, queryset):
        self._run(
            request,
            queryset,
            services.close_plan,
            lambda n: (
                ngettext("%(count)d plan closed.", "%(count)d plans closed.", n) % {"count": n}
            ),
        )


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = [
        "code",
        "title",
        "plan",
        "objective",
        "responsible",
        "due_date",
        "status",
        "visibility",
    ]
    list_filter = ["plan", "status", "visibility", "priority", "objective"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["plan", "objective", "responsible"]
    filter_horizontal = ["partners"]
    date_hierarchy = "due_date"


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    """Progress is reported in the portal (services.record_progress checks who may); the
    administration site shows it."""

    list_display = ["action", "date", "percent", "author", "created_at"]
    list_filter = ["action__plan"]
    search_fields = ["action__code", "action__title", "narrative"]
    list_select_related = ["action", "author"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Versions are frozen: made by approving a plan, never edited."""

    list_display = ["plan", "number", "approved_at", "approved_by"]
    list_filter = ["plan"]
    readonly_fields = ["plan", "number", "approved_at", "approved_by", "note", "snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
