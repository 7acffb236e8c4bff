from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from actionplans import services
from actionplans.forms import (
    ActionFormMixin,
    PlanActionForm,
    PlanActionFormSet,
    PlanForm,
    ServedObjectivesMixin,
)
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


class ThroughServicesMixin:
    """Saves go through actionplans.services, as the portal's do (who may, closed plans,
    alignment, history): the object and its relations are saved together in save_related."""

    def save_model(self, request, obj, form, change):
        pass  # saved with its many-to-many fields and rows in save_related

    def save_related(self, request, form, formsets, change):
        self.save_through_services(request, form, formsets)


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(ThroughServicesMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "period_start", "period_end"]
    list_filter = ["integrity_factors"]
    search_fields = ["code", "title"]
    filter_horizontal = ["integrity_factors"]

    def save_through_services(self, request, form, formsets):
        services.save_objective(form, acting_user=request.user)


def _editable(plan):
    return plan is None or plan.is_editable


class ActionAdminForm(ActionFormMixin):
    class Meta(ActionFormMixin.Meta):
        fields = ["plan", *ActionFormMixin.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan" in self.fields:  # a closed plan takes no new actions
            self.fields["plan"].queryset = ActionPlan.objects.exclude(
                status=ActionPlan.Status.CLOSED
            )


class ActionInline(admin.TabularInline):
    """The plan's actions, checked as the plan page's rows are (alignment with the objectives
    ticked on the same page, codes without case) and saved by services.save_plan."""

    model = Action
    formset = PlanActionFormSet
    fields = PlanActionForm.Meta.fields  # the plan page's rows
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    fields = ["number", "approved_at", "approved_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PlanAdminForm(ServedObjectivesMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = PlanForm.Meta.fields


@admin.register(ActionPlan)
class ActionPlanAdmin(ThroughServicesMixin, SimpleHistoryAdmin):
    """A closed plan is read-only here as in the portal; saves go through services.save_plan
    (with the inline actions, in one transaction)."""

    form = PlanAdminForm
    list_display = ["title", "period_start", "period_end", "owning_unit", "status", "approved_at"]
    list_filter = ["status"]
    search_fields = ["title", "owning_unit"]
    filter_horizontal = ["objectives"]
    # Status and approval change only through the services (approve, put into effect, close),
    # so that every approval freezes a version.
    readonly_fields = ["status", "approved_by", "approved_at"]
    inlines = [ActionInline, PlanVersionInline]
    actions = ["approve", "activate", "close"]

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)

    def save_through_services(self, request, form, formsets):
        actions = next((f for f in formsets if f.model is Action), None)
        services.save_plan(form, acting_user=request.user, actions=actions)
        for formset in formsets:
            if formset is not actions:
                formset.save()  # the versions: read-only, so this changes nothing

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
class ActionAdmin(ThroughServicesMixin, SimpleHistoryAdmin):
    """The actions of a closed plan are read-only; saves go through services.save_action."""

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

    def has_change_permission(self, request, obj=None):
        return _editable(obj and obj.plan) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj and obj.plan) and super().has_delete_permission(request, obj)

    def save_through_services(self, request, form, formsets):
        services.save_action(form, acting_user=request.user)


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
