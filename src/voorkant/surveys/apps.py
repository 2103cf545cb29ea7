from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "voorkant.surveys"
    verbose_name = "Klanttevredenheid"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from voorkant.surveys.defaults import ensure_defaults

        # After the contacts app's hook, which seeds the channels the defaults refer to.
        post_migrate.connect(ensure_defaults, sender=self)

        # The dashboard's satisfaction KPIs come from here once both apps are installed.
        if apps.is_installed("voorkant.dashboard"):
            from voorkant.surveys.kpis import register

            register()
