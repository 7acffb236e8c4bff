"""allauth's sign-up form, doing the same work whether or not the address has an account.

With ACCOUNT_PREVENT_ENUMERATION, a sign-up with an address that already has an account makes
no account and answers with the same page as any sign-up ("check your e-mail"; the owner of
the address is told of their account by e-mail). But it hashed no password, and hashing is
most of a sign-up's time: 46 ms against 827 ms told anyone with a stopwatch which addresses
have an account. So that path hashes the password typed, as making the account would.

A module of its own: allauth's forms module imports ACCOUNT_SIGNUP_FORM_CLASS (the extra
fields, stakeholders.forms.SignupForm), so that one cannot import allauth's forms back.
"""

from allauth.account.forms import SignupForm
from django.contrib.auth.hashers import make_password


class PortalSignupForm(SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same work; the hash is dropped
        return super().try_save(request)
