"""The public register of contacts between Customs and the private sector (issue 15, §1).

Every meeting held with the private sector gets an entry once held, whatever its visibility,
and officers log the contacts held outside meetings (visits, calls, site inspections, e-mails
on a pending matter). An entry shows public fields only: the date, the organisations present
(verified ones by name, the others counted), the Customs unit and the role of the senior
officer present, the subject and a one-paragraph outcome. It is due within
INTEGRITY_REGISTER_DUE_DAYS of the contact; an entry still a draft then is published as it is,
marked late. An entry is withheld only with a legal reason from the administrators' list, and
the register counts withheld entries per reason.

Who sees which entry is decided in `ContactEntryQuerySet.visible_to` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import permissions

__all__ = ["ContactEntry", "WithholdingReason"]


class WithholdingReason(models.Model):
    """A legal reason for which an entry may be withheld from publication (kept by the
    administrators)."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("The text and article that allow it.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active reasons can be chosen.")
    )

    class Meta:
        verbose_name = _("reason for withholding")
        verbose_name_plural = _("reasons for withholding")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ContactEntryQuerySet(models.QuerySet):
    def public(self):
        """The entries the public register shows: the published ones."""
        return self.filter(status=ContactEntry.Status.PUBLISHED)

    def visible_to(self, user):
        """Officers see every entry (drafts and withheld ones included); anyone else, the
        published ones."""
        if user is not None and permissions.is_customs(user):
            return self
        return self.public()

    def to_complete(self):
        """Drafts: entries the officer who held the contact has still to complete."""
        return self.filter(status=ContactEntry.Status.DRAFT)

    def overdue(self, today):
        return self.to_complete().filter(due_on__lt=today)

    def due_between(self, first, last):
        return self.filter(due_on__gte=first, due_on__lte=last)

    def on_time_q(self):
        """A Q: completed (published by an officer or withheld) on or before its due date."""
        return Q(completed_on__isnull=False, completed_on__lte=models.F("due_on"))


class ContactEntry(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        VISIT = "visit", _("visit")
        CALL = "call", _("telephone call")
        SITE_INSPECTION = "site_inspection", _("site inspection")
        EMAIL = "email", _("e-mail on a pending matter")
        OTHER = "other", _("other contact")

    class Status(models.TextChoices):
        DRAFT = "draft", _("to complete")
        PUBLISHED = "published", _("published")
        WITHHELD = "withheld", _("withheld")

    kind = models.CharField(_("kind of contact"), max_length=20, choices=Kind.choices)
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_entry",
    )
    contact_date = models.DateField(_("date of the contact"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer who held it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_entries",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("Customs unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entries",
    )
    officer_role = models.CharField(
        _("role of the senior officer present"), max_length=150, blank=True
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    outcome = models.TextField(
        _("public outcome"), blank=True, help_text=_("One paragraph, for the public.")
    )
    organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("organisations present"),
        blank=True,
        related_name="register_entries",
    )
    private_individuals = models.PositiveSmallIntegerField(
        _("private individuals present"),
        default=0,
        help_text=_("Persons present in their own name, without an organisation."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    withheld_reason = models.ForeignKey(
        WithholdingReason,
        verbose_name=_("reason for withholding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    withheld_note = models.TextField(_("note on the withholding"), blank=True)
    due_on = models.DateField(_("due on"))
    # The day an officer completed it (published it with an outcome, or withheld it): on time
    # when on or before due_on. None for a draft and for one published automatically.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Published automatically once due, with what it had: its lateness is shown publicly.
    published_automatically = models.BooleanField(_("published automatically"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["-contact_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="withheld") | Q(withheld_reason__isnull=False),
                name="register_withheld_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="register_status_due_idx")]

    def __str__(self):
        return self.subject or f"{self.get_kind_display()} {self.contact_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("integrity:entry", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def outcome_overdue(self):
        """Published automatically at its due date and not completed since."""
        return self.published_automatically and self.completed_on is None

    @property
    def completed_late(self):
        return self.completed_on is not None and self.completed_on > self.due_on

    # --- What the public sees of who was present (organisations prefetched) -------------

    def named_organizations(self):
        """The organisations present that the public directory names: verified, active."""
        return [org for org in self.organizations.all() if _is_public(org)]

    def unnamed_organizations(self):
        """How many organisations present are not yet verified (never named publicly)."""
        return sum(1 for org in self.organizations.all() if not _is_public(org))


def _is_public(organization):
    return organization.verified and organization.status == organization.Status.ACTIVE
