from django.urls import path

from voorkant.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("zoeken/", views.search_view, name="search"),
    path("nieuws/", views.news_list, name="news"),
    path("nieuws/belangrijk/", views.news_important, name="news_important"),
    path("beheer/", views.editor_list, name="editor_list"),
    path("nieuw/", views.item_edit, name="create"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("synoniemen/", views.synonyms, name="synonyms"),
    path("synoniemen/<int:pk>/", views.synonyms, name="synonym_edit"),
    path("<uuid:uuid>/", views.item_detail, name="detail"),
    path("<uuid:uuid>/bewerken/", views.item_edit, name="edit"),
    path("<uuid:uuid>/herzien/", views.item_reviewed, name="reviewed"),
    path("<uuid:uuid>/feedback/", views.feedback_create, name="feedback"),
]
