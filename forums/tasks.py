"""The forums' periodic jobs (beat runs them)."""

from celery import shared_task

from forums import webhooks


@shared_task(ignore_result=True)
def announce_opened_registrations():
    return webhooks.announce_opened_registrations()
