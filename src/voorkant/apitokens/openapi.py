"""OpenAPI (drf-spectacular) pieces for our APIs: the token scheme and the problem JSON responses.

@extend_schema(responses={200: MySerializer, **PROBLEM_RESPONSES})
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van het veld met de fout.")
    code = serializers.CharField(help_text="Code van de fout, bijvoorbeeld 'required' of 'max_length'.")
    reason = serializers.CharField(help_text="Uitleg van de fout.")


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="URI die het soort fout aanduidt (urn:voorkant:fout:<code>).")
    code = serializers.CharField(help_text="Code van de fout, bijvoorbeeld 'scope_missing'.")
    title = serializers.CharField(help_text="Korte omschrijving van het soort fout.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Uitleg over deze fout.")
    instance = serializers.CharField(help_text="Kenmerk van deze fout (urn:uuid:...).")


class ValidationProblemSerializer(ProblemSerializer):
    invalidParams = InvalidParamSerializer(many=True, help_text="De velden met een fout.")  # noqa: N815


PROBLEM_RESPONSES = {
    400: OpenApiResponse(ValidationProblemSerializer, description="Ongeldige invoer (problem JSON)."),
    401: OpenApiResponse(ProblemSerializer, description="Geen of ongeldige API-sleutel (problem JSON)."),
    403: OpenApiResponse(ProblemSerializer, description="Geen toegang of recht ontbreekt (problem JSON)."),
    404: OpenApiResponse(ProblemSerializer, description="Niet gevonden (problem JSON)."),
}


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "voorkant.apitokens.authentication.TokenAuthentication"
    name = "apiSleutel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "API-sleutel als 'Token vk_...'. "
                "Rechten per familie: <familie>:read of <familie>:write, of all."
            ),
        }
