"""Every resource of the API, and the views made for each, annotated for the generated OpenAPI document."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from voorkant.klantinteracties.api import schema  # noqa: F401  (registers the token scheme)
from voorkant.klantinteracties.api.actorklantcontacten import ActorKlantcontactResource
from voorkant.klantinteracties.api.actors import ActorResource, InterneTaakResource
from voorkant.klantinteracties.api.betrokkenen import BetrokkeneResource
from voorkant.klantinteracties.api.categorieen import CategorieRelatieResource, CategorieResource
from voorkant.klantinteracties.api.digitale_adressen import DigitaalAdresResource
from voorkant.klantinteracties.api.framework import (
    API_VERSION,
    ESTIMATED_HEADER,
    PAGE_SIZE_MAX,
    CollectionView,
    ItemView,
    Resource,
)
from voorkant.klantinteracties.api.klantcontacten import KlantcontactResource
from voorkant.klantinteracties.api.onderwerpobjecten import BijlageResource, OnderwerpobjectResource
from voorkant.klantinteracties.api.partij_identificatoren import PartijIdentificatorResource
from voorkant.klantinteracties.api.partijen import PartijResource
from voorkant.klantinteracties.api.party_links import RekeningnummerResource, VertegenwoordigingResource

RESOURCES: list[Resource] = [
    ActorResource(),
    ActorKlantcontactResource(),
    BetrokkeneResource(),
    BijlageResource(),
    CategorieRelatieResource(),
    CategorieResource(),
    DigitaalAdresResource(),
    InterneTaakResource(),
    KlantcontactResource(),
    OnderwerpobjectResource(),
    PartijIdentificatorResource(),
    PartijResource(),
    RekeningnummerResource(),
    VertegenwoordigingResource(),
]

_KINDS = {
    "boolean": OpenApiTypes.BOOL,
    "uuid": OpenApiTypes.UUID,
    "url": OpenApiTypes.URI,
    "datetime": OpenApiTypes.DATETIME,
    "date": OpenApiTypes.DATE,
}
_VERSION_HEADER = OpenApiParameter(
    "API-version",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description=f"Altijd {API_VERSION}.",
)


def _list_parameters(resource: Resource) -> list[OpenApiParameter]:
    params = [
        OpenApiParameter(
            "page", OpenApiTypes.INT, description="Een pagina binnen de gepagineerde resultaten."
        ),
        OpenApiParameter(
            "pageSize",
            OpenApiTypes.INT,
            description=f"Aantal resultaten per pagina (standaard 100, hoogstens {PAGE_SIZE_MAX}).",
        ),
    ]
    if resource.expand_choices:
        params.append(
            OpenApiParameter(
                "expand", OpenApiTypes.STR, enum=list(resource.expand_choices), many=True, explode=False
            )
        )
    for name, spec in resource.filters.items():
        params.append(
            OpenApiParameter(
                name,
                _KINDS.get(spec.kind, OpenApiTypes.STR),
                enum=list(spec.choices) or None,
                description=spec.description or None,
            )
        )
    return params


def collection_view(resource: Resource):
    name = resource.schema_name
    tags = [resource.segment]
    list_schema = extend_schema(
        operation_id=f"{resource.segment.replace('-', '')}List",
        summary=f"Alle {resource.segment} opvragen.",
        parameters=[*_list_parameters(resource), _VERSION_HEADER],
        responses={
            200: OpenApiResponse(
                description=f"Een pagina {resource.segment} (count, next, previous, results). De header "
                f"{ESTIMATED_HEADER} zegt of count geschat is."
            )
        },
        tags=tags,
    )
    create_schema = extend_schema(
        operation_id=f"{resource.segment.replace('-', '')}Create",
        summary=f"Maak een {name} aan.",
        request=resource.input_serializer,
        responses={201: resource.input_serializer},
        parameters=[_VERSION_HEADER],
        tags=tags,
    )
    methods = {"get": list_schema}
    if resource.writable:
        methods["post"] = create_schema
    attrs = {"resource": resource}
    if not resource.writable:
        attrs["http_method_names"] = ["get", "head", "options"]
    view = type(f"{name}CollectionView", (CollectionView,), attrs)
    return extend_schema_view(**methods)(view).as_view()


def item_view(resource: Resource):
    name = resource.schema_name
    tags = [resource.segment]
    base = resource.segment.replace("-", "")
    params = [_VERSION_HEADER]
    if resource.expand_choices:
        params.insert(
            0,
            OpenApiParameter(
                "expand", OpenApiTypes.STR, enum=list(resource.expand_choices), many=True, explode=False
            ),
        )
    methods = {
        "get": extend_schema(
            operation_id=f"{base}Retrieve",
            summary=f"Een {name} opvragen.",
            parameters=params,
            responses={200: OpenApiResponse(description=f"De {name}.")},
            tags=tags,
        )
    }
    if resource.writable:
        methods.update(
            put=extend_schema(
                operation_id=f"{base}Update",
                request=resource.input_serializer,
                responses={200: resource.input_serializer},
                parameters=[_VERSION_HEADER],
                tags=tags,
            ),
            patch=extend_schema(
                operation_id=f"{base}PartialUpdate",
                request=resource.input_serializer,
                responses={200: resource.input_serializer},
                parameters=[_VERSION_HEADER],
                tags=tags,
            ),
            delete=extend_schema(
                operation_id=f"{base}Destroy", responses={204: None}, parameters=[_VERSION_HEADER], tags=tags
            ),
        )
    attrs = {"resource": resource}
    if not resource.writable:
        attrs["http_method_names"] = ["get", "head", "options"]
    view = type(f"{name}ItemView", (ItemView,), attrs)
    return extend_schema_view(**methods)(view).as_view()
