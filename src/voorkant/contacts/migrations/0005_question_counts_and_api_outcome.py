from django.db import migrations


def seed(apps, schema_editor):
    Question = apps.get_model("contacts", "Question")
    QuestionCount = apps.get_model("contacts", "QuestionCount")
    Outcome = apps.get_model("contacts", "Outcome")
    for confidential in (False, True):
        QuestionCount.objects.update_or_create(
            is_confidential=confidential,
            defaults={"total": Question.objects.filter(is_confidential=confidential).count()},
        )
    # Questions registered by another system through the API carry no outcome of ours.
    Outcome.objects.get_or_create(
        code="via-koppeling",
        defaults={"name": "Geregistreerd via een koppeling", "category": "overig", "order": 90},
    )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0004_klantinteracties_pieces")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
