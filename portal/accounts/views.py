from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal.accounts.forms import PreferencesForm


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your preferences have been saved."))
        response = redirect("accounts:preferences")
        response.set_cookie(
            "portal_language", user.language, max_age=60 * 60 * 24 * 365, samesite="Lax"
        )
        return response
    return render(request, "accounts/preferences.html", {"form": form})


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user's choice is kept on their account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in ("fr", "en"):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
