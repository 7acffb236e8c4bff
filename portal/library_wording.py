"""Django's own French for the messages Django REST framework (the API's library) translates
too.

An installed app's catalogue comes before Django's, so DRF's French would replace Django's in
every form of the portal ("adresse e-mail" for "adresse de courriel", straight apostrophes).
The portal's catalogue comes before both: naming the messages here puts them in it, with
Django's wording."""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
]
