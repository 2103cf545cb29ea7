"""Betrokkenen: who took part in a klantcontact, with or without a stored partij."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.request import Request

from voorkant.contacts.models import (
    Involvement,
    InvolvementRole,
)
from voorkant.contacts.services import klantcontacts as services
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, RenderContext, Resource, actor_label
from voorkant.klantinteracties.api.klantcontacten import visible_involvements
from voorkant.parties.models import DigitalAddress
from voorkant.privacy.access import api_visible_parties, api_visible_questions
from voorkant.privacy.services import Subject

# --- Betrokkenen --------------------------------------------------------------------------------------------


class ContactnaamInput(f.StrictSerializer):
    voorletters = f.StrictCharField(max_length=10, required=False)
    voornaam = f.StrictCharField(max_length=200, required=False)
    voorvoegselAchternaam = f.StrictCharField(max_length=10, required=False)
    achternaam = f.StrictCharField(max_length=200, required=False)


class AdresInput(f.StrictSerializer):
    """Addresses of a betrokkene are not kept by Voorkant: only null or an empty object is accepted."""

    def validate(self, attrs):
        if attrs:
            raise f.serializers.ValidationError("Voorkant bewaart geen adressen bij een betrokkene.")
        return attrs


class BetrokkeneInput(f.StrictSerializer):
    MODEL_TO_API = {"party": "wasPartij", "question": "hadKlantcontact", "role": "rol"}
    uuid = f.read_only()
    url = f.read_only()
    digitaleAdressen = f.read_only()
    volledigeNaam = f.read_only()
    wasPartij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignKey", required=False, allow_null=True
    )
    hadKlantcontact = f.RelatedField(queryset=api_visible_questions, target="KlantcontactForeignKey")
    bezoekadres = f.serializers.DictField(required=False, allow_null=True)
    correspondentieadres = f.serializers.DictField(required=False, allow_null=True)
    contactnaam = ContactnaamInput(required=False, allow_null=True)
    rol = f.StrictChoiceField(choices=InvolvementRole.values)
    organisatienaam = f.StrictCharField(max_length=200, required=False)
    initiator = f.StrictBooleanField()

    def validate(self, attrs):
        for name in ("bezoekadres", "correspondentieadres"):
            if attrs.get(name):
                raise f.serializers.ValidationError(
                    {name: ["Voorkant bewaart geen adressen bij een betrokkene."]}
                )
        return attrs


class BetrokkeneInMaak(BetrokkeneInput):
    """The betrokkene inside maak-klantcontact: its klantcontact is the one being made."""

    hadKlantcontact = f.read_only()


def involvement_fields(data: dict) -> dict:
    values = {}
    if "wasPartij" in data:
        values["party"] = data["wasPartij"]
    if "rol" in data:
        values["role"] = data["rol"]
    if "initiator" in data:
        values["is_initiator"] = data["initiator"]
    if "organisatienaam" in data:
        values["organisation_name"] = data["organisatienaam"]
    if "contactnaam" in data:
        name = data["contactnaam"] or {}
        values.update(
            initials=name.get("voorletters", ""),
            first_name=name.get("voornaam", ""),
            surname_prefix=name.get("voorvoegselAchternaam", ""),
            surname=name.get("achternaam", ""),
        )
    return values


class BetrokkeneResource(Resource):
    segment = "betrokkenen"
    schema_name = "Betrokkene"
    model = Involvement
    input_serializer = BetrokkeneInput
    expand_choices = ("digitaleAdressen",)
    _pi = "party__identifiers__"
    filters = {
        "contactnaamAchternaam": Filter("surname"),
        "contactnaamVoorletters": Filter("initials"),
        "contactnaamVoornaam": Filter("first_name"),
        "contactnaamVoorvoegselAchternaam": Filter("surname_prefix"),
        "hadKlantcontact__nummer": Filter("question__number"),
        "hadKlantcontact__referentienummer": Filter("question__reference_number"),
        "hadKlantcontact__url": Filter("question__uuid", "url"),
        "hadKlantcontact__uuid": Filter("question__uuid", "uuid"),
        "organisatienaam": Filter("organisation_name"),
        "verstrektedigitaalAdres__adres": Filter("digital_addresses__address", distinct=True),
        "verstrektedigitaalAdres__url": Filter("digital_addresses__uuid", "url", distinct=True),
        "verstrektedigitaalAdres__uuid": Filter("digital_addresses__uuid", "uuid", distinct=True),
        "wasPartij__nummer": Filter("party__number"),
        "wasPartij__partijIdentificator__codeObjecttype": Filter(_pi + "object_type", distinct=True),
        "wasPartij__partijIdentificator__codeRegister": Filter(_pi + "register", distinct=True),
        "wasPartij__partijIdentificator__codeSoortObjectId": Filter(_pi + "identifier_type", distinct=True),
        "wasPartij__partijIdentificator__objectId": Filter(_pi + "value", distinct=True),
        "wasPartij__url": Filter("party__uuid", "url"),
        "wasPartij__uuid": Filter("party__uuid", "uuid"),
    }

    def queryset(self, request: Request) -> QuerySet:
        return visible_involvements(request)

    def prefetch(self, qs: QuerySet, ctx: RenderContext) -> QuerySet:
        addresses = DigitalAddress.objects.select_related("party", "involvement")
        return qs.select_related("party", "question").prefetch_related(
            Prefetch("digital_addresses", queryset=addresses)
        )

    def render(self, obj, ctx: RenderContext) -> dict:
        return render.involvement(obj, ctx)

    def render_expand(self, obj, ctx: RenderContext) -> dict:
        return {"digitaleAdressen": [render.digital_address(a, ctx) for a in obj.digital_addresses.all()]}

    def subjects(self, objs: list) -> list[Subject]:
        return [Subject("partij", str(o.party.uuid)) for o in objs if o.party_id]

    def save(self, request: Request, instance, data: dict, partial: bool):
        values = involvement_fields(data)
        if instance is None:
            return services.involvement_create(
                actor_label=actor_label(request), question=data["hadKlantcontact"], fields=values
            )
        return services.involvement_update(
            actor_label=actor_label(request),
            involvement=instance,
            changes=values,
            question=data.get("hadKlantcontact"),
        )

    def delete(self, request: Request, instance) -> None:
        services.involvement_delete(actor_label=actor_label(request), involvement=instance)
