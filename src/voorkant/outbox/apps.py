from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "voorkant.outbox"
    verbose_name = "E-mail"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from voorkant.outbox import checks  # noqa: F401 - registers the demo-mode mail check
        from voorkant.outbox.defaults import ensure_default_templates
        from voorkant.outbox.models import EmailTemplate
        from voorkant.outbox.services import template_cache_clear

        post_save.connect(template_cache_clear, sender=EmailTemplate, dispatch_uid="outbox-template-save")
        post_delete.connect(template_cache_clear, sender=EmailTemplate, dispatch_uid="outbox-template-delete")
        post_migrate.connect(ensure_default_templates, sender=self)
