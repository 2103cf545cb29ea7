from django.apps import AppConfig


class KlantinteractiesConfig(AppConfig):
    name = "voorkant.klantinteracties"
    verbose_name = "Klantinteracties-API"
