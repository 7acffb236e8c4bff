"""The integrity hub: what the portal makes public about the relationship with the private
sector (the register of contacts, the gifts register, the complaint statistics), where anyone
reports a breach, and each officer's own integrity work."""

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from integrity.models import Complaint, ContactEntry, GiftDeclaration
from integrity.statistics import MINIMUM
from portal import permissions


def _last_twelve_months():
    """The figures of the past year the hub shows to everyone. Three queries."""
    since = timezone.localdate() - timedelta(days=365)
    register = ContactEntry.objects.filter(contact_date__gte=since).aggregate(
        published=Count("pk", filter=Q(status=ContactEntry.Status.PUBLISHED)),
        withheld=Count("pk", filter=Q(status=ContactEntry.Status.WITHHELD)),
    )
    received = Complaint.objects.filter(received_at__date__gte=since).count()
    return {
        **register,
        "declarations": GiftDeclaration.objects.filter(created_at__date__gte=since).count(),
        # The statistics' rule: no count under MINIMUM is shown.
        "complaints": received if received >= MINIMUM else None,
    }


def home(request):
    user = request.user
    return render(
        request,
        "integrity/home.html",
        {
            "figures": _last_twelve_months(),
            "minimum": MINIMUM,
            "is_customs": permissions.is_customs(user),
            "is_integrity_unit": permissions.is_integrity_unit(user),
            "is_gift_supervisor": permissions.is_gift_supervisor(user),
        },
    )
