"""Digitale adressen of a party or a betrokkene."""

from __future__ import annotations

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.klantinteracties.api.klantcontacten import visible_involvements
from voorkant.klantinteracties.api.partijen import party_subjects
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    AddressKind,
    DigitalAddress,
    PartyKind,
)
from voorkant.privacy.access import api_visible_parties
from voorkant.privacy.services import Subject

# --- Digitale adressen --------------------------------------------------------------------------------------


class DigitaalAdresInput(f.StrictSerializer):
    MODEL_TO_API = {
        "party": "verstrektDoorPartij",
        "involvement": "verstrektDoorBetrokkene",
        "address": "adres",
        "kind": "soortDigitaalAdres",
    }
    uuid = f.read_only()
    url = f.read_only()
    verstrektDoorBetrokkene = f.RelatedField(
        queryset=visible_involvements, target="BetrokkeneForeignKey", required=False, allow_null=True
    )
    verstrektDoorPartij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignKey", required=False, allow_null=True
    )
    adres = f.StrictCharField(max_length=80, allow_blank=False)
    soortDigitaalAdres = f.StrictChoiceField(choices=AddressKind.values)
    isStandaardAdres = f.StrictBooleanField(required=False)
    omschrijving = f.StrictCharField(max_length=40, required=False)
    referentie = f.StrictCharField(max_length=50, required=False, pattern=r"^[-a-zA-Z0-9_]+$")
    verificatieDatum = f.StrictDateField(required=False, allow_null=True)


class DigitaalAdresResource(Resource):
    segment = "digitaleadressen"
    schema_name = "DigitaalAdres"
    model = DigitalAddress
    input_serializer = DigitaalAdresInput
    expand_choices = (
        "verstrektDoorBetrokkene",
        "verstrektDoorBetrokkene.hadKlantcontact",
        "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
    )
    _pi = "party__identifiers__"
    filters = {
        "adres": Filter("address"),
        "adres__icontains": Filter("address__icontains"),
        "isGeverifieerd": Filter(
            "verified_on__isnull", "boolean", apply=lambda qs, v: qs.filter(verified_on__isnull=not v)
        ),
        "isStandaardAdres": Filter("is_default", "boolean"),
        "omschrijving": Filter("description"),
        "referentie": Filter("reference"),
        "soortDigitaalAdres": Filter("kind", "enum", choices=tuple(AddressKind.values)),
        "verificatieDatum": Filter("verified_on", "date"),
        "verificatieDatum__gt": Filter("verified_on__gt", "date"),
        "verificatieDatum__gte": Filter("verified_on__gte", "date"),
        "verificatieDatum__lt": Filter("verified_on__lt", "date"),
        "verificatieDatum__lte": Filter("verified_on__lte", "date"),
        "verstrektDoorBetrokkene__rol": Filter(
            "involvement__role", "enum", choices=("klant", "vertegenwoordiger")
        ),
        "verstrektDoorBetrokkene__url": Filter("involvement__uuid", "url"),
        "verstrektDoorBetrokkene__uuid": Filter("involvement__uuid", "uuid"),
        "verstrektDoorPartij__partijIdentificator__codeObjecttype": Filter(
            _pi + "object_type", distinct=True
        ),
        "verstrektDoorPartij__partijIdentificator__codeRegister": Filter(_pi + "register", distinct=True),
        "verstrektDoorPartij__partijIdentificator__codeSoortObjectId": Filter(
            _pi + "identifier_type", distinct=True
        ),
        "verstrektDoorPartij__partijIdentificator__objectId": Filter(_pi + "value", distinct=True),
        "verstrektDoorPartij__soortPartij": Filter("party__kind", "enum", choices=tuple(PartyKind.values)),
        "verstrektDoorPartij__url": Filter("party__uuid", "url"),
        "verstrektDoorPartij__uuid": Filter("party__uuid", "uuid"),
    }

    def queryset(self, request):
        parties = api_visible_parties(request)
        involvements = visible_involvements(request)
        return DigitalAddress.objects.filter(party__in=parties) | DigitalAddress.objects.filter(
            party__isnull=True, involvement__in=involvements
        )

    def prefetch(self, qs, ctx):
        qs = qs.select_related("party", "involvement__party", "involvement__question")
        if ctx.expand:
            qs = qs.prefetch_related("involvement__digital_addresses")
        if "verstrektDoorBetrokkene.hadKlantcontact" in ctx.expand or any(
            e.startswith("verstrektDoorBetrokkene.hadKlantcontact") for e in ctx.expand
        ):
            qs = qs.select_related(
                "involvement__question__channel", "involvement__question__conversation__agent"
            )
            qs = qs.prefetch_related(
                *[
                    f"involvement__question__{n}"
                    for n in ("involvements", "subject_objects", "attachments", "internal_tasks__assigned_to")
                ],
                "involvement__question__actor_involvements__actor",
            )
        return qs

    def render(self, obj, ctx):
        return render.digital_address(obj, ctx)

    def render_expand(self, obj, ctx):
        involvement = obj.involvement
        if involvement is None:
            return {"verstrektDoorBetrokkene": None}
        item = render.involvement(involvement, ctx)
        if any(e.startswith("verstrektDoorBetrokkene.hadKlantcontact") for e in ctx.expand):
            question = render.question(involvement.question, ctx)
            if "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken" in ctx.expand:
                question["_expand"] = {
                    "leiddeTotInterneTaken": [
                        render.internal_task(t, ctx) for t in involvement.question.internal_tasks.all()
                    ]
                }
            item["_expand"] = {"hadKlantcontact": question}
        return {"verstrektDoorBetrokkene": item}

    def subjects(self, objs):
        out = party_subjects(o.party for o in objs)
        out += [Subject(o.kind, o.normalized) for o in objs]
        return out

    def save(self, request, instance, data, partial):
        names = {
            "verstrektDoorBetrokkene": "involvement",
            "verstrektDoorPartij": "party",
            "adres": "address",
            "soortDigitaalAdres": "kind",
            "isStandaardAdres": "is_default",
            "omschrijving": "description",
            "referentie": "reference",
            "verificatieDatum": "verified_on",
        }
        values = {model: data[api] for api, model in names.items() if api in data}
        return services.digital_address_save(
            actor_label=actor_label(request), address=instance, changes=values
        )

    def delete(self, request, instance):
        services.digital_address_delete(actor_label=actor_label(request), address=instance)
