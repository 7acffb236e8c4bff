from django.db import migrations

from portal.accounts.roles import sync_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0003_history_of_sectors_and_imports"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(sync_group_permissions, migrations.RunPython.noop)]
