"""Categorieën and the categorie-relaties that give a party a category."""

from __future__ import annotations

from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import Filter, Resource, actor_label
from voorkant.klantinteracties.api.partijen import party_subjects
from voorkant.parties import party_changes as services
from voorkant.parties.models import (
    Category,
    CategoryRelation,
)
from voorkant.privacy.access import api_visible_parties


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
        return render.category_relation(obj, ctx)

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
