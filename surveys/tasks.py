"""The surveys' periodic jobs (beat runs them)."""

from celery import shared_task

from surveys import feedback


@shared_task(ignore_result=True)
def send_feedback_surveys():
    """Make, launch and send the feedback surveys of the forums and meetings that ended."""
    return len(feedback.make_due())
