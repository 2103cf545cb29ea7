import datetime

from django.db import migrations


def add_defaults(apps, schema_editor):
    OpeningHours = apps.get_model("workdays", "OpeningHours")
    if OpeningHours.objects.exists():
        return
    # Monday to Friday 09:00-17:00, a common KCC telephone time; the beheerder adjusts it.
    OpeningHours.objects.bulk_create(
        [OpeningHours(weekday=day, opens=datetime.time(9), closes=datetime.time(17)) for day in range(5)]
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
