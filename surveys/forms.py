"""The officers' forms that build a survey, and the form a respondent fills in."""

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from meetings.models import DialogueBody, Meeting
from stakeholders import pickers
from surveys.models import Question, Section, Survey
from surveys.services.answers import clean_value, is_shown
from surveys.services.building import Refused

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Paths under /surveys/ that a survey's short name would hide.
RESERVED_SLUGS = {"manage"}
Kind = Question.Kind
# Answer.number holds 12 digits before the decimal point.
LARGEST = 10**12


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {date_format(obj.start, 'DATE_FORMAT')}"


class ForumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {date_format(obj.start, 'DATE_FORMAT')}"


class SurveyForm(forms.ModelForm):
    forum = ForumChoiceField(
        label=_("forum"), queryset=Forum.objects.order_by("-start"), required=False
    )
    meeting = MeetingChoiceField(
        label=_("meeting"), queryset=Meeting.objects.order_by("-start"), required=False
    )

    class Meta:
        model = Survey
        fields = [
            "title_fr",
            "title_en",
            "slug",
            "intro_fr",
            "intro_en",
            "anonymous",
            "audience",
            "organizations",
            "bodies",
            "forum",
            "meeting",
            "opens_at",
            "closes_at",
            "series",
            "wave",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "intro_fr": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
            "bodies": forms.CheckboxSelectMultiple,
        }
        field_classes = {"organizations": pickers.OrganizationMultipleChoiceField}
        help_texts = {
            "organizations": _("For the audience “members of chosen organisations”."),
            "bodies": _("Their member organisations’ representatives are in the audience."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = DialogueBody.objects.order_by("name")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved: choose another one."))
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        audience = data.get("audience")
        if audience == Survey.Audience.FORUM and not data.get("forum"):
            self.add_error("forum", _("Choose the forum whose attendees the survey is for."))
        if audience == Survey.Audience.MEETING and not data.get("meeting"):
            self.add_error("meeting", _("Choose the meeting whose attendees the survey is for."))
        if (
            audience == Survey.Audience.ORGANIZATIONS
            and not data.get("organizations")
            and not data.get("bodies")
        ):
            self.add_error(
                "organizations",
                _("Choose the organisations or dialogue bodies the survey is for."),
            )
        return data


class SurveyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("any"))] + Survey.Status.choices
    )
    audience = forms.ChoiceField(
        label=_("audience"), required=False, choices=[("", _("any"))] + Survey.Audience.choices
    )

    def filter(self, surveys):
        if not self.is_valid():
            return surveys
        query = self.cleaned_data["q"].replace("\x00", "").strip()
        if query:
            surveys = surveys.filter(
                Q(title_fr__icontains=query)
                | Q(title_en__icontains=query)
                | Q(slug__icontains=query)
                | Q(series__icontains=query)
            )
        if self.cleaned_data["status"]:
            surveys = surveys.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["audience"]:
            surveys = surveys.filter(audience=self.cleaned_data["audience"])
        return surveys


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_fr", "title_en", "description_fr", "description_en"]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


def earlier_questions(survey, question=None, section=None):
    """The questions a question may depend on: the scale and choice questions before it (for
    a new question, before the end of its section)."""
    ordered = list(
        Question.objects.filter(section__survey=survey)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__position", "section", "position", "pk")
    )
    earlier = []
    for each in ordered:
        if question is not None and question.pk and each.pk == question.pk:
            break
        if question is None or not question.pk:
            if section is not None and each.section.position > section.position:
                break
        earlier.append(each)
    return [q for q in earlier if q.kind in (Kind.LIKERT, Kind.SINGLE, Kind.MULTIPLE)]


def answers_of(question):
    """(value, label) for the answers one may give to a scale or choice question."""
    if question.kind == Kind.LIKERT:
        return [(str(point), f"{point} – {label}") for point, label in question.likert_labels()]
    return [(str(choice.pk), choice.label) for choice in question.choices.all()]


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For a choice question: one choice per line, French first, then a vertical bar "
            "and the English, e.g. “Petite entreprise | Small business”."
        ),
    )
    show_if_values = forms.MultipleChoiceField(
        label=_("is one of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the answers, of the question chosen above, that show this question."),
    )

    class Meta:
        model = Question
        fields = [
            "code",
            "kind",
            "text_fr",
            "text_en",
            "help_fr",
            "help_en",
            "required",
            "scale",
            "min_value",
            "max_value",
            "choices_text",
            "breakdown",
            "show_if",
            "show_if_values",
        ]

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.section = section
        candidates = earlier_questions(section.survey, self.instance, section)
        self.fields["show_if"].queryset = Question.objects.filter(pk__in=[q.pk for q in candidates])
        self.fields["show_if"].label_from_instance = lambda q: f"{q.code} — {q.text}"
        self.fields["show_if"].help_text = _(
            "Leave empty to show the question always. Only earlier scale and choice questions "
            "can be chosen."
        )
        self.fields["show_if_values"].choices = [
            (f"{q.pk}:{value}", f"{q.code}: {label}")
            for q in candidates
            for value, label in answers_of(q)
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(
                f"{c.label_fr} | {c.label_en}" if c.label_en else c.label_fr
                for c in self.instance.choices.order_by("position", "pk")
            )
            self.initial["show_if_values"] = [
                f"{self.instance.show_if_id}:{value}" for value in self.instance.show_if_values
            ]

    def clean_choices_text(self):
        labels = []
        for line in self.cleaned_data["choices_text"].splitlines():
            line = line.strip()
            if not line:
                continue
            french, _bar, english = line.partition("|")
            french, english = french.strip(), english.strip()
            if not french:
                raise forms.ValidationError(_("Each choice needs its French label."))
            if len(french) > 200 or len(english) > 200:
                raise forms.ValidationError(_("A choice's label is at most 200 characters."))
            labels.append((french, english))
        return labels

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (Kind.SINGLE, Kind.MULTIPLE) and len(data.get("choices_text") or []) < 2:
            self.add_error("choices_text", _("A choice question needs at least two choices."))
        if kind and kind not in (Kind.SINGLE, Kind.MULTIPLE) and data.get("choices_text"):
            self.add_error(
                "choices_text",
                _("Only a choice question has choices: empty this box or choose a choice kind."),
            )
        if data.get("breakdown") and kind != Kind.SINGLE:
            self.add_error(
                "breakdown", _("Only a single-choice question can break the results down.")
            )
        low, high = data.get("min_value"), data.get("max_value")
        if kind == Kind.NUMBER and low is not None and high is not None and high < low:
            self.add_error("max_value", _("The largest number must not be below the smallest."))
        code = data.get("code")
        if (
            code
            and Question.objects.filter(section__survey=self.instance.section.survey, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("code", _("Another question of this survey has this code."))
        condition = data.get("show_if")
        values = data.get("show_if_values") or []
        if condition is not None:
            prefix = f"{condition.pk}:"
            if not values:
                self.add_error("show_if_values", _("Choose the answers that show this question."))
            elif any(not value.startswith(prefix) for value in values):
                self.add_error(
                    "show_if_values", _("Choose only answers of the question chosen above.")
                )
            data["show_if_values"] = [value.removeprefix(prefix) for value in values]
        elif values:
            self.add_error("show_if", _("Choose the question whose answers show this one."))
        return data

    def _post_clean(self):
        # The model's show_if_values is set from the cleaned list above.
        super()._post_clean()
        if "show_if_values" in self.cleaned_data:
            self.instance.show_if_values = self.cleaned_data["show_if_values"]


class WaveForm(forms.Form):
    slug = forms.SlugField(
        label=_("short name in the address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. trust-survey-2027."),
    )
    wave = forms.CharField(
        label=_("wave"), max_length=100, help_text=_("e.g. Baseline 2026, Follow-up 2027.")
    )
    opens_at = forms.DateTimeField(label=_("opens"), required=False, widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("closes"), required=False, widget=DATETIME_WIDGET)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved: choose another one."))
        if Survey.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another survey has this short name."))
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


def field_name(question):
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question, all optional for the form: which questions are shown, and so
    required, depends on the other answers (surveys.services.answers decides)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = self._field(question)

    def _field(self, question):
        common = {"label": question.text, "required": False, "help_text": question.help}
        if question.kind == Kind.LIKERT:
            return forms.ChoiceField(
                choices=[(str(point), label) for point, label in question.likert_labels()],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == Kind.SINGLE:
            return forms.ChoiceField(
                choices=[(str(c.pk), c.label) for c in question.choices.all()],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(str(c.pk), c.label) for c in question.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if question.kind == Kind.NUMBER:
            attrs = {"step": "any"}
            if question.min_value is not None:
                attrs["min"] = question.min_value
            if question.max_value is not None:
                attrs["max"] = question.max_value
            return forms.CharField(max_length=30, widget=forms.NumberInput(attrs=attrs), **common)
        if question.kind == Kind.SHORT_TEXT:
            return forms.CharField(max_length=500, **common)
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)

    def clean(self):
        """Each shown question's answer checked as the service will (every error at once,
        by its question); hidden ones are left out."""
        data = super().clean()
        values, answers = {}, {}
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            raw = data.get(name)
            if not is_shown(question, values):
                continue
            try:
                value = clean_value(question, raw)
            except Refused as refusal:
                self.add_error(name, refusal.message)
                continue
            if question.kind == Kind.NUMBER and value is not None and abs(value) >= LARGEST:
                # Beyond what an answer's number column holds.
                self.add_error(name, gettext("Enter a smaller number."))
                continue
            if value is None:
                if question.required:
                    self.add_error(name, gettext("This question needs an answer."))
                continue
            values[question.pk] = value
            answers[question.pk] = raw
        self.answers = answers
        return data

    def bound_questions(self):
        """(question, bound field) in order, for the template."""
        return [(question, self[field_name(question)]) for question in self.questions]


def _condition_labels(condition, values):
    if condition.kind == Kind.LIKERT:
        labels = dict(condition.likert_labels())
        return [str(labels.get(int(value), value)) for value in values if str(value).isdigit()]
    labels = {str(choice.pk): choice.label for choice in condition.choices.all()}
    return [labels[str(value)] for value in values if str(value) in labels]


def layout(form):
    """The answer form as the page draws it: [(section, [item, …]), …], each item a dict with
    the question, its bound field, its number in the survey, and for a conditional question
    the number of the question it depends on and the answers that show it."""
    numbers = {question.pk: index for index, question in enumerate(form.questions, start=1)}
    by_pk = {question.pk: question for question in form.questions}
    sections = []
    for question in form.questions:
        field = form[field_name(question)]
        widget = field.field.widget
        if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-control is-invalid" if field.errors else "form-control"
            widget.attrs["class"] = css
            if field.errors:
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{field.auto_id}-error"
        item = {"question": question, "field": field, "number": numbers[question.pk]}
        condition = by_pk.get(question.show_if_id)
        if condition is not None:
            item["condition"] = {
                "number": numbers[condition.pk],
                "field": field_name(condition),
                "values": [str(value) for value in question.show_if_values],
                "answers": gettext(" or ").join(
                    gettext("“%(answer)s”") % {"answer": label}
                    for label in _condition_labels(condition, question.show_if_values)
                ),
            }
        if not sections or sections[-1][0].pk != question.section_id:
            sections.append((question.section, []))
        sections[-1][1].append(item)
    return sections
