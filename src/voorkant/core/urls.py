from django.urls import path

from voorkant.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("beheer/", views.administration, name="administration"),
]
