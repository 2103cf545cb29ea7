from django.urls import path

from voorkant.parties import views

app_name = "parties"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("<uuid:party_uuid>/", views.klantbeeld, name="klantbeeld"),
    path("<uuid:party_uuid>/bsn-tonen/", views.reveal_bsn, name="reveal_bsn"),
    path("gesprek/<uuid:draft_uuid>/bsn-tonen/", views.reveal_draft_bsn, name="reveal_draft_bsn"),
]
