"""Covering indexes for the Klantinteracties API's list of klantcontacten (PostgreSQL only).

The list is ordered newest first (``occurred_at``, ``id``) and usually filtered on the confidentiality rule, the
channel or ``contact_succeeded``. With those columns in the index a page deep in the list is an index-only scan
instead of thousands of heap visits. SQLite has no covering indexes and serves small databases; it gets none.
They live here rather than in ``Question.Meta`` because Django warns (models.W040) on every command where a
model declares an index the database cannot build.
"""

from django.db import migrations

INDEXES = {
    "question_api_order_idx": "(occurred_at, id) INCLUDE (is_confidential, channel_id, contact_succeeded)",
    "question_api_channel_idx": "(channel_id, occurred_at, id) INCLUDE (is_confidential, contact_succeeded)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON contacts_question {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0006_question_answers")]

    operations = [migrations.RunPython(create, drop)]
