from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """allauth writes the site's name in its e-mails; make it the portal's, not example.com."""
    Site = apps.get_model("sites", "Site")
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
