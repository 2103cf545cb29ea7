"""Klantcontacten: over the contacts services (the list itself: klantcontact_rows)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.request import Request

from voorkant.apitokens.models import ApiToken
from voorkant.contacts.models import (
    ActorInvolvement,
    Involvement,
    Question,
    SubjectObject,
)
from voorkant.contacts.models import Channel as ContactChannel
from voorkant.contacts.services import klantcontacts as services
from voorkant.contacts.services.counts import question_counts
from voorkant.followups.models import InternalTask
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.framework import (
    Filter,
    Listing,
    Page,
    RenderContext,
    Resource,
    actor_label,
)
from voorkant.klantinteracties.api.klantcontact_rows import (
    created_klantcontact_json,
    klantcontact_listing,
    klantcontact_page,
)
from voorkant.organisation.models import Actor
from voorkant.parties.models import DigitalAddress
from voorkant.privacy.access import api_sees_confidential, api_visible_questions
from voorkant.privacy.services import Subject

READ_ONLY_REFS = ("uuid", "url")


def visible_actors(request):
    return Actor.objects.all()


def visible_involvements(request) -> QuerySet:
    return Involvement.objects.filter(question__in=api_visible_questions(request))


def _read_only(*names: str) -> dict:
    return {name: f.read_only() for name in names}


# --- Klantcontacten -----------------------------------------------------------------------------------------


class KlantcontactInput(f.StrictSerializer):
    MODEL_TO_API = {
        "subject": "onderwerp",
        "note": "inhoud",
        "response": "reactie",
        "language": "taal",
        "occurred_at": "plaatsgevondenOp",
        "reference_number": "referentienummer",
        "main_subject_type": "hoofdOnderwerpType",
    }
    uuid = f.read_only()
    url = f.read_only()
    gingOverOnderwerpobjecten = f.read_only()
    hadBetrokkenActoren = f.read_only()
    omvatteBijlagen = f.read_only()
    hadBetrokkenen = f.read_only()
    leiddeTotInterneTaken = f.read_only()
    nummer = f.StrictCharField(max_length=10, required=False, allow_null=True)
    referentienummer = f.StrictCharField(max_length=10, required=False, allow_null=True)
    kanaal = f.StrictCharField(max_length=50, allow_blank=False)
    onderwerp = f.StrictCharField(max_length=200)
    inhoud = f.StrictCharField(max_length=1000, required=False)
    reactie = f.StrictCharField(max_length=4000, required=False)
    indicatieContactGelukt = f.StrictBooleanField(required=False, allow_null=True)
    hoofdOnderwerpType = f.StrictCharField(max_length=200, required=False)
    verdereActieOndernomen = f.StrictBooleanField(required=False)
    taal = f.StrictCharField(max_length=3, pattern=r"^[a-z]{3}$")
    vertrouwelijk = f.StrictBooleanField()
    plaatsgevondenOp = f.StrictDateTimeField(required=False)
    metadata = f.StrictDictField(required=False)


QUESTION_MAP = {
    "onderwerp": "subject",
    "inhoud": "note",
    "reactie": "response",
    "indicatieContactGelukt": "contact_succeeded",
    "verdereActieOndernomen": "further_action_taken",
    "taal": "language",
    "vertrouwelijk": "is_confidential",
    "plaatsgevondenOp": "occurred_at",
    "referentienummer": "reference_number",
    "hoofdOnderwerpType": "main_subject_type",
    "metadata": "metadata",
}


def question_fields(data: dict) -> dict:
    values = {QUESTION_MAP[k]: v for k, v in data.items() if k in QUESTION_MAP}
    if "reference_number" in values and values["reference_number"] is None:
        values["reference_number"] = ""
    return values


def _has_tasks(qs, value: bool):
    return qs.filter(internal_tasks__isnull=not value)


def _by_channel(qs, value: str):
    # The channel's id first (a tiny table): a literal channel_id lets PostgreSQL walk the
    # (channel, occurred_at, id) index in list order instead of filtering the whole list through a join.
    ids = list(ContactChannel.objects.filter(name__iexact=value).values_list("id", flat=True))
    return qs.filter(channel_id__in=ids)


def _has_party(qs, value: bool):
    return qs.filter(involvements__party__isnull=not value)


def _subject_object_filters(prefix: str, relation: str) -> dict[str, Filter]:
    names = {
        "CodeObjecttype": "object_type",
        "CodeRegister": "register",
        "CodeSoortObjectId": "id_kind",
        "ObjectId": "object_id",
    }
    specs = {
        f"{prefix}__onderwerpobjectidentificator{k}": Filter(f"{relation}__{v}", distinct=True)
        for k, v in names.items()
    }
    specs[f"{prefix}__url"] = Filter(f"{relation}__uuid", "url", distinct=True)
    specs[f"{prefix}__uuid"] = Filter(f"{relation}__uuid", "uuid", distinct=True)
    return specs


class KlantcontactResource(Resource):
    segment = "klantcontacten"
    schema_name = "Klantcontact"
    input_serializer = KlantcontactInput
    ordering = ("-occurred_at", "-id")
    expand_choices = (
        "gingOverOnderwerpobjecten",
        "hadBetrokkenen",
        "hadBetrokkenen.digitaleAdressen",
        "hadBetrokkenen.wasPartij",
        "leiddeTotInterneTaken",
        "omvatteBijlagen",
    )
    _pi = "involvements__party__identifiers__"
    filters = {
        "hadBetrokkene__digitaaladres__adres__icontains": Filter(
            "involvements__digital_addresses__address__icontains", distinct=True
        ),
        "hadBetrokkene__url": Filter("involvements__uuid", "url", distinct=True),
        "hadBetrokkene__uuid": Filter("involvements__uuid", "uuid", distinct=True),
        "hadBetrokkene__wasPartij": Filter("", "boolean", apply=_has_party, distinct=True),
        "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype": Filter(
            _pi + "object_type", distinct=True
        ),
        "hadBetrokkene__wasPartij__partijIdentificator__codeRegister": Filter(
            _pi + "register", distinct=True
        ),
        "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": Filter(
            _pi + "identifier_type", distinct=True
        ),
        "hadBetrokkene__wasPartij__partijIdentificator__objectId": Filter(_pi + "value", distinct=True),
        "hadBetrokkene__wasPartij__url": Filter("involvements__party__uuid", "url", distinct=True),
        "hadBetrokkene__wasPartij__uuid": Filter("involvements__party__uuid", "uuid", distinct=True),
        "indicatieContactGelukt": Filter("contact_succeeded", "boolean"),
        "inhoud": Filter("note__icontains"),
        "kanaal": Filter("channel__name__iexact", apply=_by_channel),
        "leiddeTotInterneTaken": Filter("", "boolean", apply=_has_tasks, distinct=True),
        "nummer": Filter("number"),
        "onderwerp": Filter("subject__icontains"),
        **_subject_object_filters("onderwerpobject", "subject_objects"),
        "plaatsgevondenOp": Filter("occurred_at", "datetime"),
        "reactie": Filter("response__icontains"),
        "referentienummer": Filter("reference_number"),
        "vertrouwelijk": Filter("is_confidential", "boolean"),
        **_subject_object_filters("wasOnderwerpobject", "was_subject_objects"),
    }

    model = Question

    def queryset(self, request: Request) -> QuerySet:
        return api_visible_questions(request)

    def count_unfiltered(self, request: Request, qs: QuerySet) -> int:
        if qs.query.is_empty():
            return 0
        counts = question_counts()
        return counts[False] + (counts[True] if api_sees_confidential(request) else 0)

    def listing(
        self, request: Request, filters: dict, ctx: RenderContext, offset: int, size: int
    ) -> Listing | None:
        # A token sees every question of its visibility class (api_visible_questions); a logged-in
        # employee's narrower view and expand keep the generic path.
        if ctx.expand or not isinstance(request.auth, ApiToken):
            return None
        return klantcontact_listing(
            sees_confidential=api_sees_confidential(request),
            filters=filters,
            base_url=ctx.base_url,
            offset=offset,
            size=size,
        )

    def page(self, qs: QuerySet, ctx: RenderContext, offset: int, size: int) -> Page:
        if ctx.expand:  # nested objects: the model-based path renders them
            return super().page(qs, ctx, offset, size)
        return klantcontact_page(qs, ctx, offset, size)

    def prefetch(self, qs: QuerySet, ctx: RenderContext) -> QuerySet:
        involvements = Involvement.objects.select_related("party")
        if "hadBetrokkenen.wasPartij" in ctx.expand:
            from voorkant.klantinteracties.api.partijen import PARTY_PREFETCH, PARTY_SELECT

            involvements = involvements.select_related(
                *[f"party__{n}" for n in PARTY_SELECT]
            ).prefetch_related(*[f"party__{n}" for n in PARTY_PREFETCH])
        if ctx.expand & {"hadBetrokkenen", "hadBetrokkenen.digitaleAdressen", "hadBetrokkenen.wasPartij"}:
            involvements = involvements.prefetch_related(
                Prefetch("digital_addresses", queryset=DigitalAddress.objects.select_related("party"))
            )
        subject_objects = SubjectObject.objects.all()
        if "gingOverOnderwerpobjecten" in ctx.expand:
            subject_objects = subject_objects.select_related("was_question")
        qs = qs.select_related("channel", "conversation__agent").prefetch_related(
            Prefetch("involvements", queryset=involvements),
            Prefetch("actor_involvements", queryset=ActorInvolvement.objects.select_related("actor")),
            Prefetch("subject_objects", queryset=subject_objects),
            "attachments",
        )
        tasks = InternalTask.objects.all()
        if "leiddeTotInterneTaken" in ctx.expand:
            tasks = tasks.select_related("question").prefetch_related("assigned_to")
        qs = qs.prefetch_related(Prefetch("internal_tasks", queryset=tasks))
        return qs

    def render(self, obj, ctx: RenderContext) -> dict:
        return render.question(obj, ctx)

    def created_body(self, instance, ctx: RenderContext) -> dict:
        # From the saved instance, as the list shows it, instead of a model reload with five prefetches:
        # creates are a hot path too.
        return created_klantcontact_json(instance, ctx.base_url)

    def render_expand(self, obj, ctx: RenderContext) -> dict:
        from voorkant.klantinteracties.api.render import party as render_party

        out: dict = {}
        if "gingOverOnderwerpobjecten" in ctx.expand:
            out["gingOverOnderwerpobjecten"] = [
                render.subject_object(s, ctx) for s in obj.subject_objects.all()
            ]
        if "omvatteBijlagen" in ctx.expand:
            out["omvatteBijlagen"] = [render.attachment(a, ctx) for a in obj.attachments.all()]
        if "leiddeTotInterneTaken" in ctx.expand:
            out["leiddeTotInterneTaken"] = [render.internal_task(t, ctx) for t in obj.internal_tasks.all()]
        if ctx.expand & {"hadBetrokkenen", "hadBetrokkenen.digitaleAdressen", "hadBetrokkenen.wasPartij"}:
            items = []
            for involvement in obj.involvements.all():
                item = render.involvement(involvement, ctx)
                nested = {}
                if "hadBetrokkenen.digitaleAdressen" in ctx.expand:
                    nested["digitaleAdressen"] = [
                        render.digital_address(a, ctx) for a in involvement.digital_addresses.all()
                    ]
                if "hadBetrokkenen.wasPartij" in ctx.expand:
                    nested["wasPartij"] = render_party(involvement.party, ctx) if involvement.party else None
                if nested:
                    item["_expand"] = nested
                items.append(item)
            out["hadBetrokkenen"] = items
        return out

    def subjects(self, objs: list) -> list[Subject]:
        return [
            Subject("partij", str(i.party.uuid)) for obj in objs for i in obj.involvements.all() if i.party_id
        ]

    def save(self, request: Request, instance, data: dict, partial: bool):
        from django.utils import timezone

        channel = services.channel_by_name(data["kanaal"]) if "kanaal" in data else None
        values = question_fields(data)
        if instance is None:
            occurred_at = values.pop("occurred_at", None) or timezone.now()
            return services.klantcontact_create(
                actor_label=actor_label(request), channel=channel, occurred_at=occurred_at, fields=values
            )
        if values.get("occurred_at", "") is None:
            values.pop("occurred_at")
        return services.klantcontact_update(
            actor_label=actor_label(request), question=instance, changes=values, channel=channel
        )

    def delete(self, request: Request, instance) -> None:
        services.klantcontact_delete(actor_label=actor_label(request), question=instance)
