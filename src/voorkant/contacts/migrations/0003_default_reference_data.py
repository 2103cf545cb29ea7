from django.db import migrations


def create_defaults(apps, schema_editor):
    from voorkant.contacts.reference_data import DEFAULT_CHANNELS, DEFAULT_OUTCOMES

    Channel = apps.get_model("contacts", "Channel")
    Outcome = apps.get_model("contacts", "Outcome")
    for order, (code, name) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(DEFAULT_OUTCOMES):
        Outcome.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
