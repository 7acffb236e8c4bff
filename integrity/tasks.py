from celery import shared_task

from integrity.services import register


@shared_task(ignore_result=True)
def publish_register():
    """Daily: make the entries of held meetings still missing one, then publish, marked late,
    the drafts whose due date has passed."""
    made = register.sync_from_meetings()
    published = register.publish_overdue()
    return {"made": made, "published": published}
