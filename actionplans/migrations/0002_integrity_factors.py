from django.db import migrations

# The ten factors of the WCO Revised Arusha Declaration, in the Declaration's order.
FACTORS = [
    "leadership",
    "regulatory_framework",
    "transparency",
    "automation",
    "reform",
    "audit",
    "code_of_conduct",
    "human_resources",
    "morale",
    "private_sector",
]


def add_factors(apps, schema_editor):
    IntegrityFactor = apps.get_model("actionplans", "IntegrityFactor")
    for position, code in enumerate(FACTORS, start=1):
        IntegrityFactor.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_initial")]

    operations = [migrations.RunPython(add_factors, migrations.RunPython.noop)]
