from django.db import migrations

SECTORS = [
    "agriculture", "mining", "cotton", "food", "energy", "construction", "manufacturing",
    "pharma", "vehicles", "electronics", "trade", "logistics", "finance", "services", "public",
]


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("stakeholders", "Sector")
    for code in SECTORS:
        Sector.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(add_sectors, migrations.RunPython.noop)]
