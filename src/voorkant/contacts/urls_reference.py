"""Reference-data screens (channels, outcomes), mounted under /beheer/."""

from django.urls import path

from voorkant.contacts.views import reference as views

app_name = "reference"

urlpatterns = [
    path("kanalen/", views.reference_list, {"kind": "channel"}, name="channels"),
    path("kanalen/nieuw/", views.reference_edit, {"kind": "channel"}, name="channel_add"),
    path("kanalen/<int:pk>/", views.reference_edit, {"kind": "channel"}, name="channel_edit"),
    path("uitkomsten/", views.reference_list, {"kind": "outcome"}, name="outcomes"),
    path("uitkomsten/nieuw/", views.reference_edit, {"kind": "outcome"}, name="outcome_add"),
    path("uitkomsten/<int:pk>/", views.reference_edit, {"kind": "outcome"}, name="outcome_edit"),
]
