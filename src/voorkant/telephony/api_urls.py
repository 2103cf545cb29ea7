from django.urls import path

from voorkant.telephony.api import TelephonyEventsView

app_name = "telephony_api"

urlpatterns = [
    path("events", TelephonyEventsView.as_view(), name="events"),
]
