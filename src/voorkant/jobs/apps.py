from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "voorkant.jobs"
    verbose_name = "Achtergrondtaken"

    def ready(self) -> None:
        from importlib import import_module

        from django.conf import settings
        from django.utils.module_loading import autodiscover_modules

        # Every app declares its jobs in tasks.py and its event subscribers in subscribers.py; importing them
        # here fills the registry in every process (web server and worker alike), so enqueue can check names.
        autodiscover_modules("tasks")
        autodiscover_modules("subscribers")
        # Extra modules with jobs outside the installed apps (plug-ins, test support, benchmarks).
        for module in settings.JOBS_TASK_MODULES:
            import_module(module)
