from django.db import migrations
from django.utils import timezone


def create_default_protocol(apps, schema_editor):
    Protocol = apps.get_model("catalogue", "Protocol")
    ProtocolVersion = apps.get_model("catalogue", "ProtocolVersion")
    protocol, _ = Protocol.objects.get_or_create(code="standaard", defaults={"name": "Standaard"})
    ProtocolVersion.objects.get_or_create(
        protocol=protocol, number=1, defaults={"level": "standaard", "published_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_initial")]
    operations = [migrations.RunPython(create_default_protocol, migrations.RunPython.noop)]
