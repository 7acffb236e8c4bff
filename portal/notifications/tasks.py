from celery import shared_task

from portal.notifications import services


@shared_task(ignore_result=True)
def dispatch_due():
    return services.dispatch_due()


@shared_task(ignore_result=True)
def purge_old():
    return services.purge_old()
