from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "voorkant.privacy"
    verbose_name = "Privacy"
