"""The Klantinteracties API 0.9.0 under /klantinteracties/api/v1/."""

from django.urls import path

from voorkant.klantinteracties.api.maak import MaakKlantcontactView
from voorkant.klantinteracties.api.registry import RESOURCES, collection_view, item_view

app_name = "klantinteracties"

urlpatterns = [path("maak-klantcontact", MaakKlantcontactView.as_view(), name="maak-klantcontact")]
# Klantcontacten, the busiest resource, first: Django tries the patterns in order.
for resource in sorted(RESOURCES, key=lambda r: r.segment != "klantcontacten"):
    urlpatterns += [
        path(f"{resource.segment}", collection_view(resource), name=f"{resource.segment}-list"),
        path(f"{resource.segment}/<uuid:uuid>", item_view(resource), name=f"{resource.segment}-detail"),
    ]
