from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "voorkant.notifications"
    verbose_name = "Meldingen"
