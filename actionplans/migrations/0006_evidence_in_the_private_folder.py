"""Move evidence files uploaded before into the private folder (actionplans.models
.PRIVATE_FOLDER), which is never served as media."""

from django.core.files.storage import default_storage
from django.db import migrations

OLD = "actionplans/evidence/"
NEW = "private/actionplans/evidence/"


def move(apps, schema_editor, source=OLD, target=NEW):
    Evidence = apps.get_model("actionplans", "Evidence")
    for item in Evidence.objects.filter(file__startswith=source).iterator():
        name = target + item.file.name.removeprefix(source)
        if default_storage.exists(item.file.name):
            with default_storage.open(item.file.name, "rb") as handle:
                name = default_storage.save(name, handle)
            default_storage.delete(item.file.name)
        item.file.name = name
        item.save(update_fields=["file"])


def move_back(apps, schema_editor):
    move(apps, schema_editor, source=NEW, target=OLD)


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0005_action_code_case_insensitive_responsible_officers")]

    operations = [migrations.RunPython(move, move_back)]
