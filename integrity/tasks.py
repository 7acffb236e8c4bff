"""The integrity app's periodic tasks."""

from celery import shared_task

# --- Complaints -----------------------------------------------------------------------------


@shared_task(ignore_result=True)
def complaint_deadlines():
    """Daily: remind the unit of cases nearing a deadline, escalate late ones to its heads."""
    from integrity.services import complaints

    return complaints.complaint_deadlines()
