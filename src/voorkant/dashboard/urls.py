from django.urls import path

from voorkant.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("vandaag/", views.today, name="today"),
    path("vandaag/live/", views.today_live, name="today_live"),
    path("mijn-cijfers/", views.mine, name="mine"),
    path("mijn-cijfers/export.<str:fmt>", views.mine_export, name="mine_export"),
    path("export.<str:fmt>", views.export, name="export"),
    path("normen/", views.norms, name="norms"),
]
