"""Forums: the event, its programme, registrations (capacity and waiting list), check-in.

Rows here are written only by forums/services/, which keeps the invariants (no forum is ever
overbooked, the waiting list is served in order of arrival, every status change is logged).
Reads shared by several pages live on the QuerySets below; who may see a forum is decided by
`Forum.objects.visible_to(user)` and nowhere else.
"""

import unicodedata

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, Func, OuterRef, Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from portal import permissions
from stakeholders.models import represented_ids

# Statuses whose registration holds a seat.
SEATED = ("confirmed", "attended")
# Statuses of a registration that still counts (for the per-organisation limit, duplicates).
ACTIVE = ("confirmed", "waiting", "attended")
# Slugs that would shadow the app's own URLs.
RESERVED_SLUGS = {"new", "registrations", "checkin", "me"}


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The forums `user` may see.

        Officers see every forum, drafts included. Everyone else sees published (or closed,
        held, cancelled) forums that are public, plus invited-only ones to which their
        organisation is invited or for which they hold a registration. Visitors see public ones.
        """
        if user is not None and permissions.is_customs(user):
            return self
        shown = self.exclude(status=Forum.Status.DRAFT)
        public = Q(visibility=Forum.Visibility.PUBLIC)
        if user is None or not user.is_authenticated:
            return shown.filter(public)
        invited = Exists(
            Forum.invited_organizations.through.objects.filter(
                forum_id=OuterRef("pk"), organization__in=represented_ids(user)
            )
        )
        registered = Exists(Registration.objects.filter(forum_id=OuterRef("pk"), user=user))
        return shown.filter(public | invited | registered)

    def for_checkin(self):
        """Forums whose attendees may be checked in at the door."""
        return self.filter(
            status__in=[Forum.Status.PUBLISHED, Forum.Status.CLOSED, Forum.Status.HELD]
        )

    def open(self, now=None):
        """Published forums whose registration window is open now."""
        now = now or timezone.now()
        return self.filter(
            status=Forum.Status.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def with_counts(self):
        """Annotate each forum with its registration counts (one query, whatever the size)."""
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            attended_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
            in_person_seated_count=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=SEATED,
                    registrations__attendance_mode=Registration.Mode.IN_PERSON,
                ),
            ),
            online_seated_count=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=SEATED,
                    registrations__attendance_mode=Registration.Mode.ONLINE,
                ),
            ),
        )


class Forum(models.Model):
    """A Customs–Private Sector forum: a national, regional or international event."""

    class Scale(models.TextChoices):
        NATIONAL = "national", _("national")
        REGIONAL = "regional", _("regional")
        INTERNATIONAL = "international", _("international")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("registration closed")
        CANCELLED = "cancelled", pgettext_lazy("forum status", "cancelled")
        HELD = "held", pgettext_lazy("forum status", "held")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INVITED = "invited", _("invited organisations only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("short name in the address"),
        max_length=80,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. forum-jid-2027."),
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    scale = models.CharField(_("scale"), max_length=15, choices=Scale.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Leave empty if the forum cannot be followed online."),
    )
    city = models.CharField(_("host city"), max_length=100, blank=True)
    country = CountryField(_("host country"), default="ML")
    working_languages = models.CharField(
        _("working languages"), max_length=200, blank=True, default="Français"
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, default="Direction générale des Douanes du Mali"
    )
    partner_organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partnered_forums",
    )
    capacity = models.PositiveIntegerField(_("in-person seats"))
    online_capacity = models.PositiveIntegerField(
        _("online seats"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit on online attendance."),
    )
    reserved_seats = models.PositiveIntegerField(
        _("reserved seats"),
        default=0,
        help_text=_("In-person seats held back by Customs for guests (speakers, partners)."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    invited_organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="invited_forums",
        help_text=_("Only for a forum open to invited organisations only."),
    )
    per_organization_limit = models.PositiveSmallIntegerField(
        _("seat limit per organisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    # Increases on every change that matters to a calendar program (time, place, cancellation).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="forum_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="forum_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reserved_seats__lte=models.F("capacity")),
                name="forum_reserved_within_capacity",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:detail", args=[self.slug])

    @property
    def offers_in_person(self):
        return self.capacity > 0

    @property
    def offers_online(self):
        return bool(self.online_url)

    @property
    def place(self):
        return ", ".join(part for part in [self.venue, self.city] if part)

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    def has_ended(self, now=None):
        return self.end <= (now or timezone.now())

    @property
    def seats_left(self):
        """Free in-person seats, from the with_counts() annotation (for display only)."""
        return max(self.capacity - self.reserved_seats - self.in_person_seated_count, 0)

    @property
    def online_seats_left(self):
        """Free online seats (None: online seats are not limited), from the with_counts()
        annotation (for display only)."""
        if self.online_capacity is None:
            return None
        return max(self.online_capacity - self.online_seated_count, 0)


class Session(models.Model):
    """One item of a forum's programme."""

    class Format(models.TextChoices):
        PLENARY = "plenary", _("plenary")
        PANEL = "panel", _("panel")
        WORKSHOP = "workshop", _("workshop")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    speakers = models.ManyToManyField(
        "stakeholders.Contact", verbose_name=_("speakers (contacts)"), blank=True, related_name="+"
    )
    other_speakers = models.CharField(
        _("other speakers"),
        max_length=300,
        blank=True,
        help_text=_("Speakers who are not in the registry, separated by commas."),
    )
    capacity = models.PositiveIntegerField(
        _("session seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Draft texts discussed in the session (as Meeting.consultations): shown to a viewer only
    # when they may see the consultation too.
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("consultations on the agenda"),
        blank=True,
        related_name="forum_sessions",
    )

    history = HistoricalRecords(m2m_fields=[consultations])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def speaker_names(self):
        """Every speaker's name, from the registry then free text (uses prefetched speakers)."""
        names = [contact.name for contact in self.speakers.all()]
        names += [name.strip() for name in self.other_speakers.split(",") if name.strip()]
        return names


# The accented letters of French and Malian names, and their plain forms: TRANSLATE() folds
# them one for one (PostgreSQL's unaccent extension is not installed).
_ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"


class Folded(Func):
    """A text column in small letters without accents, to find a name as it is typed.
    SQLite (a laptop's `make run`) has no TRANSLATE(): there, small letters only."""

    function = "TRANSLATE"
    output_field = models.CharField()

    def __init__(self, expression):
        super().__init__(expression, Value(_ACCENTED), Value(_PLAIN))

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"LOWER({sql})", params

    def as_sqlite(self, compiler, connection, **extra):
        return compiler.compile(Lower(self.source_expressions[0]))


def fold(text):
    """Typed text as Folded compares it: small letters, no accents."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def seated(self):
        return self.filter(status__in=SEATED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("arrival")

    def with_position(self):
        """Annotate each registration with its place on the waiting list (None unless waiting)."""
        ahead = (
            Registration.objects.filter(
                forum_id=OuterRef("forum_id"),
                attendance_mode=OuterRef("attendance_mode"),
                status=Registration.Status.WAITING,
                arrival__lte=OuterRef("arrival"),
            )
            .order_by()
            .values("forum_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            position=models.Case(
                models.When(status=Registration.Status.WAITING, then=models.Subquery(ahead)),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for word in text.split():
            query &= (
                Q(user__full_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(guest_name__icontains=word)
                | Q(guest_email__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(organization__acronym__icontains=word)
                | Q(code__iexact=word.replace("-", "").upper())
            )
        return self.filter(query)

    def find_person(self, text):
        """Registrations whose person's name or e-mail, or organisation's name or acronym,
        hold every word of `text`, whatever the case and the accents: the door's search for
        someone who lost their code."""
        fields = {
            "found_full_name": "user__full_name",
            "found_email": "user__email",
            "found_guest_name": "guest_name",
            "found_guest_email": "guest_email",
            "found_organization": "organization__name",
            "found_acronym": "organization__acronym",
        }
        words = fold(text).split()
        if not words:
            return self.none()
        query = Q()
        for word in words:
            matches = Q()
            for alias in fields:
                matches |= Q(**{f"{alias}__contains": word})
            query &= matches
        annotated = self.annotate(**{alias: Folded(path) for alias, path in fields.items()})
        return annotated.filter(query)


class Registration(models.Model):
    """One person's place at a forum: confirmed, on the waiting list, cancelled or attended.

    A representative registers themselves (`user`); an officer may register an invited guest
    on their behalf: a guest who has an account gets `user` too, one without an account is
    represented by `guest_name` and `guest_email` with no user.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_registrations",
    )
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    guest_language = models.CharField(
        _("guest's language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    # The organisation the person represents at this forum (a representative's, at registration).
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_registrations",
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions of interest"), blank=True, related_name="interested"
    )
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    consent_to_list = models.BooleanField(_("appear on the participants list"), default=False)
    # Officers' messages to the forum's registrants (forums.services.messaging); the person
    # leaves them with the one-click link of such a message. What the registration itself
    # causes (confirmation, reminder, changes) still goes out.
    wants_messages = models.BooleanField(
        _("receives officers' messages"), default=True, db_default=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Order of arrival (assigned under the forum's lock): the waiting list is served by it.
    arrival = models.PositiveIntegerField(_("order of arrival"))
    is_guest = models.BooleanField(_("registered by Customs"), default=False)
    code = models.CharField(_("check-in code"), max_length=8, unique=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["forum", "arrival"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "user"],
                condition=Q(user__isnull=False),
                name="registration_one_per_user_per_forum",
                violation_error_message=_("This person is already registered for this forum."),
            ),
            models.UniqueConstraint(
                "forum",
                Lower("guest_email"),
                condition=Q(user__isnull=True) & ~Q(guest_email=""),
                name="registration_one_per_guest_email_per_forum",
                violation_error_message=_("This guest is already registered for this forum."),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""),
                name="registration_has_a_person",
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "status", "arrival"], name="registration_queue_idx"),
        ]

    def __str__(self):
        return f"{self.person_name} – {self.forum}"

    def get_absolute_url(self):
        return reverse("forums:registration", args=[self.pk])

    @property
    def person_name(self):
        if self.user_id:
            return self.user.full_name or self.user.email
        return self.guest_name

    @property
    def email(self):
        return self.user.email if self.user_id else self.guest_email

    @property
    def language(self):
        return self.user.language if self.user_id else self.guest_language

    @property
    def display_code(self):
        return f"{self.code[:4]}-{self.code[4:]}"


class RegistrationEvent(models.Model):
    """One change of a registration's status: who, when, from what, to what. Never edited."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Registration.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Registration.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("registration status change")
        verbose_name_plural = _("registration status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.registration_id}: {self.from_status or '∅'} → {self.to_status}"


class ForumMessage(models.Model):
    """A message officers sent to a forum's registrants, kept for the record."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    statuses = models.JSONField(_("sent to"), default=list)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.subject

    def status_labels(self):
        labels = dict(Registration.Status.choices)
        return [labels.get(status, status) for status in self.statuses]
