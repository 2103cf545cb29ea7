"""How the generated OpenAPI document describes the platform's token authentication (as the standard does)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "voorkant.apitokens.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Een API-sleutel met het voorvoegsel 'Token', bijvoorbeeld 'Token vk_…'.",
        }
