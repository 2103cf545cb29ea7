"""Partijen, partij-identificatoren, digitale adressen, vertegenwoordigingen, rekeningnummers, categorieën."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.request import Request

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.contacts import (
    AdresInput,
    ContactnaamInput,
    visible_involvements,
)
from voorkant.klantinteracties.api.framework import Filter, RenderContext, Resource, actor_label
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    AddressKind,
    BankAccount,
    Category,
    CategoryRelation,
    DigitalAddress,
    IdentifierType,
    ObjectType,
    Party,
    PartyIdentifier,
    PartyKind,
    Register,
    Representation,
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


def _unsupported_address(qs, value):
    # Voorkant keeps no addresses on a party: any non-empty address filter matches nothing.
    return qs.none() if value else qs


class PartijResource(Resource):
    segment = "partijen"
    schema_name = "Partij"
    model = Party
    input_serializer = PartijInput
    expand_choices = ("betrokkenen", "betrokkenen.hadKlantcontact", "categorieRelaties", "digitaleAdressen")
    _address = {
        f"{kind}{part}": Filter("", apply=_unsupported_address)
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
            out["categorieRelaties"] = [category_relation(r, ctx) for r in obj.expanded_relations]
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
        "anderePartijIdentificator": Filter("", apply=_unsupported_address),
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


# --- Vertegenwoordigingen, rekeningnummers, categorieën -----------------------------------------------------


class VertegenwoordigingInput(f.StrictSerializer):
    MODEL_TO_API = {"representative": "vertegenwoordigendePartij", "represented": "vertegenwoordigdePartij"}
    uuid = f.read_only()
    url = f.read_only()
    vertegenwoordigendePartij = f.RelatedField(queryset=api_visible_parties, target="PartijForeignKey")
    vertegenwoordigdePartij = f.RelatedField(queryset=api_visible_parties, target="PartijForeignKey")


class VertegenwoordigingResource(Resource):
    segment = "vertegenwoordigingen"
    schema_name = "Vertegenwoordigden"
    model = Representation
    input_serializer = VertegenwoordigingInput
    filters = {
        "vertegenwoordigdePartij__url": Filter("represented__uuid", "url"),
        "vertegenwoordigdePartij__uuid": Filter("represented__uuid", "uuid"),
        "vertegenwoordigendePartij__url": Filter("representative__uuid", "url"),
        "vertegenwoordigendePartij__uuid": Filter("representative__uuid", "uuid"),
    }

    def queryset(self, request):
        parties = api_visible_parties(request)
        return Representation.objects.filter(representative__in=parties, represented__in=parties)

    def prefetch(self, qs, ctx):
        return qs.select_related("representative", "represented")

    def render(self, obj, ctx):
        return {
            "uuid": str(obj.uuid),
            "url": ctx.url(self.segment, obj.uuid),
            "vertegenwoordigendePartij": ctx.ref("partijen", obj.representative),
            "vertegenwoordigdePartij": ctx.ref("partijen", obj.represented),
        }

    def subjects(self, objs):
        return party_subjects([p for o in objs for p in (o.representative, o.represented)])

    def save(self, request, instance, data, partial):
        values = {}
        if "vertegenwoordigendePartij" in data:
            values["representative"] = data["vertegenwoordigendePartij"]
        if "vertegenwoordigdePartij" in data:
            values["represented"] = data["vertegenwoordigdePartij"]
        return services.representation_save(
            actor_label=actor_label(request), representation=instance, changes=values
        )

    def delete(self, request, instance):
        services.representation_delete(actor_label=actor_label(request), representation=instance)


class RekeningnummerInput(f.StrictSerializer):
    MODEL_TO_API = {"party": "partij"}
    uuid = f.read_only()
    url = f.read_only()
    partij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignKey", required=False, allow_null=True
    )
    iban = f.StrictCharField(
        max_length=34, pattern=r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$", allow_blank=False
    )
    bic = f.StrictCharField(max_length=11, min_length=8, required=False, pattern=r"^[\S]+$")


class RekeningnummerResource(Resource):
    segment = "rekeningnummers"
    schema_name = "Rekeningnummer"
    model = BankAccount
    input_serializer = RekeningnummerInput
    filters = {"bic": Filter("bic"), "iban": Filter("iban"), "uuid": Filter("uuid", "uuid")}

    def queryset(self, request):
        parties = api_visible_parties(request)
        return BankAccount.objects.filter(party__in=parties) | BankAccount.objects.filter(party__isnull=True)

    def prefetch(self, qs, ctx):
        return qs.select_related("party")

    def render(self, obj, ctx):
        body = {
            "uuid": str(obj.uuid),
            "url": ctx.url(self.segment, obj.uuid),
            "partij": ctx.ref("partijen", obj.party),
            "iban": obj.iban,
        }
        if obj.bic:
            body["bic"] = obj.bic
        return body

    def subjects(self, objs):
        return party_subjects(o.party for o in objs)

    def save(self, request, instance, data, partial):
        values = {"party": data["partij"]} if "partij" in data else {}
        values.update({k: data[k] for k in ("iban", "bic") if k in data})
        return services.bank_account_save(actor_label=actor_label(request), account=instance, changes=values)

    def delete(self, request, instance):
        services.bank_account_delete(actor_label=actor_label(request), account=instance)


class CategorieInput(f.StrictSerializer):
    MODEL_TO_API = {"name": "naam"}
    uuid = f.read_only()
    url = f.read_only()
    naam = f.StrictCharField(max_length=80, required=False)


class CategorieResource(Resource):
    segment = "categorieen"
    schema_name = "Categorie"
    model = Category
    input_serializer = CategorieInput
    log_reads = False

    def queryset(self, request):
        return Category.objects.all()

    def render(self, obj, ctx):
        return {"uuid": str(obj.uuid), "url": ctx.url(self.segment, obj.uuid), "naam": obj.name}

    def save(self, request, instance, data, partial):
        values = {"name": data["naam"]} if "naam" in data else {}
        return services.category_save(actor_label=actor_label(request), category=instance, changes=values)

    def delete(self, request, instance):
        services.category_delete(actor_label=actor_label(request), category=instance)


def category_relation(obj, ctx: RenderContext) -> dict:
    category = obj.category
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("categorie-relaties", obj.uuid),
        "partij": ctx.ref("partijen", obj.party),
        "categorie": (
            {"uuid": str(category.uuid), "url": ctx.url("categorieen", category.uuid), "naam": category.name}
            if category
            else None
        ),
        "beginDatum": obj.start_date.isoformat() if obj.start_date else None,
        "eindDatum": obj.end_date.isoformat() if obj.end_date else None,
    }


class CategorieRelatieInput(f.StrictSerializer):
    MODEL_TO_API = {
        "party": "partij",
        "category": "categorie",
        "start_date": "beginDatum",
        "end_date": "eindDatum",
    }
    uuid = f.read_only()
    url = f.read_only()
    partij = f.RelatedField(
        queryset=api_visible_parties, target="PartijForeignkeyBase", required=False, allow_null=True
    )
    categorie = f.RelatedField(
        queryset=lambda r: Category.objects.all(),
        target="CategorieForeignKey",
        required=False,
        allow_null=True,
    )
    beginDatum = f.StrictDateField(required=False, allow_null=True)
    eindDatum = f.StrictDateField(required=False, allow_null=True)


class CategorieRelatieResource(Resource):
    segment = "categorie-relaties"
    schema_name = "CategorieRelatie"
    model = CategoryRelation
    input_serializer = CategorieRelatieInput
    filters = {
        "beginDatum": Filter("start_date", "date"),
        "categorie__naam": Filter("category__name"),
        "categorie__url": Filter("category__uuid", "url"),
        "categorie__uuid": Filter("category__uuid", "uuid"),
        "eindDatum": Filter("end_date", "date"),
        "partij__nummer": Filter("party__number"),
        "partij__url": Filter("party__uuid", "url"),
        "partij__uuid": Filter("party__uuid", "uuid"),
    }

    def queryset(self, request):
        parties = api_visible_parties(request)
        return CategoryRelation.objects.filter(party__in=parties) | CategoryRelation.objects.filter(
            party__isnull=True
        )

    def prefetch(self, qs, ctx):
        return qs.select_related("party", "category")

    def render(self, obj, ctx):
        return category_relation(obj, ctx)

    def subjects(self, objs):
        return party_subjects(o.party for o in objs)

    def save(self, request, instance, data, partial):
        names = {
            "partij": "party",
            "categorie": "category",
            "beginDatum": "start_date",
            "eindDatum": "end_date",
        }
        values = {model: data[api] for api, model in names.items() if api in data}
        return services.category_relation_save(
            actor_label=actor_label(request), relation=instance, changes=values
        )

    def delete(self, request, instance):
        services.category_relation_delete(actor_label=actor_label(request), relation=instance)
