"""A page of klantcontacten as plain rows: the API's hot path (issue 7's throughput target).

Two queries whatever the page size: the questions of the page (with channel and agent, as value rows, the
page's ids found by an ordered scan over the narrow ``question_api_order_idx``), and one ``UNION ALL`` of
their
betrokkenen, onderwerpobjecten, bijlagen, interne taken and actorklantcontacten. No model instances, no
prefetch machinery: the rows become the standard's JSON directly. ``expand`` keeps the model-based path,
which renders nested objects (see ``KlantcontactResource.page``).
"""

from __future__ import annotations

import uuid as uuid_module

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from voorkant.contacts.models import Question
from voorkant.klantinteracties.api.framework import Page, RenderContext
from voorkant.privacy.services import Subject

QUESTION_COLUMNS = (
    "id",
    "uuid",
    "number",
    "reference_number",
    "channel__name",
    "subject",
    "note",
    "response",
    "contact_succeeded",
    "further_action_taken",
    "language",
    "is_confidential",
    "occurred_at",
    "metadata_json",
    "main_subject_type",
    "conversation__agent_id",
    "conversation__agent__uuid",
    "conversation__agent__name",
    "conversation__agent__kind",
    "conversation__agent__is_active",
)

# The same order the model-based path gives: related rows by id, interne taken by their model ordering
# (newest assignment first), hence the ``sort`` column. CASTs of NULL keep PostgreSQL's UNION type resolution
# happy and are harmless on SQLite.
RELATED_SQL = """
SELECT 'b' AS tag, i.question_id, i.id AS sort, i.uuid, p.uuid AS party_uuid,
       CAST(NULL AS bigint) AS actor_id, CAST(NULL AS varchar(200)) AS name,
       CAST(NULL AS varchar(24)) AS kind, CAST(NULL AS boolean) AS active,
       CAST(NULL AS timestamp) AS assigned_at
  FROM contacts_involvement i LEFT JOIN parties_party p ON p.id = i.party_id
 WHERE i.question_id {ids}
UNION ALL
SELECT 'o', s.question_id, s.id, s.uuid, NULL, NULL, NULL, NULL, NULL, NULL
  FROM contacts_subjectobject s WHERE s.question_id {ids}
UNION ALL
SELECT 'a', a.question_id, a.id, a.uuid, NULL, NULL, NULL, NULL, NULL, NULL
  FROM contacts_attachment a WHERE a.question_id {ids}
UNION ALL
SELECT 't', t.question_id, -t.id, t.uuid, NULL, NULL, NULL, NULL, NULL, t.assigned_at
  FROM followups_internaltask t WHERE t.question_id {ids}
UNION ALL
SELECT 'x', ai.question_id, ai.id, ac.uuid, NULL, ai.actor_id, ac.name, ac.kind, ac.is_active, NULL
  FROM contacts_actorinvolvement ai JOIN organisation_actor ac ON ac.id = ai.actor_id
 WHERE ai.question_id {ids}
ORDER BY 1, 2, 10 DESC, 3
"""
SEGMENTS = {"b": "betrokkenen", "o": "onderwerpobjecten", "a": "bijlagen", "t": "internetaken"}


def _uuid(value) -> str:
    """A uuid column as the API writes it (SQLite hands back 32 hex digits, PostgreSQL a UUID)."""
    if isinstance(value, uuid_module.UUID):
        return str(value)
    return str(uuid_module.UUID(value))


def actor_json(base: str, uuid: str, name: str, kind: str, active: bool) -> dict:
    """The standard's Actor for a row (same shape as ``render.actor``)."""
    body = {
        "uuid": uuid,
        "url": f"{base}actoren/{uuid}",
        "naam": name,
        "soortActor": kind,
        "indicatieActief": bool(active),
        "actoridentificator": None,
    }
    if kind == "organisatorische_eenheid":
        body["actorIdentificatie"] = {"omschrijving": name[:200]}
    elif kind == "geautomatiseerde_actor":
        body["actorIdentificatie"] = {"functie": name[:40], "telefoonnummer": None}
    return body


def _related(ids: list[int]) -> dict[int, dict[str, list]]:
    out: dict[int, dict[str, list]] = {pk: {"b": [], "o": [], "a": [], "t": [], "x": []} for pk in ids}
    if not ids:
        return out
    if connection.vendor == "postgresql":
        # One array parameter: the statement text stays the same for every page, so psycopg parses it once.
        literal = "{" + ",".join(map(str, ids)) + "}"
        condition, params = "= ANY(%s::bigint[])", [literal] * 5
    else:
        condition, params = "IN ({})".format(", ".join(["%s"] * len(ids))), ids * 5
    with connection.cursor() as cursor:
        cursor.execute(RELATED_SQL.format(ids=condition), params)
        for tag, question_id, _sort, uuid, party_uuid, actor_id, name, kind, active, _at in cursor.fetchall():
            out[question_id][tag].append((actor_id, _uuid(uuid), party_uuid, name, kind, active))
    return out


def klantcontact_page(qs: QuerySet, ctx: RenderContext, offset: int, size: int) -> Page:
    """Rows ``offset`` to ``offset + size`` of the ordered, visibility-narrowed ``qs`` as JSON rows."""
    ordering = qs.query.order_by
    page_ids = qs.values("pk")[offset : offset + size + 1]
    query = (
        Question.objects.filter(pk__in=page_ids)
        .order_by(*ordering)
        # metadata as its JSON text, passed through to the response unparsed
        .annotate(metadata_json=Cast("metadata", TextField()))
        .values_list(*QUESTION_COLUMNS)
    )
    if connection.vendor == "postgresql":
        # psycopg already returns uuids, aware datetimes and booleans: skip Django's per-value converters.
        try:
            sql, params = query.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (e.g. an unknown kanaal)
            rows = []
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
    else:
        rows = list(query)
    has_next = len(rows) > size
    rows = rows[:size]
    related = _related([r[0] for r in rows])
    base = ctx.base_url
    items: list[dict] = []
    subjects: list[Subject] = []
    uuids = []
    for (
        pk,
        uuid,
        number,
        reference_number,
        channel_name,
        subject,
        note,
        response,
        contact_succeeded,
        further_action_taken,
        language,
        is_confidential,
        occurred_at,
        metadata,
        main_subject_type,
        agent_id,
        agent_uuid,
        agent_name,
        agent_kind,
        agent_active,
    ) in rows:
        key = str(uuid)
        uuids.append(uuid)
        rel = related[pk]
        actors = []
        if agent_id is not None:
            actors.append(actor_json(base, str(agent_uuid), agent_name, agent_kind, agent_active))
        for actor_id, actor_uuid, _p, name, kind, active in rel["x"]:
            if actor_id != agent_id:
                actors.append(actor_json(base, actor_uuid, name, kind, active))
        refs = {}
        for tag, segment in SEGMENTS.items():
            refs[tag] = [{"uuid": u, "url": f"{base}{segment}/{u}"} for _id, u, *_rest in rel[tag]]
        for _id, _u, party_uuid, *_rest in rel["b"]:
            if party_uuid is not None:
                subjects.append(Subject("partij", _uuid(party_uuid)))
        body = {
            "uuid": key,
            "url": f"{base}klantcontacten/{key}",
            "gingOverOnderwerpobjecten": refs["o"],
            "hadBetrokkenActoren": actors,
            "omvatteBijlagen": refs["a"],
            "hadBetrokkenen": refs["b"],
            "leiddeTotInterneTaken": refs["t"],
            "nummer": number,
            "referentienummer": reference_number or None,
            "kanaal": channel_name,
            "onderwerp": subject,
            "inhoud": note,
            "reactie": response,
            "indicatieContactGelukt": contact_succeeded,
            "verdereActieOndernomen": further_action_taken,
            "taal": language,
            "vertrouwelijk": is_confidential,
            "plaatsgevondenOp": occurred_at.isoformat(),
            "metadata": orjson.Fragment(metadata) if metadata else {},
        }
        if main_subject_type:
            body["hoofdOnderwerpType"] = main_subject_type
        items.append(body)
    return Page(items, subjects, uuids, has_next)
