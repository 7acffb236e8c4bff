# Announcements moved to their own app (announcements.0001_initial took them over, tables and
# all). This removes them from this app's record without touching their tables, and gives
# their content types to the new app: the same rows, relabelled, so that the permissions, the
# admin's log entries and the announcement e-mails' Notification.target_type that point to
# them keep pointing to them.

from django.db import migrations

MODELS = ["announcement", "historicalannouncement", "announcementorganization"]


def _relabel(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = rows.filter(app_label=source, model=model).first()
        if old is None:
            continue  # never made (a new database): post_migrate makes it under its app
        # A row under the new label may have been made meanwhile (by a migration that makes
        # permissions, run between the two): the old one wins, since it is the one pointed to.
        rows.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def to_announcements(apps, schema_editor):
    _relabel(apps, schema_editor, "notifications", "announcements")


def to_notifications(apps, schema_editor):
    _relabel(apps, schema_editor, "announcements", "notifications")


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_announcements'),
        ('announcements', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay: they are announcements.Announcement's now (same names).
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='announcementorganization',
                    name='announcement',
                ),
                migrations.RemoveField(
                    model_name='announcementorganization',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='historicalannouncement',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='historicalannouncement',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='Announcement',
                ),
                migrations.DeleteModel(
                    name='AnnouncementOrganization',
                ),
                migrations.DeleteModel(
                    name='HistoricalAnnouncement',
                ),
            ],
        ),
        migrations.RunPython(to_announcements, to_notifications),
    ]
