from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "voorkant.dashboard"
    label = "dashboard"
    verbose_name = "Managementinformatie"

    def ready(self) -> None:
        from django.apps import apps

        # The follow-up KPIs come from the dashboard's own follow-up rollup, fed by the follow-ups' events.
        if apps.is_installed("voorkant.followups"):
            from voorkant.dashboard.followup_kpis import register_followup_kpis

            register_followup_kpis()
