from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "voorkant.registers"
    verbose_name = "Registers"
