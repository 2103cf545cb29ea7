from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "voorkant.events"
    verbose_name = "Domeingebeurtenissen"
