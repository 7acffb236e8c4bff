from celery import shared_task

from meetings.services import reminders


@shared_task(ignore_result=True)
def refresh_reminders():
    """Daily: extend long series' reminders as their horizon moves on."""
    return reminders.refresh_reminders()
