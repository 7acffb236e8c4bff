from django.db import migrations

from portal.accounts.roles import sync_group_permissions


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_officer_unit")]

    operations = [migrations.RunPython(sync_group_permissions, migrations.RunPython.noop)]
