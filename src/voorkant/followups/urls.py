from django.urls import path

from voorkant.followups.views import create, inbox, routing

app_name = "followups"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("herverdelen/", inbox.bulk_reassign, name="bulk_reassign"),
    path("overzicht/", inbox.leader_overview, name="overview"),
    path("nieuw/<uuid:uuid>/", create.followup_new, name="new"),
    path("nieuw/<uuid:uuid>/vragen/", create.followup_new_questions, name="new_questions"),
    path("routering/", routing.rule_list, name="routing"),
    path("routering/nieuw/", routing.rule_edit, name="routing_add"),
    path("routering/<int:pk>/", routing.rule_edit, name="routing_edit"),
    path("routering/<int:pk>/verplaatsen/", routing.rule_move, name="routing_move"),
    path("routering/<int:pk>/verwijderen/", routing.rule_delete, name="routing_delete"),
    path("<uuid:uuid>/", inbox.task_detail, name="task"),
    path("<uuid:uuid>/<slug:action>/", inbox.task_action, name="action"),
]
