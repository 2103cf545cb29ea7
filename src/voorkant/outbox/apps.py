from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "voorkant.outbox"
    verbose_name = "E-mail"

    def ready(self) -> None:
        from voorkant.outbox import checks  # noqa: F401 - registers the demo-mode mail check
