"""Onderwerpobjecten and bijlagen: what a klantcontact was about or came with."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.request import Request

from voorkant.contacts.models import (
    Attachment,
    SubjectObject,
)
from voorkant.contacts.services import klantcontacts as services
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.privacy.access import api_sees_confidential, api_visible_questions

# --- Onderwerpobjecten and bijlagen -------------------------------------------------------------------------


class IdentificatorInput(f.StrictSerializer):
    objectId = f.StrictCharField(max_length=200, required=False)
    codeObjecttype = f.StrictCharField(max_length=200, required=False)
    codeRegister = f.StrictCharField(max_length=200, required=False)
    codeSoortObjectId = f.StrictCharField(max_length=200, required=False)


IDENTIFICATOR_MAP = {
    "objectId": "object_id",
    "codeObjecttype": "object_type",
    "codeRegister": "register",
    "codeSoortObjectId": "id_kind",
}


def identificator_fields(group: dict | None) -> dict:
    group = group or {}
    return {model: group.get(api, "") for api, model in IDENTIFICATOR_MAP.items()}


class OnderwerpobjectInput(f.StrictSerializer):
    MODEL_TO_API = {"question": "klantcontact", "was_question": "wasKlantcontact"}
    uuid = f.read_only()
    url = f.read_only()
    klantcontact = f.RelatedField(
        queryset=api_visible_questions, target="KlantcontactForeignKey", required=False, allow_null=True
    )
    wasKlantcontact = f.RelatedField(
        queryset=api_visible_questions, target="KlantcontactForeignKey", required=False, allow_null=True
    )
    onderwerpobjectidentificator = IdentificatorInput(required=False, allow_null=True)


class OnderwerpobjectInMaak(OnderwerpobjectInput):
    klantcontact = f.read_only()


def subject_object_fields(data: dict) -> dict:
    values = {}
    if "klantcontact" in data:
        values["question"] = data["klantcontact"]
    if "wasKlantcontact" in data:
        values["was_question"] = data["wasKlantcontact"]
    if "onderwerpobjectidentificator" in data:
        values.update(identificator_fields(data["onderwerpobjectidentificator"]))
    return values


def _identificator_filters(prefix: str) -> dict[str, Filter]:
    return {f"{prefix}{api[0].upper()}{api[1:]}": Filter(model) for api, model in IDENTIFICATOR_MAP.items()}


class OnderwerpobjectResource(Resource):
    segment = "onderwerpobjecten"
    schema_name = "Onderwerpobject"
    model = SubjectObject
    input_serializer = OnderwerpobjectInput
    filters = {
        "klantcontact__url": Filter("question__uuid", "url"),
        "klantcontact__uuid": Filter("question__uuid", "uuid"),
        **_identificator_filters("onderwerpobjectidentificator"),
        "wasKlantcontact__url": Filter("was_question__uuid", "url"),
        "wasKlantcontact__uuid": Filter("was_question__uuid", "uuid"),
    }

    def queryset(self, request: Request) -> QuerySet:
        questions = api_visible_questions(request)
        qs = SubjectObject.objects.exclude(question__isnull=False, question__is_confidential=True)
        if api_sees_confidential(request):
            qs = SubjectObject.objects.all()
        return qs.filter(question__in=questions) | qs.filter(question__isnull=True)

    def prefetch(self, qs, ctx):
        return qs.select_related("question", "was_question")

    def render(self, obj, ctx):
        return render.subject_object(obj, ctx)

    def save(self, request, instance, data, partial):
        values = subject_object_fields(data)
        if instance is None:
            return services.subject_object_create(actor_label=actor_label(request), fields=values)
        return services.subject_object_update(
            actor_label=actor_label(request), instance=instance, changes=values
        )

    def delete(self, request, instance):
        services.subject_object_delete(actor_label=actor_label(request), instance=instance)


class BijlageInput(f.StrictSerializer):
    MODEL_TO_API = {"question": "wasBijlageVanKlantcontact"}
    uuid = f.read_only()
    url = f.read_only()
    wasBijlageVanKlantcontact = f.RelatedField(
        queryset=api_visible_questions, target="KlantcontactForeignKey", required=False, allow_null=True
    )
    bijlageidentificator = IdentificatorInput(required=False, allow_null=True)


class BijlageResource(Resource):
    segment = "bijlagen"
    schema_name = "Bijlage"
    model = Attachment
    input_serializer = BijlageInput
    filters = {
        **_identificator_filters("bijlageidentificator"),
        "klantcontact__uuid": Filter("question__uuid", "uuid"),
    }

    def queryset(self, request):
        questions = api_visible_questions(request)
        return Attachment.objects.filter(question__in=questions) | Attachment.objects.filter(
            question__isnull=True
        )

    def prefetch(self, qs, ctx):
        return qs.select_related("question")

    def render(self, obj, ctx):
        return render.attachment(obj, ctx)

    def save(self, request, instance, data, partial):
        values = {}
        if "wasBijlageVanKlantcontact" in data:
            values["question"] = data["wasBijlageVanKlantcontact"]
        if "bijlageidentificator" in data:
            values.update(identificator_fields(data["bijlageidentificator"]))
        if instance is None:
            return services.attachment_create(actor_label=actor_label(request), fields=values)
        return services.attachment_update(actor_label=actor_label(request), instance=instance, changes=values)

    def delete(self, request, instance):
        services.attachment_delete(actor_label=actor_label(request), instance=instance)
