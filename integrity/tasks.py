"""The integrity app's periodic tasks."""

from celery import shared_task

# --- The register of contacts ---------------------------------------------------------------


@shared_task(ignore_result=True)
def publish_register():
    """Daily: make the entries of held meetings still missing one, then publish, marked late,
    the drafts whose due date has passed."""
    from integrity.services import register

    made = register.sync_from_meetings()
    published = register.publish_overdue()
    return {"made": made, "published": published}


# --- Complaints -----------------------------------------------------------------------------


@shared_task(ignore_result=True)
def complaint_deadlines():
    """Daily: remind the unit of cases nearing a deadline, escalate late ones to its heads."""
    from integrity.services import complaints

    return complaints.complaint_deadlines()
