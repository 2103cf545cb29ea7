from django.urls import path

from voorkant.contacts.views import answers
from voorkant.contacts.views import workspace as views

app_name = "contacts"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("nieuw/", views.draft_create, name="draft_create"),
    path("producten/", views.product_options, name="product_options"),
    path("vraag/<uuid:question_uuid>/antwoorden/", answers.question_answers, name="question_answers"),
    path("<uuid:draft_uuid>/", views.draft, name="draft"),
    path("<uuid:draft_uuid>/klant/", views.draft_caller, name="draft_caller"),
    path("<uuid:draft_uuid>/vraag/", views.draft_add_question, name="draft_add_question"),
    path(
        "<uuid:draft_uuid>/vraag/<int:index>/verwijderen/",
        views.draft_remove_question,
        name="draft_remove_question",
    ),
    path("<uuid:draft_uuid>/vraag/<int:index>/antwoord/", views.draft_link_answer, name="draft_link_answer"),
    path(
        "<uuid:draft_uuid>/vraag/<int:index>/product/",
        views.draft_product_changed,
        name="draft_product_changed",
    ),
    path("<uuid:draft_uuid>/afronden/", views.draft_finish, name="draft_finish"),
    path("<uuid:draft_uuid>/sluiten/", views.draft_discard, name="draft_discard"),
]
