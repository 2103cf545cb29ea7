from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "voorkant.dashboard"
    label = "dashboard"
    verbose_name = "Managementinformatie"
