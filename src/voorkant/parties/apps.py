from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "voorkant.parties"
    verbose_name = "Partijen"
