from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "voorkant.catalogue"
    verbose_name = "Producten en protocollen"
