from django.urls import path

from voorkant.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_index, name="list"),
    path("live/", views.live_region, name="live"),
    path("<int:notification_id>/gelezen/", views.mark_read, name="mark_read"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("mededeling/", views.broadcast, name="broadcast"),
]
