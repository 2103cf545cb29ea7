"""``POST /maak-klantcontact``: a klantcontact with its betrokkene and onderwerpobject in one transaction."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from voorkant.contacts.models import Question
from voorkant.contacts.services import klantcontacts as services
from voorkant.klantinteracties.api import fields as f
from voorkant.klantinteracties.api import render
from voorkant.klantinteracties.api.betrokkenen import BetrokkeneInMaak, involvement_fields
from voorkant.klantinteracties.api.framework import _Base, actor_label
from voorkant.klantinteracties.api.klantcontacten import (
    KlantcontactInput,
    KlantcontactResource,
    question_fields,
)
from voorkant.klantinteracties.api.onderwerpobjecten import OnderwerpobjectInMaak, subject_object_fields


class MaakKlantcontactInput(f.StrictSerializer):
    klantcontact = KlantcontactInput()
    betrokkene = BetrokkeneInMaak(required=False)
    onderwerpobject = OnderwerpobjectInMaak(required=False)


@extend_schema_view(
    post=extend_schema(
        operation_id="maakKlantcontactCreate",
        summary="Maak een klantcontact met betrokkene en onderwerpobject in één keer.",
        request=MaakKlantcontactInput,
        responses={201: MaakKlantcontactInput},
        tags=["maak-klantcontact"],
    )
)
class MaakKlantcontactView(_Base):
    resource = KlantcontactResource()

    def post(self, request: Request) -> Response:
        self.check_params(request, set())
        serializer = MaakKlantcontactInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = dict(data["klantcontact"])
        values = question_fields(contact)
        occurred_at = values.pop("occurred_at", None) or timezone.now()

        def make():
            channel = services.channel_by_name(contact["kanaal"])
            return services.klantcontact_make(
                actor_label=actor_label(request),
                channel=channel,
                occurred_at=occurred_at,
                fields=values,
                involvement=involvement_fields(data["betrokkene"]) if "betrokkene" in data else None,
                subject_object=subject_object_fields(data["onderwerpobject"])
                if "onderwerpobject" in data
                else None,
            )

        question, involvement, subject_object = self.write(make)
        ctx = self.context(request)
        question = self.resource.prefetch(Question.objects.filter(pk=question.pk), ctx).get()
        # The standard's schema has no null for these two: leave a part out when it was not made.
        body = {"klantcontact": render.question(question, ctx)}
        if involvement is not None:
            body["betrokkene"] = render.involvement(involvement, ctx)
        if subject_object is not None:
            body["onderwerpobject"] = render.subject_object(subject_object, ctx)
        return Response(body, status=201)
