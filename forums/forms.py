from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from forums.models import RESERVED_SLUGS, Forum, Registration, Session
from portal import agenda
from stakeholders import pickers
from stakeholders.models import Category, Contact, Organization

Mode = Registration.Mode
Status = Registration.Status

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _session_label(session):
    start = formats.date_format(timezone.localtime(session.start), "SHORT_DATETIME_FORMAT")
    return f"{start} – {session.title}"


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _session_label(obj)


class _AttendanceFields(forms.Form):
    """What a registrant tells the organisers; shared by self-registration and guests."""

    def _setup_attendance(self, forum):
        modes = []
        if forum.offers_in_person:
            modes.append((Mode.IN_PERSON, Mode.IN_PERSON.label))
        if forum.offers_online:
            modes.append((Mode.ONLINE, Mode.ONLINE.label))
        self.fields["attendance_mode"].choices = modes
        self.fields["attendance_mode"].initial = modes[0][0] if modes else None
        sessions = forum.sessions.all()
        self.fields["sessions"].queryset = sessions
        if not sessions:
            del self.fields["sessions"]


class RegistrationForm(_AttendanceFields):
    attendance_mode = forms.ChoiceField(label=_("I will attend"), widget=forms.RadioSelect)
    sessions = SessionChoiceField(
        label=_("Sessions I am most interested in"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("For example: wheelchair access, sign-language interpretation."),
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    consent_to_list = forms.BooleanField(
        label=_("Show my name and organisation on the participants list"),
        required=False,
        help_text=_("Only people who agree appear on it. You can register without agreeing."),
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_attendance(forum)


class GuestForm(RegistrationForm):
    name = forms.CharField(label=_("Guest's full name"), max_length=150)
    email = forms.EmailField(
        label=_("Guest's e-mail"),
        required=False,
        help_text=_(
            "The confirmation and the check-in code are sent there. If it belongs to a portal "
            "account, the registration is tied to that account."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the guest's e-mails"), choices=settings.LANGUAGES, initial="fr"
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.all(), required=False
    )
    use_reserved_seat = forms.BooleanField(
        label=_("Use one of the reserved seats"),
        required=False,
        help_text=_("A reserved seat confirms the guest even when the forum is full."),
    )

    field_order = ["name", "email", "language", "organization", "use_reserved_seat"]

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, forum=forum, **kwargs)
        self.fields["attendance_mode"].label = _("Attendance")
        self.fields["consent_to_list"].label = _(
            "The guest agrees to appear on the participants list"
        )
        self.fields["consent_to_list"].help_text = ""
        if "sessions" in self.fields:
            self.fields["sessions"].label = _("Sessions of interest")
        if not forum.reserved_seats:
            del self.fields["use_reserved_seat"]


class ForumForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty if the forum cannot be followed online."),
    )

    class Meta:
        model = Forum
        fields = [
            "title",
            "slug",
            "theme",
            "scale",
            "description",
            "start",
            "end",
            "venue",
            "city",
            "country",
            "online_url",
            "working_languages",
            "organiser",
            "partner_organizations",
            "capacity",
            "online_capacity",
            "registration_opens_at",
            "registration_closes_at",
            "visibility",
            "invited_organizations",
            "per_organization_limit",
        ]
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {
            "partner_organizations": pickers.OrganizationMultipleChoiceField,
            "invited_organizations": pickers.OrganizationMultipleChoiceField,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved: choose another one."))
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if start and end and end <= start:
            self.add_error("end", _("The forum must end after it starts."))
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and end and closes > end:
            self.add_error(
                "registration_closes_at", _("Registration must close before the forum ends.")
            )
        if data.get("visibility") == Forum.Visibility.INVITED and not data.get(
            "invited_organizations"
        ):
            self.add_error(
                "invited_organizations",
                _(
                    "Choose the organisations invited to a forum open to invited "
                    "organisations only."
                ),
            )
        if not data.get("capacity") and not data.get("online_url"):
            self.add_error("capacity", _("Give seats in person, an online link, or both."))
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "format",
            "start",
            "end",
            "room",
            "description",
            "speakers",
            "other_speakers",
            "capacity",
            "consultations",
        ]
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "consultations": forms.SelectMultiple(attrs={"size": 5}),
        }
        field_classes = {"speakers": pickers.ContactMultipleChoiceField}

    def __init__(self, *args, forum, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        agenda.setup_field(self.fields["consultations"], user)
        self.fields["speakers"].queryset = Contact.objects.select_related("organization")
        self.fields["speakers"].label_from_instance = lambda contact: (
            f"{contact.name} ({contact.organization})"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The session must end after it starts."))
        if start and (start < self.forum.start or start >= self.forum.end):
            self.add_error("start", _("The session must take place during the forum."))
        if end and (end > self.forum.end or end <= self.forum.start):
            self.add_error("end", _("The session must take place during the forum."))
        return data


class OfficerCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (kept in the history)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"id": "cancel-note"}),
    )


class HoldSeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats held by Customs"), min_value=0)


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "placeholder": "K7M2-9QXD",
                "class": "form-control-lg checkin-code",
            }
        ),
    )


MESSAGE_STATUSES = [
    (Status.CONFIRMED, Status.CONFIRMED.label),
    (Status.WAITING, Status.WAITING.label),
    (Status.ATTENDED, Status.ATTENDED.label),
]


class CheckinSearchForm(forms.Form):
    """The door's search for someone who lost their code."""

    q = forms.CharField(
        label=_("Find by name, organisation or e-mail"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class MessageForm(forms.Form):
    statuses = forms.MultipleChoiceField(
        label=_("Send to the registrations that are"),
        choices=MESSAGE_STATUSES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Status.CONFIRMED],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))


class RegistrationFilterForm(forms.Form):
    """The officers' filters on a forum's registrations (GET)."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all"))] + list(Status.choices), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("all"),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("all"))] + list(Category.choices), required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            forum_registrations__forum=forum
        ).distinct()
        present = set(
            forum.registrations.exclude(organization__isnull=True).values_list(
                "organization__country", flat=True
            )
        )
        self.fields["country"].choices = [("", _("all"))] + [
            (code, name) for code, name in countries if code in present
        ]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filter(self, registrations):
        if not self.is_valid():
            return registrations
        data = self.cleaned_data
        if data.get("status"):
            registrations = registrations.filter(status=data["status"])
        if data.get("organization"):
            registrations = registrations.filter(organization=data["organization"])
        if data.get("category"):
            registrations = registrations.filter(organization__category=data["category"])
        if data.get("country"):
            registrations = registrations.filter(organization__country=data["country"])
        return registrations.search(data.get("q"))
