import pytest


@pytest.fixture
def email_templates(db):
    """The default templates (re-created: a transactional test elsewhere may have flushed the table)."""
    import importlib

    from voorkant.outbox.models import EmailTemplate

    defaults = importlib.import_module("voorkant.outbox.migrations.0002_default_templates").TEMPLATES
    for values in defaults:
        EmailTemplate.objects.get_or_create(code=values["code"], defaults=values)
