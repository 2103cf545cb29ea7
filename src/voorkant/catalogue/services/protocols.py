"""Registration protocols: definitions, proposals from the floor, the manager's decision, and the one place
that decides which answers may be stored for a question."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from voorkant.catalogue.models import (
    FieldKind,
    Protocol,
    ProtocolField,
    ProtocolLevel,
    ProtocolSignal,
    ProtocolVersion,
    SignalKind,
    SignalStatus,
    VersionStatus,
)

# Filler (opvulling): what an agent types to get past a required field without an answer. The rule, after
# lower-casing and removing spaces and the punctuation below: nothing is left ("-", ".", "..."), a single
# character repeated ("x", "xxx", "0000"), or one of these words ("n.v.t." → "nvt", "n/a" → "na").
# Only free-text answers can be filler: choices, yes/no, dates and numbers are parsed and constrained.
FILLER_PUNCTUATION = str.maketrans("", "", " \t\n.,;:-_/\\*?!'\"()[]")
FILLER_WORDS = frozenset(
    {
        "nvt",
        "na",
        "nb",
        "onbekend",
        "onb",
        "weetniet",
        "wn",
        "geenidee",
        "idem",
        "test",
        "leeg",
        "asdf",
        "qwerty",
    }
)
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 1000
CHOICE_KINDS = {FieldKind.CHOICE, FieldKind.MULTIPLE_CHOICE}


@dataclass(frozen=True)
class FieldSpec:
    """A protocol question as a coordinator or the functional administrator defines it."""

    key: str
    label: str
    kind: str
    why_asked: str
    is_required: bool = False
    help_text: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)


def _validate_specs(specs: list[FieldSpec], level: str) -> None:
    """Refuse an invalid question definition as a whole, with a message per question."""
    errors: dict[str, list[str]] = {}
    if level not in ProtocolLevel.values:
        errors.setdefault("level", []).append("Kies minimaal, standaard of volledig.")
    if level == ProtocolLevel.MINIMAL and specs:
        errors.setdefault("level", []).append(
            "Een minimaal protocol stelt geen extra vragen; kies standaard als er vragen nodig zijn."
        )
    seen: set[str] = set()
    for index, spec in enumerate(specs, start=1):
        problems = []
        if not spec.label.strip():
            problems.append("De vraag heeft geen tekst.")
        if len(spec.label) > 200:
            problems.append("De vraagtekst is langer dan 200 tekens.")
        if spec.kind not in FieldKind.values:
            problems.append(f"Onbekend soort vraag: {spec.kind!r}.")
        if not spec.why_asked.strip():
            problems.append("Vul in waarom dit wordt gevraagd (welke vervolgactie het gebruikt).")
        key = slugify(spec.key or spec.label)[:60]
        if not key:
            problems.append("De vraag heeft geen sleutel.")
        elif key in seen:
            problems.append(f"De sleutel {key!r} komt twee keer voor.")
        seen.add(key)
        if spec.kind in CHOICE_KINDS:
            options = [c.strip() for c in spec.choices if c.strip()]
            if len(options) < 2:
                problems.append("Een keuzevraag heeft minstens twee keuzes nodig.")
            if len(set(options)) != len(options):
                problems.append("Een keuze komt twee keer voor.")
        elif spec.choices:
            problems.append("Alleen keuzevragen hebben keuzes.")
        if problems:
            errors[f"vraag {index}"] = problems
    if errors:
        raise ValidationError(errors)


def _create_fields(version: ProtocolVersion, specs: list[FieldSpec]) -> None:
    ProtocolField.objects.bulk_create(
        [
            ProtocolField(
                version=version,
                key=slugify(spec.key or spec.label)[:60],
                label=spec.label.strip(),
                kind=spec.kind,
                is_required=spec.is_required,
                help_text=spec.help_text.strip(),
                why_asked=spec.why_asked.strip(),
                choices=[c.strip() for c in spec.choices if c.strip()],
                order=order,
            )
            for order, spec in enumerate(specs)
        ]
    )


@transaction.atomic
def protocol_create(
    *, code: str, name: str, level: str, fields: list[FieldSpec], requires_follow_up: bool = False
) -> ProtocolVersion:
    """A new protocol with its first, published version (the functional administrator's path)."""
    _validate_specs(fields, level)
    if Protocol.objects.filter(code=code).exists():
        raise ValidationError({"code": [f"Er bestaat al een protocol met code {code!r}."]})
    protocol = Protocol.objects.create(code=code, name=name)
    now = timezone.now()
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=1,
        level=level,
        status=VersionStatus.PUBLISHED,
        requires_follow_up=requires_follow_up,
        published_at=now,
    )
    _create_fields(version, fields)
    return version


@transaction.atomic
def protocol_propose(
    *,
    protocol: Protocol,
    user,
    level: str,
    fields: list[FieldSpec],
    rationale: str,
    requires_follow_up: bool = False,
    signals: list[ProtocolSignal] = (),
) -> ProtocolVersion:
    """A coordinator turns signals into a proposal: a draft version with a rationale, awaiting a decision."""
    _validate_specs(fields, level)
    if not rationale.strip():
        raise ValidationError({"rationale": ["Licht het voorstel toe: welke signalen, welke afweging."]})
    # Lock the protocol row so two proposals never get the same number.
    Protocol.objects.select_for_update().get(pk=protocol.pk)
    number = (protocol.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=number,
        level=level,
        status=VersionStatus.PROPOSED,
        requires_follow_up=requires_follow_up,
        rationale=rationale.strip(),
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    _create_fields(version, fields)
    if signals:
        ProtocolSignal.objects.filter(pk__in=[s.pk for s in signals]).update(
            status=SignalStatus.IN_PROPOSAL, proposal=version
        )
    return version


@transaction.atomic
def proposal_decide(*, version: ProtocolVersion, user, approve: bool, reason: str) -> ProtocolVersion:
    """The manager approves (publishes; the previous version is superseded) or rejects, with a reason."""
    version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError("Over dit voorstel is al besloten.")
    if not reason.strip():
        raise ValidationError({"reason": ["Geef een reden voor het besluit."]})
    now = timezone.now()
    version.decided_by = user
    version.decided_at = now
    version.decision_reason = reason.strip()
    if approve:
        ProtocolVersion.objects.filter(protocol=version.protocol, status=VersionStatus.PUBLISHED).update(
            status=VersionStatus.SUPERSEDED
        )
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.answered_signals.update(status=SignalStatus.CLOSED)
    else:
        version.status = VersionStatus.REJECTED
        # The floor's signals stay open: the problem they point at is not solved by a rejection.
        version.answered_signals.update(status=SignalStatus.OPEN, proposal=None)
    version.save()
    return version


@transaction.atomic
def protocol_signal_create(
    *,
    user,
    version: ProtocolVersion,
    kind: str,
    reason: str,
    field: ProtocolField | None = None,
    product=None,
) -> ProtocolSignal:
    """One click from the registration form: flag a protocol question or the whole protocol.

    The reason is optional: "overbodig" or "vervelend voor de klant" speaks for itself, and an agent with a
    caller on the line should not have to write. Only "anders" needs a word of explanation."""
    errors = {}
    if kind not in SignalKind.values:
        errors["kind"] = ["Kies wat er aan de hand is."]
    if kind == SignalKind.OTHER and not reason.strip():
        errors["reason"] = ["Schrijf bij 'anders' in een paar woorden wat er niet werkt."]
    elif len(reason) > 500:
        errors["reason"] = ["Houd de toelichting korter dan 500 tekens."]
    if field is not None and field.version_id != version.pk:
        errors["field"] = ["Deze vraag hoort niet bij dit protocol."]
    if errors:
        raise ValidationError(errors)
    return ProtocolSignal.objects.create(
        version=version, field=field, product=product, kind=kind, reason=reason.strip(), created_by=user
    )


def _clean_value(protocol_field: ProtocolField, raw):
    """Parse one answer by its field kind; returns a JSON-safe value, or None for empty."""
    kind = protocol_field.kind
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None
    if kind in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT):
        text = str(raw).strip()
        limit = SHORT_TEXT_MAX if kind == FieldKind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(f"Maximaal {limit} tekens.")
        return text
    if kind == FieldKind.CHOICE:
        if raw not in protocol_field.choices:
            raise ValidationError("Kies een van de mogelijkheden.")
        return raw
    if kind == FieldKind.MULTIPLE_CHOICE:
        values = raw if isinstance(raw, list) else [raw]
        if any(v not in protocol_field.choices for v in values):
            raise ValidationError("Kies alleen uit de mogelijkheden.")
        return sorted(set(values), key=protocol_field.choices.index)
    if kind == FieldKind.YES_NO:
        if raw in (True, "ja", "true", "1", "on"):
            return True
        if raw in (False, "nee", "false", "0"):
            return False
        raise ValidationError("Kies ja of nee.")
    if kind == FieldKind.DATE:
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError as exc:
            raise ValidationError("Vul een datum in als jjjj-mm-dd.") from exc
    if kind == FieldKind.NUMBER:
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError("Vul een getal in.") from exc
        if not number.is_finite():
            raise ValidationError("Vul een getal in.")
        return str(number)
    raise ValidationError("Onbekend soort vraag.")


def answer_is_filler(*, kind: str, value) -> bool:
    """Whether a stored answer is filler by the rule above (FILLER_WORDS and FILLER_PUNCTUATION)."""
    if kind not in (FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT) or not isinstance(value, str):
        return False
    core = value.lower().translate(FILLER_PUNCTUATION)
    return not core or len(set(core)) == 1 or core in FILLER_WORDS


def answers_clean(*, version: ProtocolVersion, answers: dict) -> dict[str, object]:
    """The answers that may be stored for a question under this protocol version, keyed by field key.

    Fields outside the protocol are dropped, never stored; required fields must be filled; each value is
    parsed by its kind. Raises a ValidationError keyed by field key with Dutch messages.
    """
    cleaned: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for protocol_field in version.fields.all():
        try:
            value = _clean_value(protocol_field, answers.get(protocol_field.key))
        except ValidationError as exc:
            errors[protocol_field.key] = exc.messages
            continue
        if value is None:
            if protocol_field.is_required:
                errors[protocol_field.key] = ["Dit veld is verplicht in dit protocol."]
            continue
        cleaned[protocol_field.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned
