"""JSON API for the telephone exchange: POST a batch of events.

The view is a thin wrapper around services.telephony_events_ingest, behind an API token with the
``telephony:write`` scope (a logged-in session may only read, and this API has nothing to read).
"""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.response import Response
from rest_framework.views import APIView

from voorkant.apitokens.authentication import api_actor_label, scope_permission
from voorkant.apitokens.scopes import Family
from voorkant.privacy.models import Channel
from voorkant.telephony.services import TelephonyBatchInvalid, telephony_events_ingest


def problem(*, status_code: int, code: str, title: str, detail: str, instance: str, invalid=()) -> Response:
    body = {
        "type": f"https://voorkant.invalid/problemen/{code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
        "invalidParams": list(invalid),
    }
    return Response(body, status=status_code, content_type="application/problem+json")


class TelephonyEventsView(APIView):
    permission_classes = [scope_permission(Family.TELEPHONY)]

    def post(self, request):
        try:
            payload = request.data
        except (ParseError, UnsupportedMediaType) as exc:
            return problem(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="parse",
                title="De inhoud is geen geldige JSON.",
                detail=str(exc.detail),
                instance=request.path,
            )
        try:
            result = telephony_events_ingest(
                raw_events=payload, channel=Channel.API, user=None, actor_label=api_actor_label(request)
            )
        except TelephonyBatchInvalid as invalid:
            params = [
                {
                    "name": f"[{p.index}].{p.field}" if p.field else f"[{p.index}]",
                    "code": p.code,
                    "reason": p.reason,
                    "index": p.index,
                    "id": p.event_id,
                }
                for p in invalid.problems
            ]
            return problem(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid",
                title="Een of meer berichten zijn ongeldig; er is niets opgeslagen.",
                detail=f"{len(params)} probleem/problemen. Herstel ze en stuur de hele reeks opnieuw.",
                instance=request.path,
                invalid=params,
            )
        return Response(
            {
                "received": result.received,
                "created": result.created,
                "duplicates": result.duplicates,
                "calls_updated": result.calls_updated,
            },
            status=status.HTTP_200_OK,
        )
