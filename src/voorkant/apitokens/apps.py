from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "voorkant.apitokens"
    verbose_name = "API-sleutels"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from voorkant.apitokens import openapi  # noqa: F401 - registers the token scheme with drf-spectacular
        from voorkant.apitokens.models import ApiToken
        from voorkant.apitokens.services import api_token_cache_clear

        # A token changed anywhere in this process (admin, beheer screens) must not be served from the cache.
        def clear(**kwargs):
            api_token_cache_clear()

        post_save.connect(clear, sender=ApiToken, weak=False, dispatch_uid="apitoken-cache-save")
        post_delete.connect(clear, sender=ApiToken, weak=False, dispatch_uid="apitoken-cache-delete")
