"""Gifts, hospitality and invitations offered to officers, and their conflicts of interest.

A declaration (`GiftDeclaration`) is only an identity: its declarant and its public reference
("CAD-2026-0007"). What was offered is in its versions (`GiftVersion`), which are never changed:
a correction is a new version, with a note saying why, so the history stays whole. A version
accepted above `settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD` waits for a gift supervisor's
review (`GiftReview`, one per version, never changed either). Only
`integrity.services.gifts` writes these rows.

A conflict of interest (`ConflictOfInterest`) is an officer's declared tie to an organisation;
the portal warns when that officer is invited with it, chairs a body it belongs to or logs a
contact with it, and whoever goes ahead anyway leaves a `ConflictOverride` saying why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal import permissions

__all__ = [
    "ConflictOfInterest",
    "ConflictOverride",
    "GiftDeclaration",
    "GiftReview",
    "GiftVersion",
]


class GiftDeclarationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Gift supervisors see every declaration; an officer sees their own; nobody else sees
        any (beyond the public register, which shows no personal detail)."""
        if permissions.is_gift_supervisor(user):
            return self.all()
        if permissions.is_customs(user):
            return self.filter(declarant=user)
        return self.none()


class GiftDeclaration(models.Model):
    declarant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declarant"),
        on_delete=models.PROTECT,
        related_name="gift_declarations",
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    objects = GiftDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("gift declaration")
        verbose_name_plural = _("gift declarations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_gift_number_a_year")
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("integrity:gift_detail", args=[self.pk])


class GiftVersionQuerySet(models.QuerySet):
    def latest(self):
        """Only the latest version of each declaration."""
        newer = GiftVersion.objects.filter(
            declaration=OuterRef("declaration"), number__gt=OuterRef("number")
        )
        return self.filter(~Exists(newer))

    def awaiting_review(self):
        """Latest versions that a gift supervisor has still to judge."""
        return self.latest().filter(needs_review=True, review__isnull=True)


class GiftVersion(models.Model):
    class Kind(models.TextChoices):
        GIFT = "gift", _("gift")
        HOSPITALITY = "hospitality", _("hospitality")
        INVITATION = "invitation", _("invitation")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    class Status(models.TextChoices):
        REFUSED = "refused", _("refused")
        ACCEPTED = "accepted", _("accepted")
        AWAITING = "awaiting", _("awaiting approval")
        APPROVED = "approved", _("approved")
        RETURN_ORDERED = "return_ordered", _("return ordered")

    declaration = models.ForeignKey(
        GiftDeclaration, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("offering organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    offered_by = models.CharField(
        _("offered by"),
        max_length=200,
        blank=True,
        help_text=_("The person or organisation, when it is not in the registry."),
    )
    estimated_value = models.PositiveBigIntegerField(_("estimated value (CFA francs)"))
    offered_on = models.DateField(_("offered on"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("Customs unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer_role = models.CharField(_("officer's position"), max_length=150, blank=True)
    correction_note = models.TextField(_("reason for the correction"), blank=True)
    needs_review = models.BooleanField(_("needs a supervisor's review"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = GiftVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of a gift declaration")
        verbose_name_plural = _("versions of gift declarations")
        ordering = ["declaration", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="one_gift_version_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(correction_note=""),
                name="gift_correction_has_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.declaration_id} v{self.number}"

    @property
    def offered_by_name(self):
        """Who offered, as the public may read it: a verified organisation's name, else the
        text typed."""
        if self.organization_id and self.organization.verified:
            return self.organization.name
        return self.offered_by or (self.organization.name if self.organization_id else "")

    @property
    def review_or_none(self):
        try:
            return self.review
        except GiftReview.DoesNotExist:
            return None

    @property
    def status(self):
        if self.decision == self.Decision.REFUSED:
            return self.Status.REFUSED
        if not self.needs_review:
            return self.Status.ACCEPTED
        review = self.review_or_none
        if review is None:
            return self.Status.AWAITING
        if review.decision == GiftReview.Decision.APPROVED:
            return self.Status.APPROVED
        return self.Status.RETURN_ORDERED

    def get_status_display(self):
        return self.Status(self.status).label

    COMPARED = (
        "kind",
        "description",
        "organization",
        "offered_by",
        "estimated_value",
        "offered_on",
        "decision",
    )

    def changes_from(self, previous):
        """The labels of the fields this version changed from `previous`."""
        if previous is None:
            return []
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.COMPARED
            if getattr(self, name if name != "organization" else "organization_id")
            != getattr(previous, name if name != "organization" else "organization_id")
        ]


class GiftReview(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        RETURN_ORDERED = "return_ordered", _("return ordered")

    version = models.OneToOneField(GiftVersion, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    note = models.TextField(_("note"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review of a gift")
        verbose_name_plural = _("reviews of gifts")

    def __str__(self):
        return f"{self.version} – {self.get_decision_display()}"


class ConflictQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def visible_to(self, user):
        """An officer sees their own declared conflicts; the integrity unit sees them all."""
        if permissions.is_integrity_unit(user):
            return self.all()
        if permissions.is_customs(user):
            return self.filter(officer=user)
        return self.none()


class ConflictOfInterest(models.Model):
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="conflicts_of_interest",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("nature of the interest"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-pk"]

    def __str__(self):
        return f"{self.officer} – {self.organization}"

    @property
    def is_active(self):
        return self.ended_at is None


class ConflictOverride(models.Model):
    class Context(models.TextChoices):
        INVITATION = "invitation", _("invitation to a meeting")
        CHAIR = "chair", _("chair of a dialogue body")
        CONTACT = "contact", _("contact logged")

    conflict = models.ForeignKey(
        ConflictOfInterest, on_delete=models.PROTECT, related_name="overrides"
    )
    context = models.CharField(_("context"), max_length=20, choices=Context.choices)
    target = models.CharField(_("about"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason to proceed"))
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("overridden conflict warning")
        verbose_name_plural = _("overridden conflict warnings")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.conflict} – {self.get_context_display()}"
