"""Complaints: reports of a suspected integrity breach or of unfair treatment, and their handling.

- Anyone may report, signed in or not. An anonymous report keeps nothing that names its
  reporter: no account, no address, no IP address, no user agent. Its reporter follows it with
  a receipt code shown once; only the code's SHA-256 is kept (`receipt_hash`): the code is 20
  random characters of a 31-letter alphabet (99 bits), so a plain hash cannot be reversed.
- Only the integrity unit sees a case (`Complaint.objects.visible_to`), and every reading of
  a case's page by the unit is recorded (`CaseRead`) and shown to the unit.
- Attachments are kept in the private storage (STORAGES["private"]: PRIVATE_MEDIA_ROOT,
  outside the media the web server serves, or the private bucket), and are sent only through
  the unit's download view.
- None of these models is registered in the admin: nobody reads a case there.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import permissions, storage

__all__ = ["CaseAttachment", "CaseEvent", "CaseMessage", "CaseRead", "Complaint"]


def _private_storage():
    """STORAGES["private"] (portal.storage): PRIVATE_MEDIA_ROOT, or the private bucket."""
    return storage.private_storage


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases are the integrity unit's alone: officers, administrators and superusers
        outside the unit see none."""
        if permissions.is_integrity_unit(user):
            return self
        return self.none()

    def reported_by(self, user):
        """The cases a signed-in person reported under their name (never the anonymous ones:
        those are linked to no account)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(reporter=user)

    def open(self):
        return self.exclude(status=Complaint.Status.CLOSED)

    def late(self, today=None):
        """Open cases past a deadline: not acknowledged in time, or not decided in time."""
        today = today or timezone.localdate()
        return self.open().filter(
            models.Q(acknowledged_at__isnull=True, acknowledge_by__lt=today)
            | models.Q(decide_by__lt=today)
        )


class Complaint(models.Model):
    class Category(models.TextChoices):
        # The integrity factors of the WCO's revised Arusha Declaration, in the words a
        # trader would use.
        PAYMENT = "payment", _("Request for an undue payment or a favour")
        DELAY = "delay", _("Undue delay")
        FAVOURITISM = "favouritism", _("Favouritism")
        DISCRETION = "discretion", _("Abuse of discretionary power")
        UNFAIR = "unfair", _("Unfair or disrespectful treatment")
        CONFLICT = "conflict", _("Conflict of interest")
        OTHER = "other", _("Other breach of integrity")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("complaint status", "Received")
        REVIEW = "review", _("Under review")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    class Finding(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("Substantiated: measures taken")
        PARTLY = "partly", _("Partly substantiated")
        NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
        INSUFFICIENT = "insufficient", _("Not enough information to conclude")
        OUTSIDE_REMIT = "outside_remit", _("Outside the unit's remit")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    occurred_on = models.DateField(_("date of the facts"))
    place = models.CharField(_("place or office"), max_length=200)
    description = models.TextField(_("description"))
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="integrity_complaints",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    acknowledge_by = models.DateField(_("to be acknowledged by"))
    decide_by = models.DateField(_("to be decided by"))
    acknowledged_at = models.DateTimeField(_("acknowledged on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated on"), null=True, blank=True)
    actions = models.ManyToManyField(
        "actionplans.Action",
        verbose_name=_("what we changed"),
        blank=True,
        related_name="integrity_complaints",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    def late_to_acknowledge(self, today=None):
        today = today or timezone.localdate()
        if self.acknowledged_at is not None:
            return timezone.localdate(self.acknowledged_at) > self.acknowledge_by
        return today > self.acknowledge_by

    def late_to_decide(self, today=None):
        today = today or timezone.localdate()
        if self.closed_at is not None:
            return timezone.localdate(self.closed_at) > self.decide_by
        return today > self.decide_by

    def is_late(self, today=None):
        """Open and past a deadline it has not met."""
        if self.is_closed:
            return False
        today = today or timezone.localdate()
        return (self.acknowledged_at is None and today > self.acknowledge_by) or (
            today > self.decide_by
        )


class CaseMessage(models.Model):
    """What the reporter and the unit write to each other, and the unit's internal notes
    (never shown to the reporter)."""

    class Sender(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        UNIT = "unit", _("Integrity unit")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("from"), max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(_("written on"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.complaint} {self.created_at:%Y-%m-%d}"


def _attachment_path(instance, filename):
    import secrets

    from portal.uploads import EXTENSIONS

    return f"integrity/{secrets.token_hex(16)}{EXTENSIONS.get(instance.content_type, '')}"


class CaseAttachment(models.Model):
    """A file the reporter joined, kept in private storage under a random name."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        CaseMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=_attachment_path, storage=_private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded on"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class CaseRead(models.Model):
    """One reading of a case's page by a member of the unit."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.complaint} {self.at:%Y-%m-%d %H:%M}"


class CaseEvent(models.Model):
    """What the unit did with a case: acknowledged, changed its status, closed it, linked
    actions. Shown on the case's page."""

    class Kind(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("complaint status", "Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        STATUS = "status", _("Status changed")
        CLOSED = "closed", _("Closed")
        ACTIONS = "actions", _("Actions linked")
        ESCALATED = "escalated", _("Escalated to the unit's heads")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.complaint} {self.kind}"
