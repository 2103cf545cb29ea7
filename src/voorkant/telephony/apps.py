from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "voorkant.telephony"
    verbose_name = "Telefonie"
