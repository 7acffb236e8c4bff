"""The surveys' periodic jobs (beat runs them)."""

from celery import shared_task

from surveys import feedback
from surveys.services import answers


@shared_task(ignore_result=True)
def send_feedback_surveys():
    """Make, launch and send the feedback surveys of the forums and meetings that ended."""
    return len(feedback.make_due())


@shared_task(ignore_result=True)
def mix_anonymous_responses():
    """Rewrite the new anonymous responses in random order (surveys.services.answers)."""
    return answers.mix_anonymous_responses()
