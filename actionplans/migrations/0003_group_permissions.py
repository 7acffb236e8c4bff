from django.db import migrations

from portal.accounts.roles import sync_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0002_integrity_factors"),
        ("accounts", "0002_groups"),
    ]

    operations = [migrations.RunPython(sync_group_permissions, migrations.RunPython.noop)]
