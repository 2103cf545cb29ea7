"""JSON API for the telephone exchange: POST a batch of events.

The view is a thin wrapper around services.telephony_events_ingest. Until the platform's API tokens exist it
accepts a logged-in staff session with the permission organisation.coordinate_kcc; swapping
`authentication_classes`/`permission_classes` for the token scope `telephony` is the only change needed then.
"""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from voorkant.privacy.models import Channel
from voorkant.telephony.services import TelephonyBatchInvalid, telephony_events_ingest

PERMISSION = "organisation.coordinate_kcc"


class CanSendTelephonyEvents(BasePermission):
    """Staff session with the coordinator permission (interim, until the `telephony` token scope)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.has_perm(PERMISSION))


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
    permission_classes = [CanSendTelephonyEvents]

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
            result = telephony_events_ingest(raw_events=payload, channel=Channel.API, user=request.user)
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
                detail=f"{len(params)} probleem/problemen gevonden. Herstel ze en stuur de hele reeks opnieuw.",
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
