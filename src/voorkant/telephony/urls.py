from django.urls import path

from voorkant.telephony import views

app_name = "telephony"

urlpatterns = [
    path("", views.wallboard_view, name="wallboard"),
    path("intervallen/", views.intervals_view, name="intervals"),
    path("planning/", views.planning_view, name="planning"),
    path("wat-als/", views.whatif_view, name="whatif"),
    path("gesprekken/<int:call_pk>/gesprek/", views.conversation_start_view, name="conversation_start"),
]
