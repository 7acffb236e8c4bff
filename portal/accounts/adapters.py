from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation

from portal.accounts import hooks
from portal.accounts.models import User
from portal.notifications import queue as notifications


class AccountAdapter(DefaultAccountAdapter):
    """Ties allauth to the portal's rules.

    Sign-up only ever makes private-sector accounts, and account e-mails go out through the
    notification queue so that a request never waits on SMTP.
    """

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # Whatever was posted, sign-up never yields a customs account, staff or superuser.
        user.kind = User.Kind.PRIVATE
        user.is_staff = False
        user.is_superuser = False
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.phone = form.cleaned_data.get("phone", "").strip()
        language = translation.get_language() or "fr"
        user.language = "en" if language.startswith("en") else "fr"
        if commit:
            with transaction.atomic():
                user.save()
                # E.g. the new account asks to join the organisation chosen or proposed at
                # sign-up (stakeholders); it acts for nobody until the request is approved.
                hooks.signed_up(user, form)
        return user

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            hooks.address_confirmed(email_address.user)
        return confirmed

    def send_mail(self, template_prefix, email, context):
        # allauth's e-mails greet and sign with `current_site` ("Hello from …!"): the portal's
        # name and address from the settings (SITE_NAME, SITE_URL), whatever the Sites row says.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        msg = self.render_mail(
            template_prefix, email, {**context, "email": email, "current_site": site}
        )
        notifications.queue_message(msg)
