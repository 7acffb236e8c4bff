from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actionplans import evidence
from actionplans.dashboard import CANCELLED, CONTESTED
from actionplans.health import HEALTH_ORDER, Health
from actionplans.models import (
    ACTION_COMMITMENT_FIELDS,
    Action,
    ActionPlan,
    Contestation,
    IntegrityFactor,
    StrategicObjective,
)
from meetings.models import Commitment
from portal import permissions
from stakeholders import pickers
from stakeholders.models import Assessment, Category, Organization
from surveys.models import Question


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


class ServedObjectivesMixin:
    """A plan form that, once valid, gives its plan the objectives ticked, so that the
    actions saved with it are checked against the plan as it will be (ActionPlan.serves)."""

    def clean(self):
        data = super().clean()
        if "objectives" in data:
            self.instance.submitted_objectives = list(data["objectives"])
        return data


class PlanForm(ServedObjectivesMixin, forms.ModelForm):
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
        fields = [*ACTION_COMMITMENT_FIELDS, "indicator_question", "internal_notes", "commitment"]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"partners": pickers.OrganizationMultipleChoiceField}
        error_messages = {
            "objective": {
                "required": _(
                    "Choose the strategic objective this action serves: every action is "
                    "aligned with the strategy."
                )
            }
        }
        help_texts = {
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
        self.fields["responsible"].queryset = permissions.customs_officers()
        if "indicator_question" in self.fields:
            indicator_question_choices(self.fields["indicator_question"])
        self.fields["partners"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        ).order_by("name")


def indicator_question_choices(field):
    """The scale and number questions of the surveys, grouped by survey series (or by survey
    when it has none), as the indicator's select offers them."""
    questions = (
        Question.objects.filter(kind__in=[Question.Kind.LIKERT, Question.Kind.NUMBER])
        .select_related("section__survey")
        .order_by(
            "section__survey__series",
            "-section__survey__opens_at",
            "section__position",
            "position",
            "pk",
        )
    )
    field.queryset = questions
    groups = {}
    for question in questions:
        survey = question.section.survey
        label = f"{survey.wave or survey.title} – {question.code}: {question.text}"
        groups.setdefault(survey.series or survey.title, []).append((question.pk, label))
    field.choices = [("", "---------"), *groups.items()]


class ActionForm(ActionFormMixin):
    """An action of one plan, in the portal: its objective is one of the plan's."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["objective"].queryset = plan.objectives.all()
        self.fields["objective"].empty_label = _("Choose an objective")

    def _get_validation_exclusions(self):
        # The plan is the view's, not a field: validate it all the same, so that the model's
        # constraints on it (one code per plan) are checked.
        exclude = super()._get_validation_exclusions()
        exclude.discard("plan")
        return exclude


class PreloadedChoiceField(forms.TypedChoiceField):
    """A choice among model objects read once for a whole formset, not once per row.

    Its cleaned value is the object, as a ModelChoiceField's would be.
    """

    def __init__(self, objects, *, empty_label, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", empty_label)] + [(key, str(obj)) for key, obj in self.objects.items()]
        super().__init__(choices=choices, coerce=self._object, empty_value=None, **kwargs)

    def _object(self, value):
        key = str(getattr(value, "pk", value))
        if key not in self.objects:
            raise ValueError(value)
        return self.objects[key]

    def prepare_value(self, value):
        return getattr(value, "pk", value)


class PlanActionForm(forms.ModelForm):
    """One action in the plan page's list: its key fields, changed in place.

    The other fields are on the action's own page. A row left as it was is neither checked
    nor saved again (services.save_plan still checks that its objective is one the plan
    serves); a new row takes the plan's owning unit as its responsible unit.
    """

    class Meta:
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
        widgets = {"start_date": DateInput(), "due_date": DateInput()}

    def __init__(self, *args, objectives, officers, **kwargs):
        super().__init__(*args, **kwargs)
        for name, objects, empty in [
            ("objective", objectives, _("Choose an objective")),
            ("responsible", officers, _("Choose an officer")),
        ]:
            self.fields[name] = PreloadedChoiceField(
                objects,
                label=capfirst(Action._meta.get_field(name).verbose_name),
                empty_label=empty,
                error_messages=ActionFormMixin.Meta.error_messages.get(name, {}),
            )

    def full_clean(self):
        if self.is_bound and self.instance.pk and not self.has_changed():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class PlanActionFormSet(forms.BaseInlineFormSet):
    """The plan's actions (in code order, the model's) and a few empty rows to add actions.

    Codes are compared without case across the rows: every action of the plan is a row, so
    this is the database's constraint, told on the row before the save would fail.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None and not form.instance.responsible_unit:
            form.instance.responsible_unit = self.instance.owning_unit
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form.empty_permitted and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            code = form.cleaned_data.get("code") if form.cleaned_data else form.instance.code
            if not code:
                continue
            if code.casefold() in seen:
                form.add_error("code", _("This plan already has an action with this code."))
            seen.add(code.casefold())


def plan_actions_formset(plan, data=None, *, extra=3):
    """The formset of the plan page, its choices read once: the objectives the plan serves
    (with those ticked in the same post) and the officers who may be made responsible (with
    those the actions have, so that a row left as it was reads as unchanged)."""
    ticked = []
    if data is not None:
        ticked = [v for v in data.getlist("objectives") if v.isascii() and v.isdigit()]
    objectives = StrategicObjective.objects.filter(
        Q(plans=plan) | Q(pk__in=ticked) | Q(actions__plan=plan)
    )
    officers = get_user_model().objects.filter(
        permissions.customs_officers_q() | Q(responsible_actions__plan=plan)
    )
    formset = forms.inlineformset_factory(
        ActionPlan,
        Action,
        form=PlanActionForm,
        formset=PlanActionFormSet,
        extra=extra,
        can_delete=False,
    )
    return formset(
        data,
        instance=plan,
        prefix="actions",
        form_kwargs={
            "objectives": list(objectives.distinct().order_by("code")),
            "officers": list(officers.distinct().order_by("full_name", "pk")),
        },
    )


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
    """Turn a commitment made at a meeting into an action of a plan (editors).

    What the action must be (aligned with the plan, a free code, dates in order) is checked by
    Action's own validation, which services.action_from_commitment runs; the view shows its
    errors on these fields.
    """

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
        label=_("Responsible officer"), queryset=permissions.customs_officers().none()
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
        self.fields["responsible"].queryset = permissions.customs_officers()


class DashboardActionFilterForm(forms.Form):
    """Filters of the list of a plan's actions on its dashboard."""

    q = forms.CharField(label=_("Search"), required=False)
    health = forms.ChoiceField(label=_("Health"), required=False)
    objective = forms.TypedChoiceField(
        label=_("Strategic objective"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["health"].choices = [
            ("", _("Any health")),
            *((value, Health(value).label) for value in HEALTH_ORDER),
            (CANCELLED, _("cancelled")),
            (CONTESTED, pgettext_lazy("action", "contested")),
        ]
        self.fields["objective"].choices = [
            ("", _("Any objective")),
            *((str(objective.pk), objective.code) for objective in objectives),
        ]


class ContestForm(forms.Form):
    """A representative's contestation of an action's reported status or progress
    (actionplans.contests.contest)."""

    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), empty_label=None
    )
    subject = forms.ChoiceField(
        label=_("What do you contest?"),
        choices=Contestation.Subject.choices,
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Why"),
        max_length=Contestation.STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A short, reasoned statement (at most 1000 characters): what is wrong in what is "
            "reported, and what you see on the ground. It is published on the board."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Do not name my organisation on the board"),
        required=False,
        help_text=_(
            "The board then says “a partner organisation”. Customs still knows who filed it, "
            "to answer you and to deal with abuse."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": evidence.ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # A select even with one choice: the reader sees on whose behalf the statement goes
        # out, and a forged value is told on the field.
        self.fields["organization"].queryset = organizations
        self.fields["attachment"].help_text = _(
            "One file of at most %(size)s MB: PDF, PNG, JPEG, DOCX, XLSX or ODT. Anyone may "
            "download it from the board unless you stay anonymous."
        ) % {"size": evidence.max_bytes() // (1024 * 1024)}

    def clean_statement(self):
        statement = self.cleaned_data["statement"].strip()
        if not statement:
            raise forms.ValidationError(_("Say why the reported status or progress is wrong."))
        return statement

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            evidence.check(upload)
        return upload


class ContestationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Published on the board beside the statement. Answering closes the contestation: "
            "the action is no longer shown as contested."
        ),
    )


class ContestationModerateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the board instead of the statement, e.g. “insulting language” or "
            "“names a person”."
        ),
    )
