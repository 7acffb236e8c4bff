"""Validators every text field of the portal's forms gets (see PortalConfig.ready)."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 control characters and DEL, except tab, line feed and carriage return, which people type.
# NUL is left to Django's own ProhibitNullCharactersValidator, so it is reported once.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@deconstructible
class ProhibitControlCharactersValidator:
    """Refuse invisible control characters: nobody types them, they come from pasted binary or
    a hostile client, and they break the spreadsheet (XLSX), PDF and calendar exports later."""

    message = _(
        "This text contains invisible control characters; remove them (retype the text "
        "rather than paste it)."
    )
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ProhibitControlCharactersValidator)
