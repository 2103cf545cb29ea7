"""Every error of Voorkant's JSON APIs as problem JSON (RFC 7807, the shape of the VNG standard APIs):
``type``, ``code``, ``title``, ``status``, ``detail``, ``instance`` and, for validation errors,
``invalidParams``.
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger("voorkant.api")

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "De aanvraag is niet goed.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    406: "Dit formaat kan niet worden geleverd.",
    415: "Dit formaat wordt niet ondersteund.",
    429: "Te veel verzoeken.",
    500: "Er ging iets mis aan onze kant.",
}


def _invalid_params(detail, prefix: str = "") -> list[dict[str, str]]:
    params = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params.extend(_invalid_params(value, f"{prefix}.{index}" if prefix else str(index)))
            else:
                params.extend(_invalid_params(value, prefix))
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return params


def problem(*, status_code: int, code: str, detail: str, invalid_params: list | None = None) -> dict:
    body = {
        "type": f"urn:voorkant:fout:{code}",
        "code": code,
        "title": TITLES.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def problem_exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER: problem JSON for every refusal and failure."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    headers = {}
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status_code=400,
            code="invalid",
            detail="Een of meer velden zijn niet goed ingevuld.",
            invalid_params=_invalid_params(exc.detail),
        )
        return Response(body, status=400, content_type=CONTENT_TYPE)
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        body = problem(status_code=exc.status_code, code=str(code), detail=str(detail))
        return Response(body, status=exc.status_code, content_type=CONTENT_TYPE, headers=headers)
    logger.exception("unhandled API error in %s", context.get("view").__class__.__name__)
    body = problem(status_code=500, code="error", detail="Probeer het later opnieuw.")
    return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR, content_type=CONTENT_TYPE)


def api_not_found(request, *args, **kwargs):
    """For unknown URLs under /api/: a problem JSON 404 instead of the HTML page."""
    body = problem(status_code=404, code="not_found", detail="Deze URL bestaat niet in de API.")
    return JsonResponse(body, status=404, content_type=CONTENT_TYPE)
