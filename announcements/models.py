"""An announcement, and the organisations it reached.

The tables keep the names they had when announcements lived in portal.notifications
(`notifications_...`): the app moved, its rows did not.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal import permissions


class AnnouncementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Announcements are Customs' own record of what it wrote to whom: officers only."""
        return self if permissions.is_customs(user) else self.none()


class Announcement(models.Model):
    """A message Customs wrote to a segment of the registry (services.send_announcement).

    The segment is kept as the filters the officer chose, as the stakeholder list takes them;
    the organisations it reached, and how many of their contacts, are in `reached`. Each
    e-mail is a Notification row of kind "announcement" whose target is this announcement.
    """

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), help_text=_("Markdown."))
    filters = models.JSONField(_("segment"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("e-mails"), default=0)
    # The preview's one-time token: a second click on "Send" finds the announcement the first
    # one made instead of writing to everybody twice.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    history = HistoricalRecords(table_name="notifications_historicalannouncement")
    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        db_table = "notifications_announcement"
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("announcements:detail", args=[self.pk])


class AnnouncementOrganization(models.Model):
    """An organisation an announcement reached, and how many of its contacts it wrote to."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reached")
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="announcements_received",
    )
    contacts = models.PositiveIntegerField(_("contacts"))

    class Meta:
        db_table = "notifications_announcementorganization"
        verbose_name = _("organisation reached")
        verbose_name_plural = _("organisations reached")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "organization"], name="announcement_organization_unique"
            )
        ]

    def __str__(self):
        return f"{self.announcement} → {self.organization}"
