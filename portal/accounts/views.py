from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp import views as totp_views
from allauth.mfa.totp.internal import flows as totp_flows
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal.accounts import tokens as access_tokens
from portal.accounts.forms import PreferencesForm, TokenForm
from portal.accounts.language import set_language_cookie
from portal.accounts.models import PersonalAccessToken


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your preferences have been saved."))
        return set_language_cookie(redirect("accounts:preferences"), user.language)
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
def tokens(request):
    """The person's API tokens, and a form for a new one. A new token's key is shown on the
    answer to the form, once: it is not stored, and no redirect carries it."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, key = access_tokens.create_token(
                acting_user=request.user,
                name=data["name"],
                scope=data["scope"],
                expiry_days=data["expiry_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    mine = PersonalAccessToken.objects.filter(user=request.user).order_by(
        "revoked_at", "-created_at", "-pk"
    )
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "key": key, "tokens": mine, "now": timezone.now()},
    )


@login_required
def token_revoke(request, pk):
    """POST only; someone else's token is 404 whatever the method."""
    token = get_object_or_404(PersonalAccessToken, pk=pk, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    access_tokens.revoke_token(token, acting_user=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


def _same_origin(request):
    """Whether a browser sent this POST from one of the portal's own pages: modern browsers
    name the page's origin in `Origin` on every POST (a form on another site cannot hide it).
    Without the header (an old browser, a script), there is nothing to check."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt
@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user's choice is kept on their account.

    Django's view checks the language and where to go back to; the cookie is set (again) by
    set_language_cookie, the one place that sets it.

    A signed-in person's switch changes their account: the usual CSRF check applies. A
    visitor's page is the same for every visitor (portal/pagecache.py) and so carries no CSRF
    token; their switch is checked by its origin instead. What a forged switch could do to a
    visitor is show them the other language, which the same buttons undo."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    elif not _same_origin(request):
        raise PermissionDenied
    response = django_set_language(request)
    language = request.POST.get("language")
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


class ActivateTOTPView(totp_views.ActivateTOTPView):
    """allauth's TOTP setup, which also counts as passing the second factor in this session.

    Setting it up takes a code from the new authenticator, so the officer has just proved
    they hold it; without this record the second-factor check (portal.middleware) would ask
    them for another code at once. allauth offers no public call for the record: this is the
    one it makes itself when a code is given at sign-in.
    """

    def form_valid(self, form):
        totp, recovery_codes = totp_flows.activate_totp(self.request, form)
        self.did_generate_recovery_codes = bool(recovery_codes)
        record_authentication(self.request, totp.user, "mfa", id=totp.pk, type=totp.type)
        return redirect(self.get_success_url())


activate_totp = ActivateTOTPView.as_view()
