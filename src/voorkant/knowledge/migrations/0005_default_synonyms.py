"""A starting synonym list: words callers use for what the texts call otherwise. The redacteur edits it.

Each group was added for a miss on the tuning half of the search-quality set or as plain everyday
vocabulary of a KCC; none was added for a held-out query (see docs/knowledge.md).
"""

from django.db import migrations

GROUPS = [
    ("id-kaart\nidkaart\nidentiteitskaart", "spreektaal voor de identiteitskaart"),
    ("bsn\nburgerservicenummer", "afkorting"),
    ("kosten\nkost\nprijs\ntarief\nbetalen", "wat kost het? (vraag naar kosten)"),
    ("overlijden\noverleden\ngestorven\ndood\nsterfgeval", "overlijden in spreektaal"),
    ("uitschrijven\nafmelden\nemigreren\nemigratie", "vertrek naar het buitenland"),
    ("18\nachttien", "leeftijd in cijfers of letters"),
    ("inzien\nkijken\nbekijken\ninkijken", "wie mag mijn gegevens zien"),
    ("bezwaar\nniet eens\noneens", "het niet eens zijn met een besluit"),
    ("afval\nafvalstoffenheffing\nvuilnis\nhuisvuil", "afvalheffing van de gemeente"),
    ("aanslag\nbelastingaanslag", "aanslag van de gemeente"),
    ("stemmen\nverkiezing\nverkiezingen", "verkiezingen in spreektaal"),
]


def add_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("knowledge", "SynonymGroup")
    for terms, note in GROUPS:
        SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})


def remove_groups(apps, schema_editor):
    apps.get_model("knowledge", "SynonymGroup").objects.filter(terms__in=[t for t, _n in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_index_state_row")]

    operations = [migrations.RunPython(add_groups, remove_groups)]
