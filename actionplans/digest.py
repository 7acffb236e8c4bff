"""The weekly digest: what an officer should look at among the actions they are responsible for.

Rendered when the notification is sent (the shared dispatcher calls `render_digest`), so it
says what is true that morning, and is dropped when there is nothing to report.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actionplans.health import Health
from actionplans.models import Action
from portal.notifications.emails import render_email
from portal.notifications.registry import renderer

# An action due within this many days is "due soon".
DUE_SOON_DAYS = 14


@dataclass
class Digest:
    overdue: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.overdue) + len(self.at_risk) + len(self.due_soon)

    def __bool__(self):
        return self.count > 0


def digest_for(user, today):
    """The officer's open actions that are overdue, at risk, or due within DUE_SOON_DAYS."""
    digest = Digest()
    actions = (
        Action.objects.open_commitments()
        .filter(responsible=user)
        .select_related("plan")
        .with_progress()
        .order_by("due_date", "code")
    )
    for action in actions:
        health = action.health_on(today)
        action.current_health = health
        action.url = settings.SITE_URL + reverse("actionplans:action_detail", args=[action.pk])
        if health == Health.OVERDUE:
            digest.overdue.append(action)
        elif health == Health.AT_RISK:
            digest.at_risk.append(action)
        elif health != Health.DONE and action.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            digest.due_soon.append(action)
    return digest


@renderer("actionplans.digest")
def render_digest(notification):
    user = notification.recipient
    if user is None or not user.is_active:
        return None
    today = timezone.localdate()
    digest = digest_for(user, today)
    if not digest:
        return None
    return render_email(
        "actionplans-digest",
        notification.email,
        {
            "user": user,
            "digest": digest,
            "today": today,
            "due_soon_days": DUE_SOON_DAYS,
            "mine_url": settings.SITE_URL + reverse("actionplans:my_actions"),
        },
    )


from actionplans import email_previews  # noqa: E402,F401  (registers the e-mail's preview)
