"""The integrity hub: what the portal makes public about the relationship, and where to report."""

from django.shortcuts import render


def home(request):
    return render(request, "integrity/home.html", {})
