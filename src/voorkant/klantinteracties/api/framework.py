"""The machinery every Klantinteracties resource shares: query parameters, pages, counts, expand, writes.

A ``Resource`` says what a resource is (queryset through the privacy chokepoint, filters, how to render a
row, which service writes it); ``CollectionView`` and ``ItemView`` do the HTTP. No serializer saves a model:
the input serializer only validates, and the resource hands the result to a service function.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

import orjson
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection
from django.db.models import Model, ProtectedError, QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, parsers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from voorkant.apitokens.authentication import api_actor_label, scope_permission
from voorkant.apitokens.scopes import Family
from voorkant.klantinteracties.api.fields import clean_text
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write


def dump_json(body) -> bytes:
    """The API's JSON: orjson renders a page of 100 rows several times faster than the standard library."""
    return orjson.dumps(body)


API_VERSION = "0.9.0"
PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 500
# Past this many rows an OFFSET scan costs more than a request may; nobody pages that deep by hand.
OFFSET_MAX = 10_000_000
# A filtered count above this planner estimate is answered with the estimate (PostgreSQL only): an exact
# COUNT(*) over a large match costs more than the rest of the request.
ESTIMATE_FROM = 1_000
ESTIMATED_HEADER = "X-Aantal-Geschat"
MAX_JSON_DEPTH = 32


class StrictJSONParser(parsers.JSONParser):
    """JSON only, refusing deeply nested documents and NaN/Infinity before they reach any serializer."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            raw = stream.read() if stream is not None else b""
        except Exception as exc:  # RequestDataTooBig and friends
            raise exceptions.ParseError("De aanvraag is te groot.") from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError("De aanvraag is geen geldige UTF-8.") from exc
        depth = 0
        in_string = escaped = False
        for char in text:  # cheap depth check before json.loads can recurse too deep
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
                if depth > MAX_JSON_DEPTH:
                    raise exceptions.ParseError(
                        f"De JSON is te diep genest (meer dan {MAX_JSON_DEPTH} niveaus)."
                    )
            elif char in "]}":
                depth -= 1

        def refuse_constant(name):
            raise ValueError(name)

        try:
            return json.loads(text, parse_constant=refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError("De aanvraag is geen geldige JSON.") from exc


# --- Query parameters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """One query parameter: its kind decides parsing; ``lookup`` is the ORM lookup it filters on."""

    lookup: str
    kind: str = "string"  # string, uuid, url, boolean, datetime, date, enum
    choices: tuple[str, ...] = ()
    description: str = ""
    # A filter that needs more than a lookup (e.g. "has related rows") gives a function(qs, value) -> qs.
    apply: Any = None
    distinct: bool = False


def _uuid_from_url(value: str) -> uuid.UUID:
    tail = value.rstrip("/").rsplit("/", 1)[-1]
    return uuid.UUID(tail)


def parse_filter_value(spec: Filter, raw: str):
    if clean_text(raw) is None:
        raise ValueError("ongeldige tekens")
    if spec.kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError("Geef true of false op.")
        return raw == "true"
    if spec.kind == "uuid":
        return uuid.UUID(raw)
    if spec.kind == "url":
        return _uuid_from_url(raw)
    if spec.kind == "datetime":
        parsed = parse_datetime(raw)
        if parsed is None:
            raise ValueError("Geef een datum en tijd op.")
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
    if spec.kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError("Geef een datum op, bijvoorbeeld 2024-05-01.")
        return date.fromisoformat(raw)
    if spec.kind == "enum":
        if raw not in spec.choices:
            raise ValueError(f"Kies een van: {', '.join(spec.choices)}.")
        return raw
    return raw


def _invalid(name: str, reason: str, code: str = "invalid") -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [exceptions.ErrorDetail(reason, code=code)]})


def _int_param(request: Request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise _invalid(name, "Geef een positief geheel getal op.")
    value = int(raw)
    if value < 1:
        raise _invalid(name, "Geef een positief geheel getal op.")
    if value > maximum:
        raise _invalid(name, f"Maximaal {maximum}.", "max_value")
    return value


# --- Resources ----------------------------------------------------------------------------------------------


@dataclass
class RenderContext:
    base_url: str
    expand: set[str] = field(default_factory=set)
    request: Request | None = None

    def url(self, segment: str, key) -> str:
        return f"{self.base_url}{segment}/{key}"

    def ref(self, segment: str, obj) -> dict[str, str] | None:
        if obj is None:
            return None
        return {"uuid": str(obj.uuid), "url": self.url(segment, obj.uuid)}


@dataclass
class Page:
    """One page of a list: the rendered items, the data subjects they name, whether more follow."""

    items: list[dict]
    subjects: list[Subject]
    uuids: list
    has_next: bool


@dataclass
class Listing:
    """A page with its ``count``, and whether that count is the planner's estimate."""

    page: Page
    count: int
    estimated: bool


class Resource:
    """What one resource of the standard is in Voorkant. Subclasses fill in the blanks."""

    segment: ClassVar[str]
    schema_name: ClassVar[str]  # the standard's component name, e.g. "Klantcontact"
    model: ClassVar[type[Model]]
    input_serializer: ClassVar[type | None] = None
    filters: ClassVar[dict[str, Filter]] = {}
    expand_choices: ClassVar[tuple[str, ...]] = ()
    ordering: ClassVar[tuple[str, ...]] = ("-id",)
    writable: ClassVar[bool] = True
    log_reads: ClassVar[bool] = True

    def queryset(self, request: Request) -> QuerySet:
        raise NotImplementedError

    def prefetch(self, qs: QuerySet, ctx: RenderContext) -> QuerySet:
        return qs

    def render(self, obj, ctx: RenderContext) -> dict:
        raise NotImplementedError

    def render_expand(self, obj, ctx: RenderContext) -> dict:
        return {}

    def subjects(self, objs: list) -> list[Subject]:
        return []

    def count_unfiltered(self, request: Request, qs: QuerySet) -> int:
        return qs.count()

    def listing(
        self, request: Request, filters: dict, ctx: RenderContext, offset: int, size: int
    ) -> Listing | None:
        """A resource's own page-and-count for these parsed filters, or None for the generic path."""
        return None

    def page(self, qs: QuerySet, ctx: RenderContext, offset: int, size: int) -> Page:
        """Rows ``offset`` to ``offset + size`` of the ordered ``qs``, rendered.

        The default goes through model instances and their prefetches; a resource whose list must be fast
        (klantcontacten) overrides it with plain value rows.
        """
        rows = list(self.prefetch(qs, ctx)[offset : offset + size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        items = []
        for obj in rows:
            item = self.render(obj, ctx)
            if ctx.expand:
                item["_expand"] = self.render_expand(obj, ctx)
            items.append(item)
        return Page(items, self.subjects(rows) if rows else [], [o.uuid for o in rows], has_next)

    def created_body(self, instance, ctx: RenderContext) -> dict:
        """The answer to a create: the new object read back as the API shows it."""
        return self.render(self.prefetch(self.model.objects.filter(pk=instance.pk), ctx).get(), ctx)

    def save(self, request: Request, instance, data: dict, partial: bool):
        raise NotImplementedError

    def delete(self, request: Request, instance) -> None:
        raise NotImplementedError


def actor_label(request: Request) -> str:
    return api_actor_label(request)


def log_read(request: Request, resource: Resource, objs: list, action: str) -> None:
    """One processing-log record per API read, naming every data subject in the answer."""
    log_subjects(request, resource, resource.subjects(objs), [o.uuid for o in objs], action)


def log_subjects(
    request: Request, resource: Resource, subjects: list[Subject], uuids: list, action: str
) -> None:
    if not subjects and not resource.log_reads:
        return
    processing_log_write(
        actor_label=actor_label(request),
        channel=Channel.API,
        activity=ProcessingActivity.CUSTOMER_VIEW,
        purpose="Gegevens leveren aan een gekoppeld systeem voor dienstverlening",
        action=action,
        subjects=subjects,
        object_type=resource.segment,
        object_uuid=uuids[0] if len(uuids) == 1 else None,
    )


def estimated_count(qs: QuerySet) -> int | None:
    """The planner's row estimate on PostgreSQL (None elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class _Base(APIView):
    resource: Resource
    parser_classes = [StrictJSONParser]
    permission_classes = [scope_permission(Family.KLANTINTERACTIES)]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-version"] = API_VERSION
        return response

    def context(self, request: Request, expand: set[str] | None = None) -> RenderContext:
        return RenderContext(
            base_url=request.build_absolute_uri("/klantinteracties/api/v1/"),
            expand=expand or set(),
            request=request,
        )

    def check_params(self, request: Request, allowed: set[str]) -> None:
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [exceptions.ErrorDetail("Deze queryparameter bestaat niet.", code="unknown")]
                    for name in unknown
                }
            )

    def parse_expand(self, request: Request) -> set[str]:
        raw = request.query_params.get("expand")
        if raw is None:
            return set()
        values = {v for v in raw.split(",") if v}
        bad = values - set(self.resource.expand_choices)
        if bad or not values:
            choices = ", ".join(self.resource.expand_choices) or "(geen)"
            raise _invalid("expand", f"Onbekende waarde. Kies uit: {choices}.")
        return values

    def validated(self, request: Request, partial: bool, instance=None) -> dict:
        serializer_class = self.resource.input_serializer
        if serializer_class is None:
            raise exceptions.MethodNotAllowed(request.method)
        serializer = serializer_class(
            data=request.data, partial=partial, context={"request": request, "instance": instance}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def write(self, func):
        """Run a service call and turn its refusals into problem JSON (400), never a 500."""
        try:
            return func()
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
            raise exceptions.ValidationError(self.resource_names(detail)) from exc
        except ProtectedError as exc:
            raise exceptions.ValidationError({"nonFieldErrors": ["Dit object is nog in gebruik."]}) from exc
        except IntegrityError as exc:
            raise exceptions.ValidationError(
                {"nonFieldErrors": ["Dit botst met een bestaand object (bijvoorbeeld een dubbele waarde)."]}
            ) from exc

    def resource_names(self, detail: dict) -> dict:
        names = getattr(self.resource.input_serializer, "MODEL_TO_API", {})
        return {
            names.get(key, "nonFieldErrors" if key == "__all__" else key): value
            for key, value in detail.items()
        }


class CollectionView(_Base):
    """GET a page of a resource, POST a new one."""

    def get(self, request: Request) -> HttpResponse:
        resource = self.resource
        self.check_params(
            request,
            set(resource.filters) | {"page", "pageSize"} | ({"expand"} if resource.expand_choices else set()),
        )
        page = _int_param(request, "page", 1, OFFSET_MAX)
        size = _int_param(request, "pageSize", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)
        if (page - 1) * size > OFFSET_MAX:
            raise Http404
        expand = self.parse_expand(request)
        filters = self.parse_filters(request)
        ctx = self.context(request, expand)
        offset = (page - 1) * size
        listing = resource.listing(request, filters, ctx, offset, size)
        if listing is None:
            listing = self.generic_listing(request, filters, ctx, offset, size)
        result = listing.page
        if not result.items and page > 1:
            raise Http404
        count = max(listing.count, offset + len(result.items) + (1 if result.has_next else 0))
        log_subjects(request, resource, result.subjects, result.uuids, f"{resource.segment}.lijst")
        body = {
            "count": count,
            "next": self._page_url(request, page + 1) if result.has_next else None,
            "previous": self._page_url(request, page - 1) if page > 1 else None,
            "results": result.items,
        }
        # Rendered here, not by DRF's renderer: a page of up to 500 rows is the API's hot path.
        response = HttpResponse(dump_json(body), content_type="application/json")
        if listing.estimated:
            response[ESTIMATED_HEADER] = "true"
        return response

    def parse_filters(self, request: Request) -> dict:
        """The request's filter parameters, parsed (a 400 for a value of the wrong kind)."""
        values = {}
        params = request.query_params
        for name, spec in self.resource.filters.items():
            raw = params.get(name)
            if raw is None:
                continue
            try:
                values[name] = parse_filter_value(spec, raw)
            except (ValueError, OverflowError) as exc:
                raise _invalid(name, str(exc) or "Ongeldige waarde.") from exc
        return values

    def generic_listing(
        self, request: Request, filters: dict, ctx: RenderContext, offset: int, size: int
    ) -> Listing:
        """A page and its count through the resource's queryset (the privacy chokepoint) and the ORM."""
        resource = self.resource
        base = resource.queryset(request)
        qs = self.filtered(base, filters)
        result = resource.page(qs.order_by(*resource.ordering), ctx, offset, size)
        if not filters:
            return Listing(result, resource.count_unfiltered(request, base), False)
        estimate = estimated_count(qs)
        if estimate is not None and estimate > ESTIMATE_FROM:
            return Listing(result, estimate, True)
        return Listing(result, qs.count(), False)

    def filtered(self, base: QuerySet, filters: dict) -> QuerySet:
        """``base`` narrowed by the parsed filters."""
        qs = base
        distinct = False
        for name, value in filters.items():
            spec = self.resource.filters[name]
            qs = spec.apply(qs, value) if spec.apply else qs.filter(**{spec.lookup: value})
            distinct = distinct or spec.distinct
        if distinct:
            # A semi-join instead of DISTINCT: filters through to-many relations then cannot repeat a row,
            # and the page query stays a plain ordered scan.
            qs = base.filter(pk__in=qs.values("pk"))
        return qs

    def _page_url(self, request: Request, page: int) -> str:
        # The request's parameters in their order with ``page`` replaced (or added); no QueryDict copy,
        # whose deep copy cost more than the rest of the link.
        pairs = []
        for name, values in request.query_params.lists():
            if name == "page":
                continue
            pairs.extend((name, value) for value in values)
        pairs.append(("page", str(page)))
        return request.build_absolute_uri(request.path) + "?" + urlencode(pairs)

    def post(self, request: Request) -> Response:
        self.check_params(request, set())
        if not self.resource.writable:
            raise exceptions.MethodNotAllowed("POST")
        data = self.validated(request, partial=False)
        instance = self.write(lambda: self.resource.save(request, None, data, False))
        return Response(self.resource.created_body(instance, self.context(request)), status=201)


class ItemView(_Base):
    """GET, PUT, PATCH and DELETE one object by uuid."""

    def get_object(self, request: Request, key: uuid.UUID, expand: set[str] | None = None):
        ctx = self.context(request, expand)
        obj = self.resource.prefetch(self.resource.queryset(request).filter(uuid=key), ctx).first()
        if obj is None:
            raise Http404
        return obj, ctx

    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        self.check_params(request, {"expand"} if self.resource.expand_choices else set())
        expand = self.parse_expand(request)
        obj, ctx = self.get_object(request, uuid, expand)
        body = self.resource.render(obj, ctx)
        if expand:
            body["_expand"] = self.resource.render_expand(obj, ctx)
        log_read(request, self.resource, [obj], f"{self.resource.segment}.raadplegen")
        return Response(body)

    def _update(self, request: Request, key: uuid.UUID, partial: bool) -> Response:
        self.check_params(request, set())
        if not self.resource.writable:
            raise exceptions.MethodNotAllowed(request.method)
        obj, ctx = self.get_object(request, key)
        data = self.validated(request, partial=partial, instance=obj)
        self.write(lambda: self.resource.save(request, obj, data, partial))
        obj, ctx = self.get_object(request, key)
        return Response(self.resource.render(obj, ctx))

    def put(self, request: Request, uuid: uuid.UUID) -> Response:
        return self._update(request, uuid, partial=False)

    def patch(self, request: Request, uuid: uuid.UUID) -> Response:
        return self._update(request, uuid, partial=True)

    def delete(self, request: Request, uuid: uuid.UUID) -> Response:
        self.check_params(request, set())
        if not self.resource.writable:
            raise exceptions.MethodNotAllowed("DELETE")
        obj, _ctx = self.get_object(request, uuid)
        self.write(lambda: self.resource.delete(request, obj))
        return Response(status=status.HTTP_204_NO_CONTENT)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
