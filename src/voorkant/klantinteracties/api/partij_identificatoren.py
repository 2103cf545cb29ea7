"""Partij-identificatoren: a party's BSN, KvK number, vestigingsnummer or RSIN."""

from __future__ import annotations

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.klantinteracties.api.partijen import party_subjects, unsupported_filter
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    IdentifierType,
    ObjectType,
    PartyIdentifier,
    Register,
)
from voorkant.privacy.access import api_visible_parties
from voorkant.privacy.services import Subject

# --- Partij-identificatoren ---------------------------------------------------------------------------------


class PartijIdentificatorGroepInput(f.StrictSerializer):
    codeObjecttype = f.StrictChoiceField(choices=ObjectType.values)
    codeSoortObjectId = f.StrictChoiceField(choices=IdentifierType.values)
    objectId = f.StrictCharField(max_length=200)
    codeRegister = f.StrictChoiceField(choices=Register.values)


class PartijIdentificatorInput(f.StrictSerializer):
    MODEL_TO_API = {
        "party": "identificeerdePartij",
        "value": "partijIdentificator.objectId",
        "sub_identifier_of": "subIdentificatorVan",
    }
    uuid = f.read_only()
    url = f.read_only()
    identificeerdePartij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignKey", required=False, allow_null=True
    )
    anderePartijIdentificator = f.StrictCharField(max_length=200, required=False)
    partijIdentificator = PartijIdentificatorGroepInput()
    subIdentificatorVan = f.RelatedField(
        queryset=lambda r: PartyIdentifier.objects.all(),
        target="PartijIdentificatorForeignkey",
        required=False,
        allow_null=True,
    )

    def validate(self, attrs):
        if attrs.get("anderePartijIdentificator"):
            raise f.serializers.ValidationError(
                {"anderePartijIdentificator": ["Voorkant kent alleen de identificatoren uit de codelijsten."]}
            )
        return attrs


class PartijIdentificatorResource(Resource):
    segment = "partij-identificatoren"
    schema_name = "PartijIdentificator"
    model = PartyIdentifier
    input_serializer = PartijIdentificatorInput
    filters = {
        "anderePartijIdentificator": Filter("", apply=unsupported_filter),
        "partijIdentificatorCodeObjecttype": Filter("object_type", "enum", choices=tuple(ObjectType.values)),
        "partijIdentificatorCodeRegister": Filter("register", "enum", choices=tuple(Register.values)),
        "partijIdentificatorCodeSoortObjectId": Filter(
            "identifier_type", "enum", choices=tuple(IdentifierType.values)
        ),
        "partijIdentificatorObjectId": Filter("value"),
    }

    def queryset(self, request):
        return PartyIdentifier.objects.filter(party__in=api_visible_parties(request))

    def prefetch(self, qs, ctx):
        return qs.select_related("party", "sub_identifier_of")

    def render(self, obj, ctx):
        return render.party_identifier(obj, ctx)

    def subjects(self, objs):
        subjects = party_subjects(o.party for o in objs)
        subjects += [Subject("bsn", o.value) for o in objs if o.identifier_type == IdentifierType.BSN]
        return subjects

    def save(self, request, instance, data, partial):
        values = {}
        if "identificeerdePartij" in data:
            values["party"] = data["identificeerdePartij"]
        if "subIdentificatorVan" in data:
            values["sub_identifier_of"] = data["subIdentificatorVan"]
        group = data.get("partijIdentificator")
        if group:
            values.update(
                object_type=group["codeObjecttype"],
                identifier_type=group["codeSoortObjectId"],
                value=group["objectId"],
                register=group["codeRegister"],
            )
        return services.party_identifier_save(
            actor_label=actor_label(request), identifier=instance, changes=values
        )

    def delete(self, request, instance):
        services.party_identifier_delete(actor_label=actor_label(request), identifier=instance)
