from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Notification.Status.PENDING, due_at__lte=now or timezone.now())

    def pending(self):
        return self.filter(status=Notification.Status.PENDING)

    def unsent_due(self, now=None):
        """Due and not sent yet: waiting for a dispatcher, or claimed by one that has not
        finished (a row a dispatcher died holding stays here until it is given back and sent)."""
        return self.filter(
            status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
            due_at__lte=now or timezone.now(),
        )

    def about(self, target):
        """The notifications whose target is `target` (a model instance)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )


class Notification(models.Model):
    """One e-mail to one person, due at a given time.

    Every e-mail the portal sends is a row here: account e-mails, invitations, reminders,
    confirmations, announcements. The dispatcher (dispatcher.dispatch_due, run every minute by
    Celery beat) claims due rows and sends them. A row of a registered `kind` is rendered at
    send time from its target, so a reminder always says what is true when it leaves (and is
    dropped if its target no longer applies); a row of kind "message" carries its content.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("cancelled")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"))
    # The language and time zone to render in when there is no recipient account.
    language = models.CharField(_("language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    occurrence = models.DateTimeField(_("occurrence"), null=True, blank=True)
    offset = models.DurationField(_("offset before the occurrence"), null=True, blank=True)

    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    # Idempotency: making the same notification twice (same entry, occurrence, recipient and
    # offset, for a reminder) finds the existing row instead of adding one.
    key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="notification_due_idx"),
            models.Index(fields=["target_type", "target_id"], name="notification_target_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.email} ({self.get_status_display()})"


class Heartbeat(models.Model):
    """When a periodic job last ran, so that a silent scheduler is noticed."""

    name = models.CharField(max_length=60, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class ReminderOptOut(models.Model):
    """A person who asked not to receive reminders (invitations and notices still go out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_opt_out",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self):
        return str(self.user)
