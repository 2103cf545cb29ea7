from django.urls import path

from voorkant.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("vandaag/", views.today, name="today"),
    path("export.<str:fmt>", views.export, name="export"),
    path("normen/", views.norms, name="norms"),
]
