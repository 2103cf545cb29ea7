"""Voorkant's own OpenAPI document for the Klantinteracties API, generated from the code (drf-spectacular).

``manage.py klantinteracties_openapi`` writes it to ``openapi/voorkant-klantinteracties.yaml``; a test fails
when the committed file and the code drift apart.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

from voorkant.klantinteracties.api.framework import API_VERSION

DOCUMENT = Path(__file__).parent / "openapi" / "voorkant-klantinteracties.yaml"


def klantinteracties_openapi() -> str:
    """The document as YAML text: only this API's paths, under /klantinteracties/api/v1/."""
    patterns = [path("klantinteracties/api/v1/", include("voorkant.klantinteracties.urls"))]
    generator = SchemaGenerator(
        title="Klantinteracties (Voorkant)",
        version=API_VERSION,
        description="De VNG Klantinteracties API 0.9.0 zoals Voorkant die aanbiedt; zie docs/api.md.",
        patterns=patterns,
    )
    schema = generator.get_schema(request=None, public=True)
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
