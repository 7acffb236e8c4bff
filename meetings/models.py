"""Meetings between Customs and its partners: dialogue bodies, meetings (single or a recurring
series), invitations and replies, agenda proposals, minutes, commitments and meeting requests.

Who may see a meeting is decided in `MeetingQuerySet.visible_to` only; every page, the shared
calendar, the feeds, the e-mails and the register of contacts go through it.
"""

import functools
import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from dateutil import rrule
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal import calendar, permissions
from stakeholders.models import represented_ids

# A series never expands to more than this many occurrences, whatever its count or end date.
MAX_OCCURRENCES = 500
# How each kind of series repeats, (frequency, interval), in dateutil's and iCalendar's words
# alike: the expansion (Meeting._rule) and the RRULE of invitations (recurrence_rule) read it.
REPEATS = {"weekly": ("WEEKLY", 1), "monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3)}
DEFAULT_REMINDER_OFFSETS = [24 * 60, 60]  # minutes before the start


def default_reminder_offsets():
    return list(DEFAULT_REMINDER_OFFSETS)


def new_token():
    return secrets.token_urlsafe(24)


def occurrence_stamp(moment):
    """The compact UTC form of an occurrence's original start, used in URLs and UIDs."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class DialogueBodyQuerySet(models.QuerySet):
    def with_chairs(self):
        # Members are listed by Organization.objects.visible_to, which hides the unverified.
        return self.select_related("customs_chair", "private_chair__organization")


class DialogueBody(models.Model):
    """A standing framework meetings belong to (the consultative framework, a committee...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    customs_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Customs co-chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "customs"},
    )
    private_chair = models.ForeignKey(
        "stakeholders.Contact",
        verbose_name=_("private-sector co-chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("member organisations"),
        blank=True,
        related_name="dialogue_bodies",
    )

    history = HistoricalRecords(m2m_fields=[members])
    objects = DialogueBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue body")
        verbose_name_plural = _("dialogue bodies")
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("meetings:body", args=[self.pk])


def _url(name, *args):
    """reverse(), remembered in the process: the calendar and the feeds ask for the same
    meetings' URLs on every request, and reverse() was a sixth of a feed's time. The URL
    configuration and the script prefix in force are part of the key."""
    return _remembered_url(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=20_000)
def _remembered_url(name, args, urlconf, prefix):
    return reverse(name, args=args, urlconf=urlconf)


def reminder_offsets(minutes):
    """A meeting's reminder_offsets (minutes before the start, as stored) as timedeltas."""
    return [timedelta(minutes=int(m)) for m in (minutes or [])]


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule of who sees which meeting.

        Public meetings: everyone. Partners: any signed-in user. Invitees only: the people
        invited (in person, through their contact record, or through their organisation) and
        the organiser. Internal: customs officers only. Officers see every meeting.
        """
        if user is not None and permissions.is_customs(user):
            return self
        public = Q(visibility=Meeting.Visibility.PUBLIC)
        if user is None or not user.is_authenticated or not user.is_active:
            return self.filter(public)
        invited = Invitation.objects.filter(Q(user=user) | Q(contact__user=user)).values(
            "meeting_id"
        )
        org_invited = InvitedOrganization.objects.filter(
            organization__in=represented_ids(user)
        ).values("meeting_id")
        return self.filter(
            public
            | Q(visibility=Meeting.Visibility.PARTNERS)
            | (
                Q(visibility=Meeting.Visibility.INVITEES)
                & (Q(pk__in=invited) | Q(pk__in=org_invited) | Q(organiser=user))
            )
        )

    def minutes_visible_to(self, user):
        """Meetings whose minutes `user` may read: shared with the participants, public when
        the meeting is public, and all of them for officers."""
        visible = self.visible_to(user)
        if user is not None and permissions.is_customs(user):
            return visible
        if user is None or not user.is_authenticated:
            return visible.filter(visibility=Meeting.Visibility.PUBLIC)
        invited = Invitation.objects.filter(Q(user=user) | Q(contact__user=user)).values(
            "meeting_id"
        )
        org_invited = InvitedOrganization.objects.filter(
            organization__in=represented_ids(user)
        ).values("meeting_id")
        return visible.filter(
            Q(visibility=Meeting.Visibility.PUBLIC) | Q(pk__in=invited) | Q(pk__in=org_invited)
        )

    def cosigned_by(self, user):
        """Meetings whose minutes `user` validates as the private-sector co-chair: minutes
        that need co-signing, of a body whose private-sector co-chair is the contact tied to
        `user`'s account (an approved member of the co-chair's organisation,
        stakeholders.membership). Never an internal meeting."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(minutes_cosign=True, body__private_chair__user=user).exclude(
            visibility=Meeting.Visibility.INTERNAL
        )

    def for_calendar(self):
        """The meetings with what expanding them reads, as a list: the exceptions and the
        occurrences held on their own, fetched for the series only. A single meeting has
        neither, and prefetching them for a hundred meetings (Django prepares a queryset per
        meeting and relation) cost more than building the calendar's entries. Without the
        long texts no entry shows (agenda, minutes) and the reminders' JSON."""
        meetings = list(self.select_related("body").defer("agenda", "minutes", "reminder_offsets"))
        prefetch_related_objects(
            [meeting for meeting in meetings if meeting.is_series], "exceptions", "detached"
        )
        return meetings

    def overlapping(self, start, end):
        """Meetings that may have an occurrence overlapping [start, end): a single meeting
        that does, or a series that starts before `end` (its expansion decides the rest)."""
        single = Q(recurrence=Meeting.Recurrence.NONE, start__lt=end, end__gt=start)
        series = ~Q(recurrence=Meeting.Recurrence.NONE) & Q(start__lt=end)
        # A series that ended (by date) before the range cannot reach it, except through an
        # occurrence moved later: keep those.
        ended = Q(recurrence_until__lt=(start - timedelta(days=1)).date()) & ~Q(
            exceptions__new_start__gte=start - timedelta(days=1)
        )
        return self.filter(single | (series & ~ended))

    def held_with_private_sector(self, organization=None):
        """Held meetings between Customs and the private sector (each one gets an entry in the
        integrity app's public register of contacts): at least one private-sector organisation
        took part. Internal meetings never are.

        An organisation took part when the attendance says it was present; for a meeting
        whose attendance was not recorded (no person nor organisation marked present), when
        it was invited (in its own name or through one of its people). With `organization`,
        only the meetings that organisation took part in, by the same rule.
        """
        from stakeholders.models import Organization

        held = self.filter(status=Meeting.Status.HELD).exclude(
            visibility=Meeting.Visibility.INTERNAL
        )
        held = held.filter(
            _took_part(Organization.objects.private_sector()) | _private_person_took_part()
        )
        if organization is not None:
            held = held.filter(_took_part(Organization.objects.filter(pk=organization.pk)))
        return held


def _took_part(organizations):
    """A Q on Meeting: one of `organizations` took part (see held_with_private_sector)."""
    links = InvitedOrganization.objects.filter(
        meeting=models.OuterRef("pk"), organization__in=organizations
    )
    people = Invitation.objects.filter(
        meeting=models.OuterRef("pk"), organization__in=organizations
    )
    invited = models.Exists(links) | models.Exists(people)
    return Q(models.Exists(links.filter(attended=True))) | (~_recorded() & invited)


def _recorded():
    """An expression on Meeting: its attendance was recorded (someone marked present)."""
    return models.Exists(
        InvitedOrganization.objects.filter(meeting=models.OuterRef("pk"), attended=True)
    ) | models.Exists(Invitation.objects.filter(meeting=models.OuterRef("pk"), attended=True))


def _private_persons():
    """Invitations of private persons: private-sector accounts invited in their own name."""
    return Invitation.objects.filter(
        meeting=models.OuterRef("pk"),
        organization__isnull=True,
        user__kind="private",
    )


def _private_person_took_part():
    """A Q on Meeting: a private person took part (present, or invited when the attendance
    was not recorded), by the rule of _took_part."""
    people = _private_persons()
    return Q(models.Exists(people.filter(attended=True))) | (~_recorded() & models.Exists(people))


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a meeting, after its exception (if any) is applied."""

    meeting: "Meeting"
    original_start: datetime  # stable: identifies the occurrence even when it moves
    start: datetime
    end: datetime
    cancelled: bool = False
    moved: bool = False
    sequence: int = 0

    @property
    def stamp(self):
        return occurrence_stamp(self.original_start)

    @property
    def occurrence_id(self):
        """'' for a single meeting, the original start for an occurrence of a series."""
        return "" if not self.meeting.is_series else self.original_start.isoformat()

    @property
    def url(self):
        if not self.meeting.is_series:
            return self.meeting.get_absolute_url()
        return _url("meetings:occurrence", self.meeting.pk, self.stamp)

    @property
    def is_past(self):
        return self.end <= timezone.now()


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("plenary")
        BILATERAL = "bilateral", _("bilateral")
        WORKING_GROUP = "working_group", _("working group")
        WORKSHOP = "workshop", _("workshop")
        TRAINING = "training", _("training")
        OTHER = "other", _("other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTNERS = "partners", _("partners (any signed-in user)")
        INVITEES = "invitees", _("invitees only")
        INTERNAL = "internal", _("internal (Customs only)")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    class Recurrence(models.TextChoices):
        NONE = "", _("does not repeat")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    # Draft texts discussed at the meeting. Shown to a viewer only when they may see the
    # consultation too (Consultation.objects.visible_to).
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("consultations on the agenda"),
        blank=True,
        related_name="meetings",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="organised_meetings",
    )
    body = models.ForeignKey(
        DialogueBody,
        verbose_name=_("dialogue body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("invited organisations"),
        through="InvitedOrganization",
        blank=True,
        related_name="meetings",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, default="", blank=True
    )
    recurrence_until = models.DateField(_("repeat until"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(
        _("number of occurrences"), null=True, blank=True
    )
    reminder_offsets = models.JSONField(
        _("reminders (minutes before)"), default=default_reminder_offsets, blank=True
    )
    # A single occurrence of a series that was held gets a meeting of its own (for its
    # attendance, minutes and commitments); it keeps the series' UID for that occurrence.
    series = models.ForeignKey(
        "self",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="detached",
    )
    series_occurrence = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    minutes_recorded_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    # The minutes need the private-sector co-chair's validation (meetings.services.cosign):
    # `minutes` is then the text readers see, the last version the co-chair approved or an
    # officer published without it (with a reason); drafts are MinutesVersion rows.
    minutes_cosign = models.BooleanField(
        _("minutes validated by the private-sector co-chair"), default=False, db_default=False
    )
    # Increases on every change a calendar program must see (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[consultations])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["series", "series_occurrence"],
                condition=Q(series__isnull=False),
                name="meeting_one_detached_per_occurrence",
            ),
        ]
        indexes = [models.Index(fields=["start"], name="meeting_start_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return _url("meetings:detail", self.pk)

    @property
    def is_series(self):
        return bool(self.recurrence)

    @property
    def duration(self):
        return self.end - self.start

    @property
    def is_cancelled(self):
        """Not taking place at its time: cancelled, or postponed to a date not yet known."""
        return self.status in (self.Status.CANCELLED, self.Status.POSTPONED)

    @property
    def location(self):
        return self.venue

    def uid(self):
        """The UID of the meeting in every calendar file (feeds, downloads, e-mails): a
        series is one recurring event, each of its occurrences named by its RECURRENCE-ID
        (its original start); an occurrence held on its own is that occurrence of its
        series, with its series' UID. A single meeting's is its own."""
        return calendar.uid(f"meeting-{self.series_id or self.pk}")

    def recurrence_rule(self):
        """The series' repeat rule for an iCalendar RRULE (icalendar's vRecur keys), the same
        rule as `_rule`: it repeats in the wall-clock time of the portal's zone, so DTSTART
        is written in that zone; UNTIL is the end of the last day there, in UTC."""
        if not self.is_series:
            return None
        frequency, interval = REPEATS[self.recurrence]
        rule = {"freq": frequency.lower()}
        if interval != 1:
            rule["interval"] = interval
        if self.recurrence_count:
            rule["count"] = min(self.recurrence_count, MAX_OCCURRENCES)
        elif self.recurrence_until:
            zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
            last = datetime.combine(self.recurrence_until, time.max.replace(microsecond=0), zone)
            rule["until"] = last.astimezone(UTC)
        else:
            rule["count"] = MAX_OCCURRENCES
        return rule

    def offsets(self):
        return reminder_offsets(self.reminder_offsets)

    def _rule(self):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        # Repeat in the wall-clock time of the portal's zone, so a 09:00 meeting stays at 09:00.
        dtstart = timezone.localtime(self.start, zone).replace(tzinfo=None)
        frequency, interval = REPEATS[self.recurrence]
        kwargs = {"dtstart": dtstart, "interval": interval}
        if self.recurrence_count:
            kwargs["count"] = min(self.recurrence_count, MAX_OCCURRENCES)
        elif self.recurrence_until:
            kwargs["until"] = datetime.combine(self.recurrence_until, time.max)
        else:
            kwargs["count"] = MAX_OCCURRENCES
        return rrule.rrule(getattr(rrule, frequency), **kwargs), zone

    def original_starts(self, start=None, end=None):
        """Original starts of the series' occurrences (all of them, or those in a range)."""
        if not self.is_series:
            return [self.start]
        rule, zone = self._rule()
        starts = []
        for naive in rule:
            moment = naive.replace(tzinfo=zone).astimezone(UTC)
            if end is not None and moment >= end:
                break
            if start is None or moment >= start:
                starts.append(moment)
        return starts

    def occurrences(self, start=None, end=None):
        """The occurrences overlapping [start, end), exceptions applied, in time order.

        A cancelled occurrence is kept (marked cancelled) so feeds can say so; an occurrence
        held on its own (detached) is left to its own meeting.
        """
        if not self.is_series:
            return [
                Occurrence(
                    self,
                    self.series_occurrence or self.start,
                    self.start,
                    self.end,
                    cancelled=self.is_cancelled,
                    sequence=self.sequence,
                )
            ]
        exceptions = {e.original_start: e for e in self.exceptions.all()}
        detached = {m.series_occurrence for m in self.detached.all()}
        lookup_start = None if start is None else start - self.duration
        originals = set(self.original_starts(lookup_start, end))
        # A moved occurrence may come into the range from outside it.
        moved_in = [o for o, e in exceptions.items() if e.new_start and o not in originals]
        if moved_in:
            every = set(self.original_starts())
            originals.update(o for o in moved_in if o in every)
        found = []
        for original in originals - detached:
            occ = self._occurrence(original, exceptions.get(original))
            if start is not None and occ.end <= start:
                continue
            if end is not None and occ.start >= end:
                continue
            found.append(occ)
        return sorted(found, key=lambda o: o.start)

    def _occurrence(self, original, exc):
        begin, finish, moved = original, original + self.duration, False
        if exc and exc.new_start:
            begin, finish, moved = exc.new_start, exc.new_end or exc.new_start + self.duration, True
        return Occurrence(
            self,
            original,
            begin,
            finish,
            cancelled=self.is_cancelled or bool(exc and exc.cancelled),
            moved=moved,
            sequence=self.sequence + (exc.sequence if exc else 0),
        )

    def occurrence(self, original_start):
        """The occurrence whose original start is `original_start`, or None."""
        if not self.is_series:
            return self.occurrences()[0]
        starts = self.original_starts(None, original_start + timedelta(seconds=1))
        if original_start not in starts:
            return None
        if any(m.series_occurrence == original_start for m in self.detached.all()):
            return None
        exc = next((e for e in self.exceptions.all() if e.original_start == original_start), None)
        return self._occurrence(original_start, exc)

    def next_occurrence(self, now=None):
        now = now or timezone.now()
        for occ in self.occurrences(now, None) if self.is_series else self.occurrences():
            if not occ.cancelled and occ.end > now:
                return occ
        return None

    def agenda_items(self):
        return [line.strip(" -*\t") for line in self.agenda.splitlines() if line.strip(" -*\t")]


class OccurrenceException(models.Model):
    """One occurrence of a series cancelled or moved, leaving the rest of the series as it is."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("meeting")
    )
    original_start = models.DateTimeField(_("original start"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    new_end = models.DateTimeField(_("new end"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("occurrence change")
        verbose_name_plural = _("occurrence changes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "original_start"], name="one_exception_per_occurrence"
            )
        ]

    def __str__(self):
        return f"{self.meeting} @ {self.original_start:%Y-%m-%d %H:%M}"


class InvitedOrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The invited organisations `user` may see named: those of
        `Organization.objects.visible_to(user)` (officers: all; anyone else: verified, active
        ones, and a representative's own), so a proposed organisation that Customs has not
        verified is never named on a meeting's page."""
        from stakeholders.models import Organization

        if permissions.is_customs(user):
            return self
        return self.filter(organization__in=Organization.objects.visible_to(user))


class InvitedOrganization(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invited_orgs")
    organization = models.ForeignKey(
        "stakeholders.Organization", on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    attended = models.BooleanField(_("present"), default=False)

    objects = InvitedOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invited organisation")
        verbose_name_plural = _("invited organisations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], name="one_org_invitation")
        ]

    def __str__(self):
        return f"{self.organization} – {self.meeting}"


class InvitationQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(Q(user=user) | Q(contact__user=user))

    def seeing_their_meeting(self):
        """Invitations whose invitee may see the meeting: `Meeting.objects.visible_to(user)`
        for the invitee, answered in one query for a whole batch of e-mails (a test checks
        that both agree for every role and visibility). An invitee sees any meeting but an
        internal one, which only customs officers see; a person without an account is an
        invitee without a role; a deactivated account sees only public meetings.
        """
        officers = get_user_model().objects.filter(permissions.customs_officers_q()).values("pk")
        not_internal = ~Q(meeting__visibility=Meeting.Visibility.INTERNAL)
        return self.filter(
            Q(meeting__visibility=Meeting.Visibility.PUBLIC)
            | (Q(user__isnull=True) & not_internal)
            | (Q(user__is_active=True) & not_internal)
            | Q(user__in=officers)
        )


class Invitation(models.Model):
    """One invited person (a portal user or a contact of an organisation) and their reply."""

    class Response(models.TextChoices):
        PENDING = "pending", _("no reply yet")
        ACCEPTED = "accepted", _("accepted")
        TENTATIVE = "tentative", _("tentative")
        DECLINED = "declined", _("declined")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    contact = models.ForeignKey(
        "stakeholders.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, default="fr")
    response = models.CharField(
        _("reply"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("replied on"), null=True, blank=True)
    attended = models.BooleanField(_("present"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["token"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="one_invitation_per_email")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def person(self):
        return self.user or self.contact

    def invitee_may_see_meeting(self):
        """Whether the invitee may (still) see the meeting: `Meeting.objects.visible_to` of
        their account; an invitee without an account is one without a role, who sees any
        meeting but an internal one (as `seeing_their_meeting` says for a batch)."""
        if self.user_id:
            return Meeting.objects.visible_to(self.user).filter(pk=self.meeting_id).exists()
        return self.meeting.visibility != Meeting.Visibility.INTERNAL

    def rsvp_url(self):
        return reverse("meetings:rsvp_token", args=[self.token])


class ReplyReminder(models.Model):
    """A reminder sent by an officer to the invitees who had not replied to a meeting: when,
    by whom, to how many (`meetings.services.invitations.remind_unanswered`)."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="reply_reminders",
        verbose_name=_("meeting"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("reminder to reply")
        verbose_name_plural = _("reminders to reply")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.meeting} – {self.sent_at:%Y-%m-%d %H:%M}"


class MinutesVersion(models.Model):
    """One text of a meeting's minutes: a new version each time the text changes.

    Recording a version is the Customs side's validation of it (the officer signs for
    Customs). When the meeting's minutes need co-signing, the version then awaits the
    private-sector co-chair, who approves it or proposes changes (MinutesReview); an officer
    may instead publish it without that validation, with a reason shown to readers.
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", _("published as recorded")
        AWAITING = "awaiting", _("awaiting the private-sector co-chair")
        CHANGES_PROPOSED = "changes_proposed", _("changes proposed by the co-chair")
        APPROVED = "approved", _("validated by both co-chairs")
        PUBLISHED = "published", _("published without the co-chair's validation")
        SUPERSEDED = "superseded", _("replaced before validation")

    # The statuses of a version readers may read.
    PUBLIC = (Status.RECORDED, Status.APPROVED, Status.PUBLISHED)
    # A draft still waiting for something (the co-chair's answer, or an officer's new version).
    PENDING = (Status.AWAITING, Status.CHANGES_PROPOSED)

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_versions",
        verbose_name=_("meeting"),
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # When and by whom the version became the text readers see (recorded, approved by the
    # co-chair, or published without them), and why it was published without them.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_reason = models.TextField(_("reason for publishing without validation"), blank=True)

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_minutes_version_number")
        ]

    def __str__(self):
        return f"{self.meeting} – {self.number}"

    @property
    def is_public(self):
        return self.status in self.PUBLIC


class MinutesReview(models.Model):
    """The private-sector co-chair's answer to a version of the minutes."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES_PROPOSED = "changes_proposed", _("changes proposed")

    version = models.ForeignKey(
        MinutesVersion,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("version of the minutes"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-chair"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("answered on"), default=timezone.now)

    class Meta:
        verbose_name = _("co-chair's answer on the minutes")
        verbose_name_plural = _("co-chair's answers on the minutes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.version} – {self.decision}"


class AgendaProposal(models.Model):
    """An agenda item a private-sector participant proposes before the meeting."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("added to the agenda")
        DECLINED = "declined", _("not retained")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("meeting")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("item"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A commitment is seen by whoever may read the minutes of its meeting."""
        return self.filter(meeting__in=Meeting.objects.minutes_visible_to(user))


class Commitment(models.Model):
    """A commitment made at a meeting: what, who (an organisation and/or a person), by when.

    This is the portal's one concept of "a commitment made at a meeting". The action plans
    (actionplans.Action) do not copy it: an Action records the commitment it carries out with
    a link to this model (Action.commitment), so progress on the action is progress on the
    commitment.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", pgettext_lazy("commitment status", "done")
        DROPPED = "dropped", _("dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("meeting")
    )
    description = models.TextField(_("what"))
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    responsible = models.CharField(_("person responsible"), max_length=150, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible portal user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def who(self):
        parts = [
            str(p) for p in (self.organization, self.responsible or self.responsible_user) if p
        ]
        return " – ".join(parts)


class MeetingRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.is_customs(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(requested_by=user) | Q(organization__in=represented_ids(user)))


class MeetingRequest(models.Model):
    """A representative asks Customs for a meeting; an officer accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="meeting_requests",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_requests",
    )
    subject = models.CharField(_("subject"), max_length=200)
    details = models.TextField(_("what you would like to discuss"), blank=True)
    first_choice = models.DateTimeField(_("preferred date and time"))
    second_choice = models.DateTimeField(_("other possible date and time"), null=True, blank=True)
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Who would attend, one per line.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("meetings:request", args=[self.pk])


class CalendarFeed(models.Model):
    """A person's secret calendar subscription URL. Resetting the token kills the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:feed", args=[self.token])
