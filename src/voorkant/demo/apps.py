from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "voorkant.demo"
    verbose_name = "Demogegevens"
