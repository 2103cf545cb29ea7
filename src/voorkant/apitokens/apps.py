from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "voorkant.apitokens"
    verbose_name = "API-sleutels"

    def ready(self) -> None:
        from voorkant.apitokens import openapi  # noqa: F401 - registers the token scheme with drf-spectacular
