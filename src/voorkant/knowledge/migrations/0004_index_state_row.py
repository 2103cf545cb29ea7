from django.db import migrations


def create_state(apps, schema_editor):
    # The one counter row every change raises; created here so services never race to create it.
    apps.get_model("knowledge", "SearchIndexState").objects.get_or_create(pk=1, defaults={"counter": 0})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_content_model_search_index")]

    operations = [migrations.RunPython(create_state, migrations.RunPython.noop)]
