"""The officers' pages of the outgoing webhooks: endpoints, their secret, a test ping, and
the log of their deliveries. Customs' administrators only (permissions.is_webhook_manager)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.pagination import paginate
from portal.permissions import webhook_manager_required
from portal.webhooks import services
from portal.webhooks.events import EVENTS
from portal.webhooks.forms import EndpointForm
from portal.webhooks.models import Delivery, Endpoint


def _context(**extra):
    return {"enabled": settings.WEBHOOKS_ENABLED, "event_labels": EVENTS, **extra}


@webhook_manager_required
def endpoint_list(request):
    endpoints = Endpoint.objects.order_by("name", "pk")
    return render(request, "webhooks/list.html", _context(page=paginate(request, endpoints)))


@webhook_manager_required
def endpoint_create(request):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = services.save_endpoint(form.instance, acting_user=request.user)
        messages.success(
            request,
            _("Endpoint added. Give its signing secret to the receiving system."),
        )
        return redirect("webhooks:secret", endpoint.pk)
    return render(request, "webhooks/form.html", _context(form=form))


@webhook_manager_required
def endpoint_edit(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    form = EndpointForm(request.POST or None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        services.save_endpoint(form.instance, acting_user=request.user)
        messages.success(request, _("Endpoint saved."))
        return redirect("webhooks:detail", endpoint.pk)
    return render(request, "webhooks/form.html", _context(form=form, endpoint=endpoint))


@webhook_manager_required
def endpoint_detail(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    page = paginate(request, services.deliveries_of(endpoint))
    return render(request, "webhooks/detail.html", _context(endpoint=endpoint, page=page))


@webhook_manager_required
def endpoint_secret(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if request.method == "POST":
        endpoint = services.new_endpoint_secret(endpoint, acting_user=request.user)
        messages.success(
            request, _("New secret made: signatures with the old one are no longer valid.")
        )
        return redirect("webhooks:secret", endpoint.pk)
    return render(request, "webhooks/secret.html", _context(endpoint=endpoint))


@webhook_manager_required
def endpoint_delete(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if request.method == "POST":
        services.delete_endpoint(endpoint, acting_user=request.user)
        messages.success(request, _("Endpoint deleted."))
        return redirect("webhooks:list")
    return render(request, "webhooks/delete.html", _context(endpoint=endpoint))


@webhook_manager_required
@require_POST
def endpoint_ping(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    try:
        services.send_ping(endpoint, acting_user=request.user)
    except ValidationError:
        messages.warning(request, _("This endpoint is switched off: switch it on first."))
    else:
        messages.success(request, _("Test event queued: its answer appears below."))
    return redirect("webhooks:detail", endpoint.pk)


@webhook_manager_required
@require_POST
def endpoint_enable(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.reenable_endpoint(endpoint, acting_user=request.user)
    messages.success(request, _("Endpoint switched back on."))
    return redirect("webhooks:detail", endpoint.pk)


@webhook_manager_required
@require_POST
def redeliver(request, pk):
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint", "event"), pk=pk)
    try:
        services.redeliver(delivery, acting_user=request.user)
    except ValidationError:
        messages.warning(request, _("This endpoint is switched off: switch it on first."))
    else:
        messages.success(request, _("Event queued again for this endpoint."))
    return redirect("webhooks:detail", delivery.endpoint_id)
