from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from actionplans import evidence
from actionplans.health import HEALTH_ORDER
from actionplans.models import (
    Action,
    ActionPlan,
    IntegrityFactor,
    StrategicObjective,
)
from portal.accounts.models import User
from portal.meetings.models import Commitment
from stakeholders.models import Assessment, Category, Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = StrategicObjective
        fields = [
            "code",
            "title",
            "description",
            "period_start",
            "period_end",
            "integrity_factors",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "integrity_factors": forms.CheckboxSelectMultiple(),
        }


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "description",
            "period_start",
            "period_end",
            "owning_unit",
            "objectives",
            "internal_notes",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "objectives": _("Every action of the plan serves one of these objectives."),
        }


def commitment_label(commitment):
    return _("%(meeting)s (%(date)s): %(what)s") % {
        "meeting": commitment.meeting.title,
        "date": formats.date_format(
            timezone.localtime(commitment.meeting.start), "SHORT_DATE_FORMAT"
        ),
        "what": str(commitment),
    }


class ActionFormMixin(forms.ModelForm):
    """The fields an action shares in the portal and in the administration site."""

    target_categories = forms.MultipleChoiceField(
        label=_("Target stakeholder categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_quadrants = forms.MultipleChoiceField(
        label=_("Target mapping quadrants"),
        choices=Assessment.Quadrant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        fields = [
            "code",
            "title",
            "description",
            "objective",
            "responsible",
            "responsible_unit",
            "partners",
            "target_categories",
            "target_quadrants",
            "start_date",
            "due_date",
            "priority",
            "status",
            "visibility",
            "indicator_name",
            "indicator_unit",
            "indicator_baseline",
            "indicator_target",
            "internal_notes",
            "commitment",
        ]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }
        error_messages = {
            "objective": {
                "required": _(
                    "Choose the strategic objective this action serves: every action is "
                    "aligned with the strategy."
                )
            }
        }
        help_texts = {
            "partners": _("Hold Ctrl (or Cmd) to choose several organisations."),
            "visibility": _("Public actions of an active plan are shown to partners."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A commitment is carried out by one action at most: offer those still free.
        free = Q(action__isnull=True)
        if self.instance.pk:
            free |= Q(action=self.instance.pk)
        self.fields["commitment"].queryset = (
            Commitment.objects.filter(free)
            .select_related("meeting")
            .order_by("-meeting__start", "pk")
        )
        self.fields["commitment"].label_from_instance = commitment_label
        self.fields["responsible"].queryset = User.objects.filter(
            kind=User.Kind.CUSTOMS, is_active=True
        ).order_by("full_name")
        self.fields["partners"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        ).order_by("name")


class ActionForm(ActionFormMixin):
    """An action of one plan, in the portal: its objective is one of the plan's."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["objective"].queryset = plan.objectives.all()
        self.fields["objective"].empty_label = _("Choose an objective")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Action.objects.filter(plan=self.instance.plan, code__iexact=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This plan already has an action with this code."))
        return code


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": evidence.ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    percent = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        help_text=_("How much of the action is done, from 0 to 100."),
    )
    indicator_value = forms.DecimalField(
        label=_("Indicator value"), max_digits=14, decimal_places=2, required=False
    )
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was achieved, what is blocking, what comes next."),
    )
    evidence = MultipleFileField(label=_("Evidence"), required=False)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["date"].initial = timezone.localdate()
        self.fields["percent"].initial = action.progress
        if action.indicator_name:
            unit = f" ({action.indicator_unit})" if action.indicator_unit else ""
            self.fields["indicator_value"].label = f"{action.indicator_name}{unit}"
        else:
            del self.fields["indicator_value"]
        self.fields["evidence"].help_text = _(
            "Up to %(count)s files of %(size)s MB each: PDF, PNG, JPEG, DOCX, XLSX or ODT."
        ) % {"count": evidence.max_files(), "size": evidence.max_bytes() // (1024 * 1024)}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Progress cannot be reported for a future date."))
        return day

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) > evidence.max_files():
            raise forms.ValidationError(
                _("Attach at most %(count)s files to one update."),
                params={"count": evidence.max_files()},
            )
        errors = []
        for upload in files:
            try:
                evidence.check(upload)
            except forms.ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise forms.ValidationError(errors)
        return files


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("What changed in this version"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "A sentence or two for the record, e.g. “Two actions added after the March forum”."
        ),
    )


class ExportForm(forms.Form):
    FORMATS = [("pdf", _("PDF report")), ("xlsx", _("Excel workbook (XLSX)"))]
    SCOPES = [
        ("all", _("All actions (internal use)")),
        ("public", _("Public actions only (for partners and funders)")),
    ]

    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="pdf")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    scope = forms.ChoiceField(label=_("Actions"), choices=SCOPES, initial="all")


def _health_choices():
    from actionplans.health import Health

    labels = dict(Health.choices)
    return [("", _("Any health"))] + [(value, labels[value]) for value in HEALTH_ORDER]


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label=_("All plans"),
    )
    health = forms.ChoiceField(label=_("Health"), required=False)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["health"].choices = _health_choices()


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ActionPlan.Status.choices],
    )


class ObjectiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    factor = forms.ModelChoiceField(
        label=_("Integrity factor"),
        queryset=IntegrityFactor.objects.all(),
        required=False,
        empty_label=_("Any factor"),
    )


class CommitmentActionForm(forms.Form):
    """Turn a commitment made at a meeting into an action of a plan (editors)."""

    plan = forms.ModelChoiceField(
        label=_("Action plan"), queryset=ActionPlan.objects.none(), empty_label=_("Choose a plan")
    )
    objective = forms.ModelChoiceField(
        label=_("Strategic objective"),
        queryset=StrategicObjective.objects.none(),
        empty_label=_("Choose an objective"),
        help_text=_("One of the objectives the chosen plan serves."),
    )
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=250)
    responsible = forms.ModelChoiceField(
        label=_("Responsible officer"), queryset=User.objects.none()
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Action.Visibility.choices,
        initial=Action.Visibility.INTERNAL,
        help_text=_("Public actions of an active plan are shown to partners."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ActionPlan.objects.exclude(
            status=ActionPlan.Status.CLOSED
        ).order_by("-period_start", "title")
        self.fields["objective"].queryset = StrategicObjective.objects.order_by("code")
        self.fields["responsible"].queryset = User.objects.filter(
            kind=User.Kind.CUSTOMS, is_active=True
        ).order_by("full_name")

    def clean(self):
        data = super().clean()
        plan, objective = data.get("plan"), data.get("objective")
        if plan and objective and not plan.objectives.filter(pk=objective.pk).exists():
            self.add_error(
                "objective",
                _(
                    "Choose one of the objectives this plan serves: every action is aligned "
                    "with the strategy through its plan."
                ),
            )
        code = (data.get("code") or "").strip()
        if plan and code and Action.objects.filter(plan=plan, code__iexact=code).exists():
            self.add_error("code", _("This plan already has an action with this code."))
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data
