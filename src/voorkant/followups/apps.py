from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "voorkant.followups"
    verbose_name = "Vervolgacties"
