from django.urls import path

from voorkant.surveys import views

app_name = "surveys"

urlpatterns = [
    path("resultaten/", views.results, name="results"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("<str:token>/", views.respond, name="respond"),
    path("<str:token>/afmelden/", views.opt_out_view, name="opt_out"),
]
