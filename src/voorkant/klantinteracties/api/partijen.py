"""Partijen (persons, contact persons, organisations): over parties services."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.request import Request

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.betrokkenen import AdresInput, ContactnaamInput
from voorkant.klantinteracties.api.framework import Filter, RenderContext, Resource, actor_label
from voorkant.klantinteracties.api.klantcontacten import visible_involvements
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    CategoryRelation,
    DigitalAddress,
    Party,
    PartyKind,
)
from voorkant.privacy.access import api_visible_parties
from voorkant.privacy.services import Subject

PARTY_SELECT = ("preferred_address", "works_for")
PARTY_PREFETCH = (
    "involvements",
    "category_relations",
    "digital_addresses",
    "representations__represented",
    "bank_accounts",
    "identifiers__sub_identifier_of",
)


def party_subjects(parties) -> list[Subject]:
    return [Subject("partij", str(p.uuid)) for p in parties if p is not None]


# --- Partijen -----------------------------------------------------------------------------------------------


class PartijIdentificatieInput(f.StrictSerializer):
    """The union of the three kinds' partijIdentificatie; the kind decides which keys may be used."""

    contactnaam = ContactnaamInput(required=False, allow_null=True)
    volledigeNaam = f.read_only()
    naam = f.StrictCharField(max_length=200, required=False)
    uuid = f.read_only()
    werkteVoorPartij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignKey", required=False, allow_null=True
    )


class PartijInput(f.StrictSerializer):
    MODEL_TO_API = {
        "kind": "soortPartij",
        "internal_note": "interneNotitie",
        "preferred_language": "voorkeurstaal",
        "is_active": "indicatieActief",
        "organisation_name": "partijIdentificatie.naam",
        "works_for": "partijIdentificatie.werkteVoorPartij",
        "preferred_address": "voorkeursDigitaalAdres",
    }
    uuid = f.read_only()
    url = f.read_only()
    betrokkenen = f.read_only()
    categorieRelaties = f.read_only()
    vertegenwoordigden = f.read_only()
    nummer = f.StrictCharField(max_length=10, required=False, allow_null=True)
    interneNotitie = f.StrictCharField(max_length=1000, required=False)
    digitaleAdressen = f.serializers.ListField(required=False, allow_null=True)
    voorkeursDigitaalAdres = f.RelatedField(
        queryset=lambda r: DigitalAddress.objects.all(),
        target="DigitaalAdresForeignKey",
        required=False,
        allow_null=True,
    )
    rekeningnummers = f.serializers.ListField(required=False, allow_null=True)
    voorkeursRekeningnummer = f.serializers.DictField(required=False, allow_null=True)
    partijIdentificatoren = f.serializers.ListField(required=False, allow_null=True)
    soortPartij = f.StrictChoiceField(choices=PartyKind.values)
    indicatieGeheimhouding = f.StrictBooleanField(required=False, allow_null=True)
    voorkeurstaal = f.StrictCharField(max_length=3, required=False, pattern=r"^[a-z]{3}$")
    indicatieActief = f.StrictBooleanField()
    bezoekadres = AdresInput(required=False, allow_null=True)
    correspondentieadres = AdresInput(required=False, allow_null=True)
    partijIdentificatie = PartijIdentificatieInput(required=False)

    def validate(self, attrs):
        # Relations of a party are made through their own resources; here only an unchanged list is accepted.
        instance = self.context.get("instance")
        for name, related in (
            ("digitaleAdressen", "digital_addresses"),
            ("rekeningnummers", "bank_accounts"),
        ):
            given = attrs.get(name)
            if not given:
                continue
            current = (
                {str(u) for u in getattr(instance, related).values_list("uuid", flat=True)}
                if instance
                else set()
            )
            uuids = {
                item["uuid"] for item in given if isinstance(item, dict) and isinstance(item.get("uuid"), str)
            }
            if len(uuids) != len(given) or uuids != current:
                raise f.serializers.ValidationError(
                    {name: [f"Koppel {name} via de eigen resource; hier kan de lijst niet veranderen."]}
                )
        if attrs.get("partijIdentificatoren"):
            raise f.serializers.ValidationError(
                {"partijIdentificatoren": ["Maak identificatoren via /partij-identificatoren."]}
            )
        if attrs.get("voorkeursRekeningnummer"):
            raise f.serializers.ValidationError(
                {"voorkeursRekeningnummer": ["Voorkant houdt geen voorkeursrekeningnummer bij."]}
            )
        kind = attrs.get("soortPartij") or (instance.kind if instance else None)
        ident = {k: v for k, v in (attrs.get("partijIdentificatie") or {}).items() if v is not None}
        allowed = {
            PartyKind.PERSON: {"contactnaam"},
            PartyKind.ORGANISATION: {"naam"},
            PartyKind.CONTACT_PERSON: {"contactnaam", "werkteVoorPartij"},
        }.get(kind, set())
        wrong = set(ident) - allowed
        if wrong:
            raise f.serializers.ValidationError(
                {f"partijIdentificatie.{n}": ["Hoort niet bij deze soort partij."] for n in sorted(wrong)}
            )
        preferred = attrs.get("voorkeursDigitaalAdres")
        if preferred is not None and (instance is None or preferred.party_id != instance.pk):
            raise f.serializers.ValidationError(
                {"voorkeursDigitaalAdres": ["Kies een digitaal adres van deze partij."]}
            )
        return attrs


def party_fields(data: dict) -> dict:
    values = {}
    simple = {
        "soortPartij": "kind",
        "interneNotitie": "internal_note",
        "voorkeurstaal": "preferred_language",
        "indicatieActief": "is_active",
        "voorkeursDigitaalAdres": "preferred_address",
    }
    for api, model in simple.items():
        if api in data:
            values[model] = data[api]
    if "indicatieGeheimhouding" in data:
        values["is_confidential_address"] = bool(data["indicatieGeheimhouding"])
    ident = data.get("partijIdentificatie")
    if ident is not None:
        if ident.get("naam") is not None:
            values["organisation_name"] = ident["naam"]
        if "werkteVoorPartij" in ident:
            values["works_for"] = ident["werkteVoorPartij"]
        if "contactnaam" in ident:
            name = ident["contactnaam"] or {}
            values.update(
                initials=name.get("voorletters", ""),
                first_name=name.get("voornaam", ""),
                surname_prefix=name.get("voorvoegselAchternaam", ""),
                surname=name.get("achternaam", ""),
            )
    return values


def unsupported_filter(qs, value):
    # Voorkant keeps no addresses on a party: any non-empty address filter matches nothing.
    return qs.none() if value else qs


class PartijResource(Resource):
    segment = "partijen"
    schema_name = "Partij"
    model = Party
    input_serializer = PartijInput
    expand_choices = ("betrokkenen", "betrokkenen.hadKlantcontact", "categorieRelaties", "digitaleAdressen")
    _address = {
        f"{kind}{part}": Filter("", apply=unsupported_filter)
        for kind in ("bezoekadres", "correspondentieadres")
        for part in ("Adresregel1", "Adresregel2", "Adresregel3", "Land", "NummeraanduidingId")
    }
    filters = {
        **_address,
        "categorierelatie__categorie__naam": Filter("category_relations__category__name", distinct=True),
        "indicatieActief": Filter("is_active", "boolean"),
        "indicatieGeheimhouding": Filter("is_confidential_address", "boolean"),
        "nummer": Filter("number"),
        "partijIdentificator__codeObjecttype": Filter("identifiers__object_type", distinct=True),
        "partijIdentificator__codeRegister": Filter("identifiers__register", distinct=True),
        "partijIdentificator__codeSoortObjectId": Filter("identifiers__identifier_type", distinct=True),
        "partijIdentificator__objectId": Filter("identifiers__value", distinct=True),
        "soortPartij": Filter("kind", "enum", choices=tuple(PartyKind.values)),
        "subIdentificatorVan__codeObjecttype": Filter(
            "identifiers__sub_identifier_of__object_type", distinct=True
        ),
        "subIdentificatorVan__codeRegister": Filter(
            "identifiers__sub_identifier_of__register", distinct=True
        ),
        "subIdentificatorVan__codeSoortObjectId": Filter(
            "identifiers__sub_identifier_of__identifier_type", distinct=True
        ),
        "subIdentificatorVan__objectId": Filter("identifiers__sub_identifier_of__value", distinct=True),
        "vertegenwoordigdePartij__url": Filter("representations__represented__uuid", "url", distinct=True),
        "vertegenwoordigdePartij__uuid": Filter("representations__represented__uuid", "uuid", distinct=True),
    }

    def queryset(self, request: Request) -> QuerySet:
        return api_visible_parties(request)

    def prefetch(self, qs: QuerySet, ctx: RenderContext) -> QuerySet:
        qs = qs.select_related(*PARTY_SELECT).prefetch_related(*PARTY_PREFETCH)
        if "betrokkenen" in ctx.expand or "betrokkenen.hadKlantcontact" in ctx.expand:
            involvements = (
                visible_involvements(ctx.request)
                .select_related("question")
                .prefetch_related("digital_addresses")
            )
            if "betrokkenen.hadKlantcontact" in ctx.expand:
                involvements = involvements.select_related(
                    "question__channel", "question__conversation__agent"
                )
                involvements = involvements.prefetch_related(
                    *[
                        f"question__{n}"
                        for n in ("involvements", "subject_objects", "attachments", "internal_tasks")
                    ],
                    "question__actor_involvements__actor",
                )
            qs = qs.prefetch_related(
                Prefetch("involvements", queryset=involvements, to_attr="expanded_involvements")
            )
        if "categorieRelaties" in ctx.expand:
            qs = qs.prefetch_related(
                Prefetch(
                    "category_relations",
                    queryset=CategoryRelation.objects.select_related("category"),
                    to_attr="expanded_relations",
                )
            )
        return qs

    def render(self, obj, ctx):
        return render.party(obj, ctx)

    def render_expand(self, obj, ctx):
        out: dict = {}
        if "betrokkenen" in ctx.expand or "betrokkenen.hadKlantcontact" in ctx.expand:
            items = []
            for involvement in obj.expanded_involvements:
                item = render.involvement(involvement, ctx)
                if "betrokkenen.hadKlantcontact" in ctx.expand:
                    item["_expand"] = {"hadKlantcontact": render.question(involvement.question, ctx)}
                items.append(item)
            out["betrokkenen"] = items
        if "categorieRelaties" in ctx.expand:
            out["categorieRelaties"] = [render.category_relation(r, ctx) for r in obj.expanded_relations]
        if "digitaleAdressen" in ctx.expand:
            out["digitaleAdressen"] = [render.digital_address(a, ctx) for a in obj.digital_addresses.all()]
        return out

    def subjects(self, objs):
        return party_subjects(objs)

    def save(self, request, instance, data, partial):
        return services.party_save(
            actor_label=actor_label(request), party=instance, changes=party_fields(data)
        )

    def delete(self, request, instance):
        services.party_delete(actor_label=actor_label(request), party=instance)
