from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django import forms

        from portal.validators import ProhibitControlCharactersValidator

        # Every text field of every form (ours, allauth's, the admin's) refuses control
        # characters, as Django's CharField already refuses NUL: one place, no form forgets it.
        # Subclasses with their own validators (EmailField, URLField, SlugField) refuse them too.
        forms.CharField.default_validators = [ProhibitControlCharactersValidator()]

        from portal import lookups

        lookups.register()
