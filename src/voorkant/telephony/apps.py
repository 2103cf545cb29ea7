from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "voorkant.telephony"
    verbose_name = "Telefonie"

    def ready(self) -> None:
        from django.apps import apps

        # The dashboard's phone KPIs come from here once both apps are installed.
        if apps.is_installed("voorkant.dashboard"):
            from voorkant.telephony.kpis import register

            register()
