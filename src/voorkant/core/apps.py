from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "voorkant.core"
    verbose_name = "Kern"
