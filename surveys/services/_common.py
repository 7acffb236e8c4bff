from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


def lock_survey(survey):
    """The survey's row, locked until the transaction ends: every write to a survey, its
    questions, answers, invitations or publication takes it first, then checks."""
    from surveys.models import Survey

    return Survey.objects.select_for_update().get(pk=survey.pk)
