from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "voorkant.knowledge"
    verbose_name = "Kennisbank"
