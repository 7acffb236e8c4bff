"""The forums' feedback now lives in the survey engine: surveys 0003 moved its rows there
first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_registration_wants_messages"),
        ("surveys", "0003_forum_feedback_moved"),
    ]

    operations = [
        migrations.DeleteModel(name="Feedback"),
    ]
