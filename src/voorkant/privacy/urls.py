from django.urls import path

from voorkant.privacy import views

app_name = "privacy"

urlpatterns = [
    path("verwerkingen/", views.processing_log, name="log"),
]
