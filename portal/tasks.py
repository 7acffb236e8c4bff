"""The platform's own periodic tasks (the apps keep theirs in their tasks.py)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def clear_expired_sessions():
    # Sessions live in the database; Django never deletes an expired one by itself.
    call_command("clearsessions")
