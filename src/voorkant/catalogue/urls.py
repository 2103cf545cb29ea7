from django.urls import path

from voorkant.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("producten/", views.product_list, name="product_list"),
    path("producten/nieuw/", views.product_add, name="product_add"),
    path("producten/<uuid:uuid>/", views.product_edit, name="product_edit"),
    path("protocollen/", views.protocol_list, name="protocol_list"),
    path("protocollen/<slug:code>/", views.protocol_detail, name="protocol_detail"),
    path("protocollen/<slug:code>/voorstel/", views.proposal_create, name="proposal_create"),
    path("voorstellen/<uuid:uuid>/", views.proposal_decision, name="proposal_decision"),
    path("signaal/", views.signal_create, name="signal_create"),
]
