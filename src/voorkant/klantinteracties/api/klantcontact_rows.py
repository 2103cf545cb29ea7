"""A page of klantcontacten as plain rows: the API's hot path (issue 7's throughput target).

``klantcontact_page`` (the generic path's page, any filter): the questions of the page as value rows (the
page's ids found by an ordered scan over the narrow ``question_api_order_idx``) and one ``UNION ALL`` of their
betrokkenen, onderwerpobjecten, bijlagen, interne taken and actorklantcontacten (``RELATED_SQL``). No model
instances, no prefetch machinery: the rows become the standard's JSON directly. ``expand`` keeps the
model-based path, which renders nested objects (see ``KlantcontactResource.page``).

``klantcontact_listing`` is the fastest path, for a token's list with at most the one-column filters (the
common integration calls): its SQL is written here rather than compiled by the ORM per request (compiling
the queryset cost more CPU than running it), and the unfiltered count comes with the page statement. On
PostgreSQL it runs as two prepared statements with the JSON built by the database (``klantcontact_pg``); on
SQLite the same rows are rendered here.
"""

from __future__ import annotations

import time
import uuid as uuid_module
from datetime import UTC, datetime

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime

from voorkant.contacts.models import Question
from voorkant.contacts.selectors import channels_by_code
from voorkant.klantinteracties.api.framework import ESTIMATE_FROM, Listing, Page, RenderContext
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
SELECT 'b' AS tag, i.question_id, i.id AS sort, CAST(i.uuid AS text) AS uuid,
       CAST(p.uuid AS text) AS party_uuid,
       CAST(NULL AS bigint) AS actor_id, CAST(NULL AS varchar(200)) AS name,
       CAST(NULL AS varchar(24)) AS kind, CAST(NULL AS boolean) AS active,
       CAST(NULL AS timestamp) AS assigned_at
  FROM contacts_involvement i LEFT JOIN parties_party p ON p.id = i.party_id
 WHERE i.question_id {ids}
UNION ALL
SELECT 'o', s.question_id, s.id, CAST(s.uuid AS text), NULL, NULL, NULL, NULL, NULL, NULL
  FROM contacts_subjectobject s WHERE s.question_id {ids}
UNION ALL
SELECT 'a', a.question_id, a.id, CAST(a.uuid AS text), NULL, NULL, NULL, NULL, NULL, NULL
  FROM contacts_attachment a WHERE a.question_id {ids}
UNION ALL
SELECT 't', t.question_id, -t.id, CAST(t.uuid AS text), NULL, NULL, NULL, NULL, NULL, t.assigned_at
  FROM followups_internaltask t WHERE t.question_id {ids}
UNION ALL
SELECT 'x', ai.question_id, ai.id, CAST(ac.uuid AS text), NULL, ai.actor_id, ac.name, ac.kind,
       ac.is_active, NULL
  FROM contacts_actorinvolvement ai JOIN organisation_actor ac ON ac.id = ai.actor_id
 WHERE ai.question_id {ids}
ORDER BY 1, 2, 10 DESC, 3
"""
SEGMENTS = {"b": "betrokkenen", "o": "onderwerpobjecten", "a": "bijlagen", "t": "internetaken"}
_NO_RELATIONS: dict[str, list] = {"b": [], "o": [], "a": [], "t": [], "x": []}


def _uuid(value) -> str:
    """A uuid column as the API writes it (SQLite hands back 32 hex digits, PostgreSQL a UUID or its text)."""
    if isinstance(value, str):
        return value if len(value) == 36 else str(uuid_module.UUID(value))
    return str(value)


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
        from voorkant.klantinteracties.api.klantcontact_pg import pg_related

        related = pg_related(ids)
    else:
        with connection.cursor() as cursor:
            cursor.execute(RELATED_SQL.format(ids="IN ({})".format(", ".join(["%s"] * len(ids)))), ids * 5)
            related = cursor.fetchall()
    for tag, question_id, _sort, uuid, party_uuid, actor_id, name, kind, active, _at in related:
        out[question_id][tag].append(
            (actor_id, _uuid(uuid), party_uuid and _uuid(party_uuid), name, kind, bool(active))
        )
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
    return _rendered(rows, ctx.base_url, size)


def _rendered(rows: list, base: str, size: int, *, with_relations: bool = True) -> Page:
    """The standard's JSON for page rows (QUESTION_COLUMNS order, one more than ``size`` if more follow)."""
    has_next = len(rows) > size
    rows = rows[:size]
    related = _related([r[0] for r in rows] if with_relations else [])
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
        rel = related.get(pk) or _NO_RELATIONS
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
                subjects.append(Subject("partij", party_uuid))
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


# --- The fast path: a token's list with at most one-column filters -----------------------------------------

# Filters that compare one column of the question with one value (the parsed value is the parameter).
COLUMN_FILTERS = {
    "indicatieContactGelukt": "contact_succeeded",
    "nummer": "number",
    "plaatsgevondenOp": "occurred_at",
    "referentienummer": "reference_number",
    "vertrouwelijk": "is_confidential",
}
FAST_FILTERS = frozenset(COLUMN_FILTERS) | {"kanaal"}

# QUESTION_COLUMNS in SQL. The page's ids come from an ordered scan of the narrow ``question_api_order_idx``
# (or ``question_api_channel_idx`` with a kanaal) in a subquery; only those rows are joined.
PAGE_SQL = """
SELECT q.id, CAST(q.uuid AS text), q.number, q.reference_number, ch.name, q.subject, q.note, q.response,
       q.contact_succeeded, q.further_action_taken, q.language, q.is_confidential, q.occurred_at,
       CAST(q.metadata AS text), q.main_subject_type, c.agent_id, CAST(a.uuid AS text), a.name, a.kind,
       a.is_active{extra}
  FROM contacts_question q
  JOIN contacts_channel ch ON ch.id = q.channel_id
  JOIN contacts_conversation c ON c.id = q.conversation_id
  LEFT JOIN organisation_actor a ON a.id = c.agent_id
 WHERE q.id IN (SELECT id FROM contacts_question WHERE {where}
                 ORDER BY occurred_at DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s)
 ORDER BY q.occurred_at DESC, q.id DESC
"""
# The unfiltered count rides along with the page (one round trip fewer): the kept per-class counters, NULL
# while they are not both there yet (``question_counts`` then rebuilds them).
COUNTER_SQL = (
    "(SELECT CASE WHEN COUNT(*) = 2"
    " THEN SUM(CASE WHEN is_confidential THEN {confidential} ELSE total END) END"
    " FROM contacts_questioncount)"
)
_SQL_CACHE: dict[tuple, str] = {}


def page_sql(
    where: tuple[str, ...],
    with_counter: bool,
    sees_confidential: bool,
    template: str = PAGE_SQL,
    limit: int | None = None,
) -> str:
    """The page statement for these conditions, built once per shape (few shapes: the filters are fixed)."""
    key = (where, with_counter, sees_confidential, template, limit)
    sql = _SQL_CACHE.get(key)
    if sql is None:
        extra = ""
        if with_counter:
            extra = ",\n       " + COUNTER_SQL.format(confidential="total" if sees_confidential else "0")
        sql = template.format(extra=extra, where=" AND ".join(where) or "1 = 1", limit=limit)
        _SQL_CACHE[key] = sql
    return sql


def _sqlite_row(row: tuple) -> tuple:
    """SQLite's raw values as PostgreSQL's: uuids from 32 hex digits, booleans from 0/1, aware datetimes from
    text (stored in UTC)."""
    row = list(row)
    for index in (1, 16):
        if row[index] is not None:
            row[index] = _uuid(row[index])
    for index in (8, 9, 11, 19):
        if row[index] is not None:
            row[index] = bool(row[index])
    occurred_at = row[12]
    if isinstance(occurred_at, str):
        occurred_at = parse_datetime(occurred_at)
    if isinstance(occurred_at, datetime) and occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    row[12] = occurred_at
    return tuple(row)


# Planner estimates of filtered counts, kept per process for a few seconds: the estimate follows the table's
# statistics and size, which hardly move in seconds, and asking again costs a statement per request. Only
# estimates are kept; an exact count is always counted.
ESTIMATE_SECONDS = 10
_ESTIMATES: dict[tuple, tuple[float, int]] = {}


def _count(where: list[str], params: dict) -> tuple[int, bool]:
    """How many questions match ``where``: the planner's estimate past ESTIMATE_FROM (PostgreSQL), else exact.

    ``where`` holds only this module's fixed conditions with placeholders; values travel as parameters.
    """
    condition = " AND ".join(where) or "1 = 1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            key = (condition, tuple(sorted(params.items())))
            now = time.monotonic()
            kept = _ESTIMATES.get(key)
            if kept is not None and kept[0] > now:
                return kept[1], True
            explain = "EXPLAIN (FORMAT JSON) SELECT id FROM contacts_question WHERE " + condition  # noqa: S608
            cursor.execute(explain, params)
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = orjson.loads(plan)
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate > ESTIMATE_FROM:
                if len(_ESTIMATES) >= 256:  # filter values come from clients: keep the dictionary small
                    _ESTIMATES.clear()
                _ESTIMATES[key] = (now + ESTIMATE_SECONDS, estimate)
                return estimate, True
        cursor.execute("SELECT COUNT(*) FROM contacts_question WHERE " + condition, params)  # noqa: S608
        return cursor.fetchone()[0], False


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":
        rows = [_sqlite_row(row) for row in rows]
    return rows


def created_klantcontact_json(question: Question, base_url: str) -> dict:
    """A question created in this request as the list shows it, from the saved instance (no read back).

    Nothing can refer to it yet (nobody else knows its uuid), so its relations are empty; its own values are
    those just written (a test compares this answer with reading the klantcontact back).
    """
    conversation = question.conversation
    agent = conversation.agent if conversation.agent_id else None
    row = (
        question.pk,
        str(question.uuid),
        question.number,
        question.reference_number,
        question.channel.name,
        question.subject,
        question.note,
        question.response,
        question.contact_succeeded,
        question.further_action_taken,
        question.language,
        question.is_confidential,
        question.occurred_at.astimezone(UTC),  # as stored and read back: in UTC
        orjson.dumps(question.metadata).decode() if question.metadata else None,
        question.main_subject_type,
        agent.pk if agent else None,
        str(agent.uuid) if agent else None,
        agent.name if agent else None,
        agent.kind if agent else None,
        agent.is_active if agent else None,
    )
    item = _rendered([row], base_url, 1, with_relations=False).items[0]
    # Plain values for DRF's renderer (metadata travels as an orjson fragment in the list).
    return orjson.loads(orjson.dumps(item))


def page_conditions(*, sees_confidential: bool, filters: dict) -> tuple[list[str], dict] | None:
    """The fast page's WHERE conditions (fixed text with placeholders) and their values for these parsed
    filters (all in FAST_FILTERS), or None when they can match nothing (an unknown kanaal)."""
    where: list[str] = []
    params: dict = {}
    if not sees_confidential:
        where.append("is_confidential = %(confidential)s")
        params["confidential"] = False
    for name, value in sorted(filters.items()):
        if name == "kanaal":
            # The channel's id first (the process's reference rows, as the generic path's iexact on the name):
            # a channel_id lets PostgreSQL walk the (channel, occurred_at, id) index in list order.
            wanted = value.upper()
            ids = sorted(c.id for c in channels_by_code().values() if c.name.upper() == wanted)
            if not ids:
                return None
            where.append("channel_id IN ({})".format(", ".join(f"%(channel{n})s" for n in range(len(ids)))))
            params.update({f"channel{n}": pk for n, pk in enumerate(ids)})
        else:
            if isinstance(value, datetime):  # as the ORM stores it (SQLite: naive UTC text)
                value = connection.ops.adapt_datetimefield_value(value)
            where.append(f"{COLUMN_FILTERS[name]} = %({name})s")
            params[name] = value
            if name == "referentienummer" and value != "":
                # Lets the page statement's one (generic) plan use the partial question_reference_idx; most
                # questions have '' there, so without it the plan walks the whole list.
                where.append("reference_number <> ''")
    return where, params


def klantcontact_listing(
    *, sees_confidential: bool, filters: dict, base_url: str, offset: int, size: int
) -> Listing | None:
    """A page of klantcontacten with its count for a token's request, or None when a filter needs the ORM.

    Same answer as the generic path (``CollectionView``): the visibility class of the token, the filters
    ANDed, newest first; count exact without filters (the kept counters), else estimated past ESTIMATE_FROM.
    """
    if not filters.keys() <= FAST_FILTERS:
        return None
    conditions = page_conditions(sees_confidential=sees_confidential, filters=filters)
    if conditions is None:
        return Listing(Page([], [], [], False), 0, False)
    where, params = conditions
    with_counter = not filters
    if connection.vendor == "postgresql":
        from voorkant.klantinteracties.api.klantcontact_pg import pg_fetch, pg_listing_page, pg_page_sql

        rows = pg_fetch(
            pg_page_sql(tuple(where), with_counter, sees_confidential, size + 1),
            {**params, "base": base_url, "offset": offset},
        )
        count = estimated = None
        if with_counter and rows and rows[0][-1] is not None:
            count, estimated = int(rows[0][-1]), False
        page = pg_listing_page(rows, size, base_url)
    else:
        rows = _fetch(
            page_sql(tuple(where), with_counter, sees_confidential),
            {**params, "limit": size + 1, "offset": offset},
        )
        count = estimated = None
        if with_counter and rows:
            if rows[0][-1] is not None:
                count, estimated = int(rows[0][-1]), False
            rows = [row[:-1] for row in rows]
        page = _rendered(rows, base_url, size)
    if count is None:
        if with_counter:  # an empty page, or counters still to be built
            from voorkant.contacts.services.counts import question_counts

            counts = question_counts()
            count, estimated = counts[False] + (counts[True] if sees_confidential else 0), False
        else:
            count, estimated = _count(where, params)
    return Listing(page, count, estimated)
