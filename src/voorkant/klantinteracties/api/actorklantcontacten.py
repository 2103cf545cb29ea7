"""Actorklantcontacten: actors besides the agent that took part in a klantcontact."""

from __future__ import annotations

from voorkant.contacts.models import (
    ActorInvolvement,
)
from voorkant.contacts.services import klantcontacts as services
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.klantinteracties.api.klantcontacten import visible_actors
from voorkant.privacy.access import api_visible_questions

# --- Actorklantcontacten ------------------------------------------------------------------------------------


class ActorKlantcontactInput(f.StrictSerializer):
    uuid = f.read_only()
    url = f.read_only()
    actor = f.RelatedField(queryset=visible_actors, target="ActorForeignKey")
    klantcontact = f.RelatedField(queryset=api_visible_questions, target="KlantcontactForeignKey")


class ActorKlantcontactResource(Resource):
    segment = "actorklantcontacten"
    schema_name = "ActorKlantcontact"
    model = ActorInvolvement
    input_serializer = ActorKlantcontactInput
    log_reads = False
    filters = {
        "actor__url": Filter("actor__uuid", "url"),
        "actor__uuid": Filter("actor__uuid", "uuid"),
        "klantcontact__url": Filter("question__uuid", "url"),
        "klantcontact__uuid": Filter("question__uuid", "uuid"),
    }

    def queryset(self, request):
        return ActorInvolvement.objects.filter(question__in=api_visible_questions(request))

    def prefetch(self, qs, ctx):
        return qs.select_related("actor", "question")

    def render(self, obj, ctx):
        return {
            "uuid": str(obj.uuid),
            "url": ctx.url(self.segment, obj.uuid),
            "actor": ctx.ref("actoren", obj.actor),
            "klantcontact": ctx.ref("klantcontacten", obj.question),
        }

    def save(self, request, instance, data, partial):
        return services.actor_involvement_save(
            actor_label=actor_label(request),
            instance=instance,
            question=data.get("klantcontact", instance.question if instance else None),
            actor=data.get("actor", instance.actor if instance else None),
        )

    def delete(self, request, instance):
        services.actor_involvement_delete(actor_label=actor_label(request), instance=instance)
