from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    AgendaProposal,
    Commitment,
    DialogueBody,
    Invitation,
    InvitedOrganization,
    Meeting,
    MeetingRequest,
)
from portal import agenda
from portal.widgets import LongSelect
from stakeholders import pickers
from stakeholders.models import Contact, Organization

User = get_user_model()

REMINDER_CHOICES = [
    (10, _("10 minutes before")),
    (60, _("1 hour before")),
    (120, _("2 hours before")),
    (24 * 60, _("1 day before")),
    (2 * 24 * 60, _("2 days before")),
    (7 * 24 * 60, _("1 week before")),
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class MeetingForm(forms.ModelForm):
    """A meeting's own fields, with whom to invite when it is created."""

    start = forms.DateTimeField(
        label=_("Start"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    end = forms.DateTimeField(
        label=_("End"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    reminder_offsets = forms.TypedMultipleChoiceField(
        label=_("Reminders"),
        choices=REMINDER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sent by e-mail to every invitee who has not declined."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "body",
            "visibility",
            "start",
            "end",
            "venue",
            "online_url",
            "description",
            "agenda",
            "consultations",
            "recurrence",
            "recurrence_until",
            "recurrence_count",
            "reminder_offsets",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "consultations": forms.SelectMultiple(attrs={"size": 5}),
            "recurrence_until": DateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agenda.setup_field(self.fields["consultations"], user)
        if not self.instance.pk:
            self.initial.setdefault("reminder_offsets", [24 * 60, 60])
        if self.instance.series_id:
            for name in ("recurrence", "recurrence_until", "recurrence_count"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The meeting must end after it starts."))
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Give a venue, an online meeting link, or both."))
        if data.get("recurrence"):
            if not data.get("recurrence_until") and not data.get("recurrence_count"):
                self.add_error(
                    "recurrence_count",
                    _("A series needs an end date or a number of occurrences."),
                )
            until = data.get("recurrence_until")
            if until and start and until < timezone.localdate(start):
                self.add_error("recurrence_until", _("The series cannot end before it starts."))
        else:
            data["recurrence_until"] = None
            data["recurrence_count"] = None
        return data


class InviteeFields(forms.Form):
    organizations = pickers.OrganizationMultipleChoiceField(
        label=_("Invite organisations"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Their contacts who have an account or agreed to be contacted are invited."),
    )
    users = pickers.UserMultipleChoiceField(
        label=_("Invite portal users"),
        queryset=User.objects.none(),
        required=False,
    )
    contacts = pickers.ContactMultipleChoiceField(
        label=_("Invite contacts"),
        queryset=Contact.objects.none(),
        required=False,
    )

    def __init__(self, *args, visibility=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        )
        self.fields["users"].queryset = User.objects.filter(is_active=True)
        self.fields["contacts"].queryset = Contact.objects.exclude(email="").select_related(
            "organization"
        )
        self.visibility = visibility

    def clean(self):
        data = super().clean()
        if self.visibility == Meeting.Visibility.INTERNAL:
            outsiders = [u for u in data.get("users") or [] if not u.is_customs]
            if outsiders or data.get("organizations") or data.get("contacts"):
                raise forms.ValidationError(
                    _("An internal meeting can only have customs officers as invitees.")
                )
        return data


class NewMeetingForm(MeetingForm):
    """Creating a meeting: its fields and its first invitees."""

    organizations = InviteeFields.base_fields["organizations"]
    users = InviteeFields.base_fields["users"]
    contacts = InviteeFields.base_fields["contacts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        invitees = InviteeFields()
        for name in ("organizations", "users", "contacts"):
            self.fields[name].queryset = invitees.fields[name].queryset

    def clean(self):
        data = super().clean()
        check = InviteeFields(visibility=data.get("visibility"))
        check.cleaned_data = {n: data.get(n) for n in ("organizations", "users", "contacts")}
        try:
            check.clean()
        except forms.ValidationError as error:
            self.add_error("users", error)
        return data


class InviteForm(InviteeFields):
    pass


class ConflictOverrideForm(forms.Form):
    """The reason an officer gives to go ahead despite a declared conflict of interest
    (meetings.conflicts): shown with the warnings, on the form that raised them."""

    conflict_reason = forms.CharField(
        label=_("Reason to proceed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with your name in the record of overridden conflict warnings."),
    )


class OccurrenceMoveForm(forms.Form):
    start = forms.DateTimeField(
        label=_("New start"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    end = forms.DateTimeField(
        label=_("New end"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The meeting must end after it starts."))
        return data


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your reply"),
        choices=[
            (Invitation.Response.ACCEPTED, _("I will attend")),
            (Invitation.Response.TENTATIVE, _("I may attend")),
            (Invitation.Response.DECLINED, _("I will not attend")),
        ],
        widget=forms.RadioSelect,
    )


class AgendaProposalForm(forms.ModelForm):
    class Meta:
        model = AgendaProposal
        fields = ["title", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: # headings, - lists, **bold**, [links](https://...)."),
    )
    present_invitations = forms.ModelMultipleChoiceField(
        label=_("People present"),
        queryset=Invitation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    present_organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    cosign = forms.BooleanField(
        label=_("Ask the private-sector co-chair to validate these minutes"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, meeting, cochair=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered once, while nobody was asked yet and the body's co-chair has an account;
        # then it stays asked (publishing without it takes a reason).
        if meeting.minutes_cosign or cochair is None:
            del self.fields["cosign"]
        else:
            self.fields["cosign"].help_text = _(
                "%(name)s then approves each version or proposes changes; readers see the "
                "minutes once validated."
            ) % {"name": cochair.full_name or cochair.email}
        self.fields["present_invitations"].queryset = meeting.invitations.all()
        self.fields["present_organizations"].queryset = Organization.objects.filter(
            meeting_invitations__meeting=meeting
        )


class MinutesReviewForm(forms.Form):
    """The private-sector co-chair's answer to a draft of the minutes."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("approved", _("I approve these minutes")),
            ("changes_proposed", _("I propose changes")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you propose changes: say which ones."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes_proposed" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say which changes you propose."))
        return data


class PublishWithoutCosignForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for publishing without the co-chair's validation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to readers with the minutes."),
    )


class MinutesCompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["description", "organization", "responsible", "due_date", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}
        field_classes = {"organization": pickers.OrganizationChoiceField}

    def __init__(self, *args, tracked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.all()
        if tracked:
            # Its status follows the work that carries it out (meetings.tracking).
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not data.get("responsible"):
            self.add_error(
                "responsible", _("Say who made the commitment: an organisation, a person or both.")
            )
        return data


class BodyForm(forms.ModelForm):
    class Meta:
        model = DialogueBody
        fields = ["name", "acronym", "description", "customs_chair", "private_chair", "members"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {
            "customs_chair": pickers.UserChoiceField,
            "private_chair": pickers.ContactChoiceField,
            "members": pickers.OrganizationMultipleChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customs_chair"].queryset = User.objects.filter(kind=User.Kind.CUSTOMS)
        self.fields["private_chair"].queryset = Contact.objects.select_related("organization")


class MeetingRequestForm(forms.ModelForm):
    first_choice = forms.DateTimeField(
        label=_("Preferred date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    second_choice = forms.DateTimeField(
        label=_("Other possible date and time"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        required=False,
    )

    class Meta:
        model = MeetingRequest
        fields = ["subject", "details", "first_choice", "second_choice", "participants"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("first_choice", "second_choice"):
            if data.get(name) and data[name] <= now:
                self.add_error(name, _("Propose a date in the future."))
        return data


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the requester"), widget=forms.Textarea(attrs={"rows": 3})
    )


SELECT = {"class": "form-select"}


class CalendarFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=forms.Select(attrs=SELECT))
    body = forms.ModelChoiceField(
        label=_("Dialogue body"),
        queryset=DialogueBody.objects.all(),
        required=False,
        empty_label=_("All bodies"),
        widget=forms.Select(attrs=SELECT),
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organisations"),
        widget=LongSelect(attrs=SELECT),
    )

    def __init__(self, *args, user, start=None, end=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *Meeting.Kind.choices,
            ("forum", _("forum")),
        ]
        organizations = Organization.objects.visible_to(user)
        if start is not None and end is not None:
            # Only the organisations taking part in a meeting of the period shown (and the one
            # chosen, kept while paging through periods): a registry of thousands made the
            # calendar a page of hundreds of kilobytes, slow to render (bench/pages.py).
            meetings = Meeting.objects.visible_to(user).overlapping(start, end)
            taking_part = Q(
                pk__in=InvitedOrganization.objects.filter(meeting__in=meetings).values(
                    "organization_id"
                )
            )
            chosen = (self.data or {}).get("organization")
            if chosen and str(chosen).isascii() and str(chosen).isdigit():
                taking_part |= Q(pk=int(chosen))
            organizations = organizations.filter(taking_part)
        # Only what an option shows: some 250 organisations as full rows were a tenth of the
        # calendar's time (bench/_profile.py).
        self.fields["organization"].queryset = organizations.only("name", "acronym").order_by(
            "name"
        )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        found = {}
        if data.get("kind"):
            found["kind"] = data["kind"]
        if data.get("body"):
            found["body"] = data["body"].pk
        if data.get("organization"):
            found["organization"] = data["organization"].pk
        return found


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class ListFilterForm(SearchForm):
    """A list's filters: its search (unless `search=False`) and a status among `statuses`."""

    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses, search=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]
        if not search:
            del self.fields["q"]


class ReminderSettingsForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Send me e-mail reminders before my meetings"), required=False
    )


def upcoming_for_invitations(now=None):
    """The meetings an officer may invite organisations to from the registry: not over (a
    single meeting not ended yet, a series not ended by date), not cancelled nor held, and
    not internal (which takes officers only). Soonest first."""
    now = now or timezone.now()
    ongoing_series = ~Q(recurrence=Meeting.Recurrence.NONE) & (
        Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=timezone.localdate(now))
    )
    return (
        Meeting.objects.exclude(status__in=(Meeting.Status.CANCELLED, Meeting.Status.HELD))
        .exclude(visibility=Meeting.Visibility.INTERNAL)
        .filter(Q(end__gt=now) | ongoing_series)
        .order_by("start", "pk")
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        start = timezone.localtime(meeting.start)
        return f"{meeting.title} ({date_format(start, 'SHORT_DATETIME_FORMAT')})"


class InviteOrganizationsForm(forms.Form):
    """The meeting to which the organisations selected on the registry are invited."""

    meeting = MeetingChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), empty_label=_("Choose a meeting")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = upcoming_for_invitations()
