"""The fast list of klantcontacten on PostgreSQL: two prepared statements and the JSON spliced as text.

The database builds each row's own fields as JSON text in the statement that finds the page (in C: building
100 nested dictionaries in Python cost as much CPU as everything else together). The relations of the whole
page come from ``RELATED_SQL``, one ``UNION ALL`` over the page's ids (about 0.25 ms), and are spliced into
each row's text here: the same relations as per-row subqueries in the page statement cost PostgreSQL about
2 ms a page (six subplans started for each of 100 rows). Both statements are prepared
(``voorkant.core.prepared``).
Same answer as ``klantcontact_rows._rendered``, the SQLite path (tests compare both paths; key order aside).
"""

from __future__ import annotations

from functools import lru_cache

import orjson

from voorkant.core.prepared import prepared_cursor
from voorkant.klantinteracties.api.framework import Page
from voorkant.klantinteracties.api.klantcontact_rows import RELATED_SQL, actor_json, page_sql
from voorkant.privacy.services import Subject


def pg_page_sql(where: tuple[str, ...], with_counter: bool, sees_confidential: bool, limit: int) -> str:
    # The page size is part of the text: a prepared statement keeps one generic plan, and with the LIMIT as a
    # parameter the planner would have to guess it.
    return page_sql(where, with_counter, sees_confidential, PG_PAGE_SQL, limit=int(limit))


def pg_fetch(sql: str, params: dict) -> list[tuple]:
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pg_related(ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    # One array parameter, as text: the statement and its parameter types stay the same for every page.
    return pg_fetch(PG_RELATED_SQL, {"ids": "{" + ",".join(map(str, ids)) + "}"})


@lru_cache(maxsize=4096)
def _actor_text(base: str, uuid: str, name: str, kind: str, active: bool) -> str:
    # Every value is part of the key: a renamed or deactivated actor is a new entry, never an old answer.
    return orjson.dumps(actor_json(base, uuid, name, kind, active)).decode()


def _refs_text(base_json: str, segment: str, uuids: list[str]) -> str:
    # uuids are hex and dashes; base_json is the base URL already escaped for a JSON string.
    return "[" + ",".join(f'{{"uuid":"{u}","url":"{base_json}{segment}/{u}"}}' for u in uuids) + "]"


def pg_listing_page(rows: list[tuple], size: int, base: str) -> Page:
    """A Page from PG_PAGE_SQL rows (id, uuid, hoofdOnderwerpType, JSON text, agent id, uuid, name, kind,
    active[, count]) and their relations."""
    has_next = len(rows) > size
    rows = rows[:size]
    related: dict[int, dict[str, list]] = {}
    relations = pg_related([row[0] for row in rows])
    for tag, question_id, _sort, uuid, party_uuid, actor_id, name, kind, active, _at in relations:
        per_question = related.get(question_id)
        if per_question is None:
            per_question = related[question_id] = {"b": [], "o": [], "a": [], "t": [], "x": [], "p": []}
        if tag == "x":
            per_question["x"].append((actor_id, uuid, name, kind, active))
        else:
            per_question[tag].append(uuid)
            if party_uuid is not None:
                per_question["p"].append(party_uuid)
    base_json = orjson.dumps(base).decode()[1:-1]
    items = []
    subjects = []
    uuids = []
    for pk, uuid, main_subject_type, text, agent_id, *agent in rows:
        actors = [] if agent_id is None else [_actor_text(base, *agent[:4])]
        rel = related.get(pk)
        if rel is None:
            o = a = b = t = "[]"
        else:
            o = _refs_text(base_json, "onderwerpobjecten", rel["o"]) if rel["o"] else "[]"
            a = _refs_text(base_json, "bijlagen", rel["a"]) if rel["a"] else "[]"
            b = _refs_text(base_json, "betrokkenen", rel["b"]) if rel["b"] else "[]"
            t = _refs_text(base_json, "internetaken", rel["t"]) if rel["t"] else "[]"
            actors.extend(
                _actor_text(base, actor_uuid, name, kind, active)
                for actor_id, actor_uuid, name, kind, active in rel["x"]
                if actor_id != agent_id
            )
            subjects.extend(Subject("partij", party) for party in rel["p"])
        extra = ""
        if main_subject_type:  # left out when empty, as ``_rendered`` does
            extra = ',"hoofdOnderwerpType":' + orjson.dumps(main_subject_type).decode()
        items.append(
            orjson.Fragment(
                f'{text[:-1]},"gingOverOnderwerpobjecten":{o},"hadBetrokkenActoren":[{",".join(actors)}],'
                f'"omvatteBijlagen":{a},"hadBetrokkenen":{b},"leiddeTotInterneTaken":{t}{extra}}}'
            )
        )
        uuids.append(uuid)
    return Page(items, subjects, uuids, has_next)


# isoformat() of an aware UTC datetime: microseconds only when there are any.
_ISO_SQL = (
    "to_char(q.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN EXTRACT(MICROSECONDS FROM q.occurred_at) %% 1000000 <> 0"
    " THEN to_char(q.occurred_at AT TIME ZONE 'UTC', '.US') ELSE '' END || '+00:00'"
)

# Built from this module's fragments; values travel as parameters (the page size is formatted in as an int).
PG_PAGE_SQL = (
    "SELECT q.id, CAST(q.uuid AS text), q.main_subject_type,"  # noqa: S608
    " CAST(json_build_object("
    "'uuid', q.uuid, 'url', %(base)s || 'klantcontacten/' || q.uuid,"
    " 'nummer', q.number, 'referentienummer', NULLIF(q.reference_number, ''), 'kanaal', ch.name,"
    " 'onderwerp', q.subject, 'inhoud', q.note, 'reactie', q.response,"
    " 'indicatieContactGelukt', q.contact_succeeded, 'verdereActieOndernomen', q.further_action_taken,"
    " 'taal', q.language, 'vertrouwelijk', q.is_confidential, 'plaatsgevondenOp', " + _ISO_SQL + ","
    " 'metadata', COALESCE(q.metadata, '{{}}'::jsonb)) AS text),"
    " c.agent_id, CAST(a.uuid AS text), a.name, a.kind, a.is_active{extra}"
    " FROM contacts_question q"
    " JOIN contacts_channel ch ON ch.id = q.channel_id"
    " JOIN contacts_conversation c ON c.id = q.conversation_id"
    " LEFT JOIN organisation_actor a ON a.id = c.agent_id"
    " WHERE q.id IN (SELECT id FROM contacts_question WHERE {where}"
    " ORDER BY occurred_at DESC, id DESC LIMIT {limit} OFFSET %(offset)s)"
    " ORDER BY q.occurred_at DESC, q.id DESC"
)
PG_RELATED_SQL = RELATED_SQL.format(ids="= ANY(%(ids)s::bigint[])")
