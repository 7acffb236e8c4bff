from celery import shared_task

from actionplans import services


@shared_task(ignore_result=True)
def send_weekly_digests():
    return services.send_weekly_digests()
