from django.urls import path

from voorkant.dashboard.api import views

app_name = "dashboard-api"

urlpatterns = [path("kpis", views.kpis, name="kpis")]
