from celery import shared_task

from consultations.services import consultations


@shared_task(ignore_result=True)
def close_expired():
    return consultations.close_expired()
