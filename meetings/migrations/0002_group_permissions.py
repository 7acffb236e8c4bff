from django.db import migrations

from portal.accounts.roles import sync_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(sync_group_permissions, migrations.RunPython.noop)]
