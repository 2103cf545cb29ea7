from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "voorkant.apitokens"
    verbose_name = "API-sleutels"
