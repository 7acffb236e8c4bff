from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""
