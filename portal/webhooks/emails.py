"""The e-mail telling officers that an endpoint was switched off after repeated failures."""

from django.conf import settings
from django.urls import reverse

from portal import emailpreview
from portal.notifications import registry
from portal.notifications.emails import render_email
from portal.webhooks.models import Endpoint
from portal.webhooks.services import DISABLED_KIND


@registry.renderer(DISABLED_KIND)
def render_endpoint_disabled(notification):
    endpoint = Endpoint.objects.filter(pk=notification.target_id).first()
    if endpoint is None or endpoint.active:
        return None  # deleted or switched back on since
    url = f"{settings.SITE_URL}{reverse('webhooks:detail', args=[endpoint.pk])}"
    return render_email(
        "webhooks-disabled",
        notification.email,
        {"endpoint": endpoint, "url": url, "failures": endpoint.consecutive_failures},
    )


@emailpreview.register("webhooks-disabled")
def endpoint_disabled_preview(name):
    endpoint = Endpoint(
        pk=1,
        name="Observatoire du commerce extérieur",
        url="https://observatoire.example.org/portail/evenements",
        active=False,
        consecutive_failures=10,
        disabled_reason="HTTP 503",
        disabled_at=emailpreview.moment(0, 10, 15),
    )
    url = f"{settings.SITE_URL}{reverse('webhooks:detail', args=[endpoint.pk])}"
    return {"context": {"endpoint": endpoint, "url": url, "failures": 10}}
