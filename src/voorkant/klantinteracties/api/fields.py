"""Strict request fields: no silent type coercion, no NUL bytes, unknown keys refused.

DRF's own fields turn ``"true"`` into True and ``1`` into ``"1"``; a standard API must refuse both, so a
client learns about its mistake instead of storing something it did not mean.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def clean_text(value: str) -> str | None:
    """The text, or None when it holds what PostgreSQL cannot store (NUL, lone surrogates)."""
    if "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


class StrictCharField(serializers.CharField):
    default_error_messages = {
        "invalid": "Geef tekst op.",
        "blank": "Dit veld mag niet leeg zijn.",
        "max_length": "Maximaal {max_length} tekens.",
        "min_length": "Minimaal {min_length} tekens.",
        "null": "Dit veld mag niet leeg (null) zijn.",
        "required": "Dit veld is verplicht.",
        "pattern": "De waarde heeft niet de goede vorm.",
    }

    def __init__(self, *, pattern: str | None = None, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", True)
        self.pattern = re.compile(pattern) if pattern else None
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or clean_text(data) is None:
            self.fail("invalid")
        if self.pattern is not None and data != "" and not self.pattern.search(data):
            self.fail("pattern")
        return data


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Geef true of false op.", "required": "Dit veld is verplicht."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Geef een geheel getal op.", "required": "Dit veld is verplicht."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateTimeField(serializers.DateTimeField):
    default_error_messages = {
        "invalid": "Geef een datum en tijd op, bijvoorbeeld 2024-05-01T10:30:00+02:00.",
        "required": "Dit veld is verplicht.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or clean_text(data) is None:
            self.fail("invalid")
        try:
            parsed = parse_datetime(data)
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def to_representation(self, value):
        return value.isoformat() if isinstance(value, datetime) else value


class StrictDateField(serializers.DateField):
    default_error_messages = {
        "invalid": "Geef een datum op, bijvoorbeeld 2024-05-01.",
        "required": "Verplicht.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data):
            self.fail("invalid")
        try:
            parsed = parse_date(data)
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        return parsed

    def to_representation(self, value):
        return value.isoformat() if isinstance(value, date) else value


class StrictChoiceField(serializers.ChoiceField):
    default_error_messages = {
        "invalid_choice": "Kies een van: {choices}.",
        "required": "Dit veld is verplicht.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or data not in self.choices:
            self.fail("invalid_choice", choices=", ".join(self.choices))
        return data


class StrictDictField(serializers.DictField):
    """A flat object of strings (metadata): keys and values are text, values at most 255 characters."""

    default_error_messages = {"not_a_dict": "Geef een object op met tekst als waarden."}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type="")
        for key, value in data.items():
            if not isinstance(value, str) or clean_text(value) is None or clean_text(key) is None:
                raise serializers.ValidationError({key: "Geef tekst op."})
            if len(value) > 255:
                raise serializers.ValidationError({key: "Maximaal 255 tekens."})
        return dict(data)


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "uuid": {"type": "string", "format": "uuid"},
            "url": {"type": "string", "format": "uri", "readOnly": True, "maxLength": 1000},
        },
        "required": ["uuid"],
    }
)
class RelatedField(serializers.Field):
    """A ``{uuid, url}`` relation: the uuid decides; the url is read-only and ignored on input.

    ``queryset`` is a callable taking the request, so the relation resolves only to objects the caller may
    see (the privacy chokepoint), and an unknown or invisible uuid is a 400 at this field.
    """

    default_error_messages = {
        "invalid": "Geef een object op met alleen een geldige uuid (en eventueel de url).",
        "does_not_exist": "Er bestaat geen object met deze uuid.",
        "required": "Dit veld is verplicht.",
        "null": "Dit veld mag niet leeg (null) zijn.",
    }

    def __init__(self, *, queryset, target: str, **kwargs):
        self.queryset = queryset
        self.target = target  # name of the output serializer/schema component, for the OpenAPI document
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, dict) or set(data) - {"uuid", "url"} or not isinstance(data.get("uuid"), str):
            self.fail("invalid")
        try:
            key = uuid.UUID(data["uuid"])
        except ValueError:
            self.fail("invalid")
        request = self.context.get("request")
        instance = self.queryset(request).filter(uuid=key).first()
        if instance is None:
            self.fail("does_not_exist")
        return instance

    def to_representation(self, value):
        return value


class RelatedListField(serializers.ListField):
    """A list of ``{uuid, url}`` relations."""

    default_error_messages = {"not_a_list": "Geef een lijst op.", "empty": "De lijst mag niet leeg zijn."}

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type="")
        return super().to_internal_value(data)


def _has_children(field: serializers.Field) -> bool:
    return isinstance(field, serializers.BaseSerializer | serializers.ListField | serializers.DictField) or (
        hasattr(field, "child") or hasattr(field, "child_relation")
    )


class StrictSerializer(serializers.Serializer):
    """Refuses a body that is not an object, and any key the schema does not name.

    Read-only keys (``uuid``, ``url``, the reverse relations) are refused too: the standard marks them so.
    """

    default_error_messages = {"invalid": "Stuur een JSON-object."}

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies every declared field for each serializer it makes, running each field's __init__
        # again: 0.3 ms of an API create. A field without children is copied shallowly: bind() gives the copy
        # its own name and parent, and nothing else of a field changes once it is built. Nested serializers,
        # list and dict fields bind their children, so they are still deep-copied.
        return {
            name: copy.deepcopy(field) if _has_children(field) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"nonFieldErrors": ["Stuur een JSON-object."]}, code="invalid")
        unknown = set(data) - set(self.fields)
        # The standard marks these readOnly ("SHOULD NOT be sent"): refused, so a client learns which keys
        # it cannot change. A resource read from the API is sent back without them.
        read_only = sorted(name for name in data if name in self.fields and self.fields[name].read_only)
        if read_only:
            raise serializers.ValidationError(
                {name: ["Dit veld is alleen-lezen; laat het weg uit het verzoek."] for name in read_only},
                code="read_only",
            )
        if unknown:
            raise serializers.ValidationError(
                {name: ["Dit veld bestaat niet in deze resource."] for name in sorted(unknown)},
                code="unknown",
            )
        return super().to_internal_value(data)


def read_only() -> serializers.Field:
    """A key only the API sends (uuid, url, reverse relations): refused in requests, shown in the document."""
    return serializers.JSONField(read_only=True)
