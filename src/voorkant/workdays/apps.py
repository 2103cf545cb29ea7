from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "voorkant.workdays"
    verbose_name = "Werkdagen en openingstijden"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from voorkant.workdays.calendar import clear_calendar_cache
        from voorkant.workdays.models import ClosureDay, DecreeDay, OpeningHours

        # A change made in this process shows at once; other processes pick it up after the cache expires.
        for model in (OpeningHours, ClosureDay, DecreeDay):
            post_save.connect(
                clear_calendar_cache, sender=model, dispatch_uid=f"workdays-{model.__name__}-save"
            )
            post_delete.connect(
                clear_calendar_cache, sender=model, dispatch_uid=f"workdays-{model.__name__}-del"
            )
