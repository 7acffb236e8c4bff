"""The integrity hub: what the portal makes public about the relationship, and where to report."""

from django.shortcuts import render

from portal import permissions


def home(request):
    return render(
        request,
        "integrity/home.html",
        {"is_integrity_unit": permissions.is_integrity_unit(request.user)},
    )
