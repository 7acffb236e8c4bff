from celery import shared_task

from consultations import services


@shared_task(ignore_result=True)
def close_expired():
    return services.close_expired()
