from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "voorkant.contacts"
    verbose_name = "Klantcontacten"
