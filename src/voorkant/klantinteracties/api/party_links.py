"""Vertegenwoordigingen ("namens") and rekeningnummers: what hangs on a party."""

from __future__ import annotations

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.klantinteracties.api.partijen import party_subjects
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    BankAccount,
    Representation,
)
from voorkant.privacy.access import api_visible_parties

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
