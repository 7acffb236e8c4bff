"""The dispatcher's Celery tasks (beat runs them; the queue's nudge sends dispatch_due)."""

from celery import shared_task

from portal.notifications import dispatcher


@shared_task(ignore_result=True)
def dispatch_due():
    return dispatcher.dispatch_due()


@shared_task(ignore_result=True)
def purge_old():
    return dispatcher.purge_old()
