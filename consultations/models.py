"""Draft texts open for comment, the comments, their handling, and the public report.

A Consultation holds its text as numbered Sections grouped in Versions: version 1 is written
while the consultation is a draft; once it opens the text is frozen and each revision is a new
Version. Sections keep a stable `key` from one version to the next, so that two versions can be
compared section by section even when sections are renumbered, added or removed.

Who may see what is decided by the `visible_to` querysets below and by portal/permissions.py.
Every write goes through the modules of consultations/services/.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import DialogueBody
from portal import permissions
from stakeholders.models import Organization, represented_ids


def represented_organization(user):
    """The verified organisation a private-sector user speaks for (an approved membership),
    or None."""
    if not permissions.is_private_sector(user):
        return None
    return Organization.objects.represented_by(user).filter(verified=True).first()


def min_period():
    return timedelta(days=settings.CONSULTATIONS_MIN_PERIOD_DAYS)


# --- Consultations ----------------------------------------------------------------------


def invited_organizations_q(consultation=None, *, organizations=(), bodies=()):
    """The one rule of who is invited to a consultation, as a filter on Organization.

    An organisation is invited when it is listed among the consultation's invited
    organisations, or when it is a member of one of its invited dialogue bodies (so a body's
    new member is invited, and a member who leaves no longer is). Visibility, the comment
    permission, the e-mails and the officers' form and pages all go through this function.

    `consultation` is a Consultation, its pk, or an expression naming one (an OuterRef).
    Without it, the rule applies to a choice not saved yet (the officers' form):
    `organizations` and `bodies` listed.
    """
    members = DialogueBody.members.through.objects
    if consultation is not None:
        direct = Consultation.invited_organizations.through.objects.filter(
            consultation=consultation
        ).values("organization_id")
        # A join, not a nested subquery, so that an OuterRef keeps the same depth as above.
        members = members.filter(dialoguebody__consultations_invited_to=consultation)
    else:
        direct = [organization.pk for organization in organizations]
        members = members.filter(dialoguebody__in=[body.pk for body in bodies])
    return Q(pk__in=direct) | Q(pk__in=members.values("organization_id"))


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see every consultation, drafts included. Others see the consultations that
        have opened and are public, or to which their (verified) organisation is invited."""
        if permissions.is_customs(user):
            return self
        shown = self.exclude(status=Consultation.Status.DRAFT)
        public = Q(audience=Consultation.Audience.PUBLIC)
        if permissions.is_private_sector(user):
            # OuterRef twice: the rule's subqueries sit inside this Exists' own query.
            invited = Organization.objects.filter(
                invited_organizations_q(OuterRef(OuterRef("pk"))),
                verified=True,
                pk__in=represented_ids(user),
            )
            return shown.filter(public | Q(Exists(invited)))
        return shown.filter(public)

    def inviting(self, organization):
        """The consultations to which `organization` is invited (whatever their audience)."""
        return self.filter(
            Exists(
                Organization.objects.filter(
                    invited_organizations_q(OuterRef(OuterRef("pk"))), pk=organization.pk
                )
            )
        )

    def open_for_comments(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Consultation.Status.OPEN, opens_at__lte=now, closes_at__gt=now)

    def past_closing(self, now=None):
        """Consultations whose comment period is over (whether or not marked closed yet)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Consultation.Status.CLOSED)
            | Q(status=Consultation.Status.OPEN, closes_at__lte=now)
        )

    def with_comment_count(self):
        """Each consultation with `comment_count`: its comments received and not withdrawn,
        private ones included. The one count of "comments received": the list, the
        consultation's page and the open data show this number."""
        return self.annotate(
            comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True))
        )

    def in_phase(self, phase, now=None):
        """Filter on the phase a reader sees (an open consultation past its closing is closed)."""
        now = now or timezone.now()
        status = Consultation.Status
        if phase == status.OPEN:
            return self.open_for_comments(now)
        if phase == status.CLOSED:
            return self.past_closing(now)
        return self.filter(status=phase)


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for comments")
        CLOSED = "closed", _("closed")
        REPORT_PUBLISHED = "report_published", _("report published")
        ADOPTED = "adopted", _("adopted")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("public: anyone may read it and any signed-in partner may comment")
        INVITED = "invited", _("invited organisations only")

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), help_text=_("What the text is about, in plain words."))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    invited_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="consultations_invited_to",
        help_text=_(
            "Their contacts who agreed to be contacted are told when the consultation opens, "
            "reminded a week before it closes and told when the report is out."
        ),
    )
    invited_bodies = models.ManyToManyField(
        DialogueBody,
        verbose_name=_("invited dialogue bodies"),
        blank=True,
        related_name="consultations_invited_to",
        help_text=_(
            "Every member organisation of these bodies is invited, including organisations "
            "that join the body later."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes on"))
    entry_into_force = models.DateField(_("planned entry into force"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="consultations_responsible_for",
    )
    # Opening with a shorter comment period than the minimum needs a reason, shown publicly.
    short_period_justification = models.TextField(
        _("justification for a shorter comment period"), blank=True
    )
    justified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("justified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    justified_at = models.DateTimeField(_("justified on"), null=True, blank=True)
    consulted_version = models.ForeignKey(
        "Version",
        verbose_name=_("version put to consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_version = models.ForeignKey(
        "Version",
        verbose_name=_("adopted version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The version the published report compares with the consulted one, fixed when it is
    # published: the text cannot be revised afterwards, so it is also the version adopted.
    reported_version = models.ForeignKey(
        "Version",
        verbose_name=_("version the report compares"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_summary = models.TextField(_("conclusions of the report"), blank=True)
    report_published_at = models.DateTimeField(_("report published on"), null=True, blank=True)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("report published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[invited_organizations, invited_bodies])
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at", "-pk"]
        indexes = [models.Index(fields=["status", "closes_at"], name="consultation_status_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("consultations:detail", args=[self.pk])

    def phase(self, now=None):
        """The status a reader sees: an open consultation past its closing time is closed."""
        now = now or timezone.now()
        if self.status == self.Status.OPEN and self.closes_at <= now:
            return self.Status.CLOSED
        return self.Status(self.status)

    def is_open_for_comments(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.opens_at is not None
            and self.opens_at <= now < self.closes_at
        )

    def is_past_closing(self, now=None):
        return self.phase(now) in (
            self.Status.CLOSED,
            self.Status.REPORT_PUBLISHED,
            self.Status.ADOPTED,
        )

    @property
    def report_is_published(self):
        return self.status in (self.Status.REPORT_PUBLISHED, self.Status.ADOPTED)

    @property
    def comment_period(self):
        if self.opens_at is None:
            return None
        return self.closes_at - self.opens_at

    @property
    def comment_period_days(self):
        period = self.comment_period
        return None if period is None else period.days

    @property
    def period_is_short(self):
        period = self.comment_period
        return period is not None and period < min_period()

    @property
    def days_from_adoption_to_entry_into_force(self):
        if self.adopted_on and self.entry_into_force:
            return (self.entry_into_force - self.adopted_on).days
        return None

    def latest_version(self):
        return self.versions.order_by("-number").first()

    def invitees(self):
        """The organisations invited, directly or through a dialogue body (see
        invited_organizations_q)."""
        return Organization.objects.filter(invited_organizations_q(self))


# What an officer may change of a consultation once it exists, in the order its form shows
# them (consultations.forms.ConsultationForm; services.consultations.update_consultation
# refuses any other field).
EDITABLE_FIELDS = (
    "title",
    "summary",
    "audience",
    "invited_organizations",
    "invited_bodies",
    "closes_at",
    "entry_into_force",
    "responsible_officer",
    "short_period_justification",
)


# --- Versions and sections --------------------------------------------------------------


# Uploaded files get random names (the extension follows the type found in their content) in a
# private folder; they are served only through views that check who may see them.
PRIVATE_FOLDER = "private/consultations"


def _document_path(instance, filename):
    return _random_name("documents", instance.document_type)


def _attachment_path(instance, filename):
    return _random_name("attachments", instance.content_type)


def _random_name(folder, content_type):
    return f"{PRIVATE_FOLDER}/{folder}/{secrets.token_hex(16)}{extension_for(content_type)}"


def extension_for(content_type):
    from consultations import uploads

    return uploads.EXTENSIONS.get(content_type, "")


class Version(models.Model):
    """One published state of a consultation's text; never changed once published, except
    version 1 while the consultation is still a draft."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    document = models.FileField(
        _("original document"), upload_to=_document_path, blank=True, max_length=200
    )
    document_name = models.CharField(_("document name"), max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published on"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.consultation} – v{self.number}"


def new_section_key():
    return secrets.token_hex(6)


class Section(models.Model):
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    # The same section across versions: carried from one version to the next.
    key = models.CharField(max_length=20, default=new_section_key)
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=30)
    heading = models.CharField(_("heading"), max_length=250, blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists with -."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.number} – {self.heading}" if self.heading else str(self.number)


# --- Comments ---------------------------------------------------------------------------


def _published_q():
    """The one rule of publication: the author allowed it (with their name or anonymously)
    and did not withdraw the comment. Any other value is not published."""
    return Q(
        publication__in=[Comment.Publication.NAMED, Comment.Publication.ANONYMOUS],
        withdrawn_at__isnull=True,
    )


class CommentQuerySet(models.QuerySet):
    def published(self):
        """The comments anyone who may see their consultation may read (and the report shows)."""
        return self.filter(_published_q())

    def visible_to(self, user):
        """Officers see every comment. Others see their own comments, and the published ones
        (see `published`) on the consultations they may see."""
        if permissions.is_customs(user):
            return self
        published = _published_q()
        if user is not None and user.is_authenticated:
            published |= Q(author=user)
        return self.filter(published, consultation__in=Consultation.objects.visible_to(user))

    def attributable_to(self, user):
        """The comments whose author and organisation `user` may know."""
        if permissions.sees_comment_authors(user):
            return self
        named = Q(publication=Comment.Publication.NAMED, withdrawn_at__isnull=True)
        if user is not None and user.is_authenticated:
            named |= Q(author=user)
        return self.visible_to(user).filter(named)

    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def readable(self, consultation, user):
        """The comments on `consultation` that `user` may read (not withdrawn): the one count
        of "Read the comments (N)" and the selection of the comments page."""
        return self.visible_to(user).filter(consultation=consultation).active()

    def awaiting_decision(self):
        return self.active().filter(decision="")


class Comment(models.Model):
    class Publication(models.TextChoices):
        NAMED = "named", _("Publish it with my name")
        ANONYMOUS = "anonymous", _("Publish it anonymously")
        PRIVATE = "private", _("Keep it private to Customs")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        NOTED = "noted", _("noted / out of scope")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="comments"
    )
    # None: the comment is on the text as a whole.
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="consultation_comments",
    )
    # None: the author comments in a personal capacity.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
    )
    body = models.TextField(_("comment"))
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.NAMED
    )
    created_at = models.DateTimeField(_("submitted on"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=15, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "decision"], name="comment_decision_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} – {self.consultation}"

    @property
    def publication_status(self):
        return {
            self.Publication.NAMED: _("published with the author’s name"),
            self.Publication.ANONYMOUS: _("published anonymously"),
            self.Publication.PRIVATE: _("private to Customs"),
        }[self.publication]

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def named_author(self):
        """The author as a named publication shows them."""
        if self.organization_id:
            return f"{self.author.full_name or self.author.email} ({self.organization})"
        return _("%(name)s (in a personal capacity)") % {
            "name": self.author.full_name or self.author.email
        }

    def author_hidden_from(self, user):
        """True when `user` may not know who wrote this comment (nor for whom)."""
        if self.publication == self.Publication.NAMED or permissions.sees_comment_authors(user):
            return False
        return not (user is not None and user.is_authenticated and self.author_id == user.pk)

    def author_for(self, user):
        """How the author is shown to `user`: never to others when anonymous or private."""
        if self.author_hidden_from(user):
            return _("Anonymous contributor")
        return self.named_author()


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(comment__in=Comment.objects.visible_to(user))


class Attachment(models.Model):
    """A file joined to a comment; checked by its content and served only through a view."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded on"), default=timezone.now)

    history = HistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def name_for(self, user):
        """Others do not see the file name of an anonymous comment's attachment."""
        if not self.comment.author_hidden_from(user):
            return self.original_name
        return _("attachment-%(number)s%(extension)s") % {
            "number": self.pk,
            "extension": extension_for(self.content_type),
        }
