"""Actoren (Voorkant's organisation; geautomatiseerde actoren also through the API) and interne taken."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.request import Request

from voorkant.followups import services
from voorkant.followups.models import InternalTask, TaskStatus
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, RenderContext, Resource, actor_label
from voorkant.klantinteracties.api.klantcontacten import visible_actors
from voorkant.organisation import services as organisation_services
from voorkant.organisation.models import Actor, ActorKind
from voorkant.privacy.access import api_visible_questions
from voorkant.privacy.services import Subject


def _unsupported(qs, value):
    # Voorkant's actors carry no outside identifier: a non-empty identifier filter matches nothing.
    return qs.none() if value else qs


class ActoridentificatorInput(f.StrictSerializer):
    objectId = f.StrictCharField(max_length=200, required=False, allow_blank=True)
    codeObjecttype = f.StrictCharField(max_length=200, required=False, allow_blank=True)
    codeRegister = f.StrictCharField(max_length=200, required=False, allow_blank=True)
    codeSoortObjectId = f.StrictCharField(max_length=200, required=False, allow_blank=True)

    def validate(self, attrs):
        if any(attrs.values()):
            raise f.serializers.ValidationError("Voorkant kent geen externe identificatie van actoren.")
        return attrs


class GeautomatiseerdeActorInput(f.StrictSerializer):
    functie = f.StrictCharField(max_length=40)
    omschrijving = f.StrictCharField(max_length=200, required=False, allow_blank=True)


class ActorInput(f.StrictSerializer):
    """Only geautomatiseerde actoren can be registered or changed here (see organisation.services)."""

    MODEL_TO_API = {"name": "naam", "kind": "soortActor", "is_active": "indicatieActief"}
    uuid = f.read_only()
    url = f.read_only()
    naam = f.StrictCharField(max_length=200)
    soortActor = f.StrictChoiceField(choices=ActorKind.values)
    indicatieActief = f.StrictBooleanField(required=False)
    actoridentificator = ActoridentificatorInput(required=False, allow_null=True)
    actorIdentificatie = GeautomatiseerdeActorInput(required=False)

    def validate(self, attrs):
        # soortActor is the oneOf's discriminator: the spec requires it in a PATCH as well.
        if "soortActor" not in attrs:
            raise f.serializers.ValidationError({"soortActor": ["Dit veld is verplicht."]})
        return attrs

    def validate_actorIdentificatie(self, value):
        # A PATCH makes nested fields optional in DRF; the group itself still needs its functie.
        if "functie" not in value:
            raise f.serializers.ValidationError({"functie": ["Dit veld is verplicht."]})
        return value


class ActorResource(Resource):
    """Voorkant's own domains, teams, employees and systems; only systems (geautomatiseerde actoren) can be
    registered and changed through the API, the others change in the organisation app."""

    segment = "actoren"
    schema_name = "Actor"
    model = Actor
    input_serializer = ActorInput
    log_reads = False
    ordering = ("name", "id")
    filters = {
        "actoridentificatorCodeObjecttype": Filter("", apply=_unsupported),
        "actoridentificatorCodeRegister": Filter("", apply=_unsupported),
        "actoridentificatorCodeSoortObjectId": Filter("", apply=_unsupported),
        "actoridentificatorObjectId": Filter("", apply=_unsupported),
        "indicatieActief": Filter("is_active", "boolean"),
        "naam": Filter("name"),
        "soortActor": Filter("kind", "enum", choices=tuple(ActorKind.values)),
    }

    def queryset(self, request: Request) -> QuerySet:
        return visible_actors(request)

    def render(self, obj, ctx: RenderContext) -> dict:
        return render.actor(obj, ctx)

    def save(self, request: Request, instance, data: dict, partial: bool):
        names = {"naam": "name", "soortActor": "kind", "indicatieActief": "is_active"}
        values = {model: data[api] for api, model in names.items() if api in data}
        if instance is None:
            return organisation_services.system_actor_create(**values)
        return organisation_services.system_actor_update(actor=instance, changes=values)

    def delete(self, request: Request, instance) -> None:
        organisation_services.system_actor_delete(actor=instance)


class InterneTaakInput(f.StrictSerializer):
    MODEL_TO_API = {
        "question": "aanleidinggevendKlantcontact",
        "requested_action": "gevraagdeHandeling",
        "explanation": "toelichting",
        "assigned_to": "toegewezenAanActoren",
        "resolved_at": "afgehandeldOp",
        "reference_number": "referentienummer",
    }
    uuid = f.read_only()
    url = f.read_only()
    toegewezenOp = f.read_only()
    nummer = f.StrictCharField(max_length=10, required=False, allow_null=True)
    referentienummer = f.StrictCharField(max_length=10, required=False, allow_null=True)
    gevraagdeHandeling = f.StrictCharField(max_length=200, allow_blank=False)
    aanleidinggevendKlantcontact = f.RelatedField(
        queryset=api_visible_questions, target="KlantcontactForeignKey"
    )
    toegewezenAanActor = f.RelatedField(queryset=visible_actors, target="ActorForeignKey", required=False)
    toegewezenAanActoren = f.RelatedListField(
        child=f.RelatedField(queryset=visible_actors, target="ActorForeignKey"), required=False
    )
    toelichting = f.StrictCharField(max_length=1000, required=False)
    status = f.StrictChoiceField(choices=TaskStatus.values)
    afgehandeldOp = f.StrictDateTimeField(required=False, allow_null=True)


class InterneTaakResource(Resource):
    segment = "internetaken"
    schema_name = "InterneTaak"
    model = InternalTask
    input_serializer = InterneTaakInput
    ordering = ("-assigned_at", "-id")
    filters = {
        "aanleidinggevendKlantcontact__url": Filter("question__uuid", "url"),
        "aanleidinggevendKlantcontact__uuid": Filter("question__uuid", "uuid"),
        "actoren__naam": Filter("assigned_to__name", distinct=True),
        "klantcontact__nummer": Filter("question__number"),
        "klantcontact__referentienummer": Filter("question__reference_number"),
        "klantcontact__uuid": Filter("question__uuid", "uuid"),
        "nummer": Filter("number"),
        "referentienummer": Filter("reference_number"),
        "status": Filter("status", "enum", choices=tuple(TaskStatus.values)),
        "toegewezenAanActor__url": Filter("assigned_to__uuid", "url", distinct=True),
        "toegewezenAanActor__uuid": Filter("assigned_to__uuid", "uuid", distinct=True),
        "toegewezenOp": Filter("assigned_at", "datetime"),
    }

    def queryset(self, request: Request) -> QuerySet:
        return InternalTask.objects.filter(question__in=api_visible_questions(request))

    def prefetch(self, qs: QuerySet, ctx: RenderContext) -> QuerySet:
        return qs.select_related("question").prefetch_related("assigned_to")

    def render(self, obj, ctx: RenderContext) -> dict:
        return render.internal_task(obj, ctx)

    def subjects(self, objs: list) -> list[Subject]:
        from voorkant.contacts.models import Involvement

        uuids = Involvement.objects.filter(
            question_id__in=[o.question_id for o in objs], party__isnull=False
        ).values_list("party__uuid", flat=True)
        return [Subject("partij", str(u)) for u in uuids]

    def save(self, request: Request, instance, data: dict, partial: bool):
        names = {
            "aanleidinggevendKlantcontact": "question",
            "gevraagdeHandeling": "requested_action",
            "toelichting": "explanation",
            "status": "status",
            "afgehandeldOp": "resolved_at",
        }
        values = {model: data[api] for api, model in names.items() if api in data}
        if "referentienummer" in data:
            values["reference_number"] = data["referentienummer"] or ""
        actors = None
        if "toegewezenAanActoren" in data or "toegewezenAanActor" in data:
            actors = list(data.get("toegewezenAanActoren") or [])
            if data.get("toegewezenAanActor") is not None and data["toegewezenAanActor"] not in actors:
                actors.insert(0, data["toegewezenAanActor"])
        return services.internal_task_save(
            actor_label=actor_label(request), task=instance, changes=values, actors=actors
        )

    def delete(self, request: Request, instance) -> None:
        services.internal_task_delete(actor_label=actor_label(request), task=instance)
