"""Report: what a store holds, as plain data for the CLI (and later the API).

`summary(store)` gives corpus size, languages, events by type and top dyads;
`select_events(store, ...)` filters stored events. Both return rows, never print.
"""
from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import ParleyError
from .filters import EventFilters, mention_filters
from .links import safe_link
from .store import OUTLET_SQL, Store


@dataclass(slots=True)
class Summary:
    articles: int
    sentences: int
    events: int
    counted_events: int
    languages: list[tuple[str, int]]
    event_types: list[tuple[str, int]]
    top_dyads: list[tuple[str, str, int]]
    distinct_events: int = 0  # merged from the counted mentions (see `dedupe`)
    undated_events: int = 0  # distinct events with no day, left out of every date-based figure
    article_groups: int = 0  # groups of near-duplicate articles


def summary(store: Store, top: int = 10) -> Summary:
    """Headline figures of a store: counts, languages, events by type, top dyads."""
    with store.connect() as con:
        articles, sentences = con.execute(
            "SELECT count(*), coalesce(sum(n_sentences), 0) FROM articles").fetchone()
        events, counted = con.execute(
            "SELECT count(*), coalesce(sum(CASE WHEN counted THEN 1 ELSE 0 END), 0) FROM events").fetchone()
        languages = con.execute(
            "SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY 2 DESC, 1").fetchall()
        types = con.execute(
            "SELECT event_type, count(*) FROM events WHERE counted GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        dyads = con.execute(
            "SELECT source_country, coalesce(target_country, '-'), count(*) FROM events WHERE counted "
            "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?", [top]).fetchall()
        distinct, undated = con.execute("SELECT count(*), count(*) FILTER (WHERE day IS NULL) FROM merged_events").fetchone()
        groups = con.execute("SELECT count(DISTINCT group_id) FROM article_groups").fetchone()[0]
    return Summary(articles, int(sentences), events, int(counted), languages, types, dyads, distinct, undated, groups)


# Event columns from which `event_record` rebuilds the JSONL record of an event.
RECORD_COLUMNS = ("article_id", "event_type", "mode", "cameo", "goldstein", "quad_class",
                  "source_country", "source_sector", "source_name", "source_id", "source_text",
                  "target_country", "target_sector", "target_name", "target_id", "target_text",
                  "factuality", "event_date", "location_text", "location_country", "sentence",
                  "sentence_index", "span_start", "span_end", "trigger", "confidence", "lang")
DISPLAY_COLUMNS = 10  # the columns of `select_events` before the record columns


def event_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """The JSONL record of a stored event (the extraction contract; actor spans are not stored)."""
    r = dict(zip(RECORD_COLUMNS, row[DISPLAY_COLUMNS:]))

    def actor(side: str) -> dict[str, Any] | None:
        if r[f"{side}_country"] is None and r[f"{side}_text"] is None:
            return None
        return {k: r[f"{side}_{k}"] for k in ("country", "sector", "name", "id", "text")}

    location = ({"text": r["location_text"], "country": r["location_country"]}
                if r["location_text"] else None)
    return {"doc_id": r["article_id"], "event_type": r["event_type"], "mode": r["mode"], "cameo": r["cameo"],
            "goldstein": r["goldstein"], "quad_class": r["quad_class"], "source": actor("source"),
            "target": actor("target"), "factuality": r["factuality"],
            "date": r["event_date"].isoformat() if r["event_date"] else None, "location": location,
            "sentence": r["sentence"], "sentence_index": r["sentence_index"],
            "span": [r["span_start"], r["span_end"]], "trigger": r["trigger"], "confidence": r["confidence"],
            "lang": r["lang"]}


def select_events(store: Store, *, country: str | None = None, event_type: str | None = None,
                  since: date | None = None, until: date | None = None, include_uncounted: bool = False,
                  limit: int | None = None, sector: str | None = None,
                  actor: str | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Stored events matching the filters, newest article first; all SQL is parameterised.
    `sector` binds to the side of `country` (either side without one): the opposition's
    events of Belarus, not its government's; `actor` is a person's or body's id or part of its
    name, on either side."""
    where, params = mention_filters(country, event_type, include_uncounted, sector, actor)
    if since:
        where.append("coalesce(e.event_date, a.published) >= ?")
        params.append(since)
    if until:
        where.append("coalesce(e.event_date, a.published) <= ?")
        params.append(until)
    sql = ("SELECT e.article_id AS doc_id, coalesce(e.event_date, a.published) AS date, e.event_type, e.mode, "
           "e.source_country AS source, e.target_country AS target, e.factuality, e.confidence, e.trigger, "
           f"e.sentence, {', '.join('e.' + c for c in RECORD_COLUMNS)} FROM events e JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY date DESC NULLS LAST, doc_id, e.sentence_index")
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return store.query(sql, params)


def undated_mentions(store: Store, *, country: str | None = None, event_type: str | None = None,
                     include_uncounted: bool = False, sector: str | None = None, actor: str | None = None) -> int:
    """How many of the stored events (mentions) `select_events` would list, dates aside, have
    no date at all (none in the text, none for the article): those --since and --until leave out."""
    where, params = mention_filters(country, event_type, include_uncounted, sector, actor)
    _, [(count,)] = store.query("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                                f"WHERE {' AND '.join(where)} AND coalesce(e.event_date, a.published) IS NULL",
                                params)
    return count


def undated_events(store: Store, filters: EventFilters | Sequence[EventFilters] | None = None, *,
                   with_source: bool = False, relations_only: bool = False) -> int:
    """How many distinct events pass `filters` (their dates aside) but have no day: the events
    that every date-based figure (dyads, charts, periods) leaves out. Several filters (a
    region's countries) count an event that passes more than one once. `with_source`: only
    those with a source country (as `dyad_rows` counts); `relations_only`: only those between
    two different actors (as a chart of relations counts)."""
    alternatives = [filters or EventFilters()] if not isinstance(filters, Sequence) else list(filters)
    where: list[str] = []
    params: list[Any] = []
    for alternative in alternatives:
        conditions, alternative_params = dataclasses.replace(alternative, since=None, until=None).where()
        where.append("(" + (" AND ".join(conditions) or "true") + ")")
        params += alternative_params
    where = ["(" + (" OR ".join(where) or "false") + ")", "m.day IS NULL"]
    if with_source or relations_only:
        where.append("m.source_country IS NOT NULL")
    if relations_only:
        where.append("m.source_country IS DISTINCT FROM m.target_country")
    _, [(count,)] = store.query(f"SELECT count(*) FROM merged_events m WHERE {' AND '.join(where)}", params)
    return count


PERIODS = ("week", "month", "year")


def _period_start(period: str) -> str:
    """The SQL for the first day of an event's period (checked: `period` is formatted into SQL)."""
    if period not in PERIODS:
        raise ParleyError(f"unknown period '{period}' (week, month or year)")
    return f"strftime(date_trunc('{period}', m.day), '%Y-%m-%d')"


def dyad_rows(store: Store, *, country: str | None = None, period: str = "month", since: date | None = None,
              until: date | None = None, sector: str | None = None, partner: str | None = None,
              partner_sector: str | None = None, actor: str | None = None,
              by_type: bool = False) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Per period and ordered dyad: distinct events, events by PLOVER type, Goldstein mean and
    sum, and counts per quad class (1 verbal cooperation ... 4 material conflict); `by_type`:
    a row per PLOVER type too (its last column, `event_type`).

    Who acted (see `EventFilters`): with `sector`, only the events where `country`'s side is
    that sector, the side named "BLR-OPP"; with a partner and a sector on either side, the
    dyad of those two actors (`actor_dyad_rows`: "BLR-GOV" and "BLR-OPP"); `actor` keeps
    the events a person or body is in."""
    if country and partner and (sector or partner_sector):
        return actor_dyad_rows(store, country=country, sector=sector, partner=partner, partner_sector=partner_sector,
                               period=period, since=since, until=until, actor=actor, by_type=by_type)
    where, params = EventFilters(country=country, partner=partner, sector=sector, partner_sector=partner_sector,
                                 actor=actor, since=since, until=until).where()
    source, target, label_params = "m.source_country", "coalesce(m.target_country, '-')", []
    if country and sector:  # the side a mention gives that sector is named so ("BLR-OPP")
        source, source_params = _sector_side("source", "m.source_country", country, sector)
        target, target_params = _sector_side("target", "coalesce(m.target_country, '-')", country, sector)
        label_params = source_params + target_params
    sql = f"""
        SELECT {_period_start(period)} AS period, {source} AS source, {target} AS target,
               {DYAD_AGGREGATES}{_TYPE_COLUMN if by_type else ""}
        FROM merged_events m
        WHERE m.day IS NOT NULL AND m.source_country IS NOT NULL {"".join(" AND " + w for w in where)}
        GROUP BY 1, 2, 3{", m.event_type" if by_type else ""} ORDER BY 1, 4 DESC, 2, 3{", event_type" if by_type else ""}"""
    return store.query(sql, label_params + params)


def _sector_side(prefix: str, otherwise: str, country: str, sector: str) -> tuple[str, list[Any]]:
    """The SQL naming the `prefix` side of a merged event `m` "BLR-OPP" when one of its
    mentions puts `country`'s `sector` on that side (read in the event's direction: a
    symmetric event merges mentions of either), else `otherwise`; and its parameters."""
    other = "target" if prefix == "source" else "source"
    return (f"CASE WHEN EXISTS (SELECT 1 FROM event_links l JOIN events e ON e.event_id = l.event_id "
            f"WHERE l.merged_id = m.merged_id AND CASE WHEN e.source_country IS NOT DISTINCT FROM m.source_country "
            f"THEN e.{prefix}_country = ? AND e.{prefix}_sector = ? "
            f"ELSE e.{other}_country = ? AND e.{other}_sector = ? END) THEN ? ELSE {otherwise} END",
            [country.upper(), sector.upper()] * 2 + [actor_label(country, sector)])


# What a dyad's row counts over its merged events `m`, for country dyads and sector dyads alike.
DYAD_AGGREGATES = """count(*) AS events,
               string_agg(DISTINCT m.event_type, ',' ORDER BY m.event_type) AS types,
               round(avg(m.goldstein), 2) AS goldstein_mean, round(sum(m.goldstein), 1) AS goldstein_sum,
               count(*) FILTER (WHERE m.quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE m.quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE m.quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE m.quad_class = 4) AS material_conflict,
               sum(m.num_mentions) AS mentions"""
_TYPE_COLUMN = ", m.event_type AS event_type"  # `by_type`: one row per type as well


def actor_label(country: str, sector: str | None) -> str:
    """How a country's sector is named in a dyad: "BLR-OPP" (the country alone without one)."""
    return f"{country.upper()}-{sector.upper()}" if sector else country.upper()


def actor_dyad_rows(store: Store, *, country: str, sector: str | None = None, partner: str | None = None,
                    partner_sector: str | None = None, period: str = "month", since: date | None = None,
                    until: date | None = None, actor: str | None = None,
                    by_type: bool = False) -> tuple[list[str], list[tuple[Any, ...]]]:
    """`dyad_rows` for actors that are a country's sector ("BLR-GOV" and "BLR-OPP"), or a
    sector and everyone else (no `partner`): per period and direction, the distinct events,
    Goldstein mean and quad classes. Merged events keep only countries, so an event's
    direction is read from its mentions: from `country` (and `sector`) to the other side if
    a mention says so, else the other way; an event no mention puts between the two is left out."""
    def matches(prefix: str, code: str, sector_: str | None) -> tuple[str, list[Any]]:
        sql = f"e.{prefix}_country = ?" + (f" AND e.{prefix}_sector = ?" if sector_ else "")
        return f"coalesce({sql}, false)", [code.upper()] + ([sector_.upper()] if sector_ else [])

    def other(prefix: str) -> tuple[str, list[Any]]:
        if partner:
            return matches(prefix, partner, partner_sector)
        own, own_params = matches(prefix, country, sector)
        return f"(e.{prefix}_country IS NOT NULL AND NOT {own})", own_params

    def mention(first: tuple[str, list[Any]], second: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        return (f"EXISTS (SELECT 1 FROM event_links l JOIN events e ON e.event_id = l.event_id "
                f"WHERE l.merged_id = m.merged_id AND {first[0]} AND {second[0]})", first[1] + second[1])

    forward = mention(matches("source", country, sector), other("target"))
    backward = mention(other("source"), matches("target", country, sector))
    filters = EventFilters(country=country, partner=partner, sector=sector, partner_sector=partner_sector,
                           since=since, until=until, actor=actor)
    where, params = filters.where()
    ours, theirs = actor_label(country, sector), actor_label(partner, partner_sector) if partner else "-"
    sql = f"""
        WITH directed AS (
            SELECT m.*, {forward[0]} AS forward, {backward[0]} AS backward FROM merged_events m
            WHERE m.day IS NOT NULL {"".join(" AND " + w for w in where)})
        SELECT {_period_start(period)} AS period, CASE WHEN forward THEN ? ELSE ? END AS source,
               CASE WHEN forward THEN ? ELSE ? END AS target, {DYAD_AGGREGATES}{_TYPE_COLUMN if by_type else ""}
        FROM directed m WHERE forward OR backward
        GROUP BY 1, 2, 3{", m.event_type" if by_type else ""} ORDER BY 1, 4 DESC, 2, 3{", event_type" if by_type else ""}"""
    return store.query(sql, forward[1] + backward[1] + params + [ours, theirs, theirs, ours])


# Distinct events with what their mentions say, one row per event: the one query behind the
# export, the digest and the timeline. "Best" is the most confident mention (ties: the first
# event id, so the answer is deterministic). `url` is the best mention that has a URL (GDELT's
# SOURCEURL), `evidence_url` the URL of the evidence sentence's own article, or NULL.
DETAILS_SQL = """
    WITH linked AS (
        SELECT l.merged_id, e.event_id, e.article_id, e.sentence, e.confidence, e.source_sector, e.target_sector,
               e.source_name, e.target_name, e.source_country AS sc, e.location_text, e.location_country,
               e.sentence_index, e.span_start, e.span_end, e.trigger, e.lang, a.url, a.published,
               {outlet} AS outlet, g.group_id AS story,
               {{'doubt': -e.confidence, 'event_id': e.event_id}} AS rank
        FROM event_links l JOIN events e ON e.event_id = l.event_id JOIN articles a ON a.id = e.article_id
        LEFT JOIN article_groups g ON g.article_id = e.article_id)
    SELECT m.merged_id, m.day, m.event_type, m.mode, m.cameo, m.goldstein, m.quad_class, m.source_country,
           list(k.source_sector) FILTER (WHERE k.sc = m.source_country) AS source_sector,
           list(k.source_name) FILTER (WHERE k.sc = m.source_country) AS source_name, m.target_country,
           list(k.target_sector) FILTER (WHERE k.sc = m.source_country) AS target_sector,
           list(k.target_name) FILTER (WHERE k.sc = m.source_country) AS target_name,
           m.num_mentions, m.num_sources, m.num_articles, m.num_copies, m.confidence,
           list(k.location_text) AS location_text, list(k.location_country) AS location_country,
           arg_min(k.url, k.rank) AS url, arg_min(k.article_id, k.rank) AS article_id,
           arg_min(k.sentence, k.rank) AS evidence, arg_min({{'url': k.url}}, k.rank).url AS evidence_url,
           string_agg(DISTINCT coalesce(k.outlet, k.article_id), ', ' ORDER BY coalesce(k.outlet, k.article_id))
               AS sources,
           string_agg(DISTINCT k.lang, ',' ORDER BY k.lang) AS langs,
           list(DISTINCT coalesce(k.story, k.article_id) ORDER BY coalesce(k.story, k.article_id)) AS stories,
           list({{'event_id': k.event_id, 'article_id': k.article_id, 'url': k.url, 'source': k.outlet,
                 'published': k.published, 'lang': k.lang, 'sentence_index': k.sentence_index,
                 'span_start': k.span_start, 'span_end': k.span_end, 'trigger': k.trigger, 'sentence': k.sentence,
                 'confidence': k.confidence}} ORDER BY k.event_id) AS mentions
    FROM merged_events m JOIN linked k ON k.merged_id = m.merged_id
    {where}
    GROUP BY ALL
    ORDER BY m.day NULLS LAST, m.merged_id"""


def event_details(store: Store, filters: EventFilters | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every distinct event that passes `filters`, in day order, with what its mentions say:
    actor sectors and names (the most frequent), place, best evidence and link, outlets,
    languages, stories (near-duplicate groups count once) and every mention."""
    where, params = (filters or EventFilters()).where()
    columns, rows = store.query(DETAILS_SQL.format(outlet=OUTLET_SQL,
                                                   where="WHERE " + " AND ".join(where) if where else ""), params)
    return columns, [_most_common_values(columns, row) for row in rows]


# The columns `DETAILS_SQL` gathers as lists, of which an event keeps the most frequent value.
# (DuckDB's mode() breaks ties as its hash table happens to run, so two exports of the same
# store could name an actor "Vladimir Putin" once and "Vladímir Putin" the next time.)
MOST_COMMON_COLUMNS = ("source_sector", "source_name", "target_sector", "target_name")


def _most_common_values(columns: list[str], row: tuple[Any, ...]) -> tuple[Any, ...]:
    """`row` with each list column replaced by its most frequent value (ties: the first in sort
    order, as `event_page` decides); the place is the most frequent (text, country) pair."""
    record = dict(zip(columns, row))
    for column in MOST_COMMON_COLUMNS:
        record[column] = _most_common(record[column])
    place = _most_common(list(zip(record["location_text"] or [], record["location_country"] or [])),
                         present=lambda pair: pair[0] is not None)
    record["location_text"], record["location_country"] = place or (None, None)
    return tuple(record[c] for c in columns)


def _most_common(values: list[Any] | None, present=lambda value: value is not None) -> Any:
    kept = [v for v in values or [] if present(v)]
    return max(sorted(set(kept)), key=kept.count) if kept else None


TIMELINE_COLUMNS = ("day", "event_type", "mode", "source", "target", "mentions", "n_sources", "langs", "sources",
                    "evidence")


def type_rows(store: Store, *, country: str | None = None, period: str = "month", since: date | None = None,
              until: date | None = None, sector: str | None = None, partner_sector: str | None = None,
              actor: str | None = None) -> list[dict[str, Any]]:
    """Distinct events per period and PLOVER type (the dashboard's overview chart); who acted
    as `EventFilters` reads it."""
    where, params = EventFilters(country=country, since=since, until=until, sector=sector,
                                 partner_sector=partner_sector, actor=actor).where()
    columns, rows = store.query(f"""
        SELECT {_period_start(period)} AS period, m.event_type, count(*) AS events
        FROM merged_events m WHERE m.day IS NOT NULL {"".join(" AND " + w for w in where)}
        GROUP BY 1, 2 ORDER BY 1, 2""", params)
    return [dict(zip(columns, row)) for row in rows]


def country_rows(store: Store) -> list[dict[str, Any]]:
    """Every country or IGO code that acts or is acted on, with its distinct events (an event
    between a country and itself counts once): the dashboard's country pickers."""
    columns, rows = store.query("""
        SELECT code, count(*) AS events FROM (
            SELECT merged_id, source_country AS code FROM merged_events
            UNION SELECT merged_id, target_country FROM merged_events)
        WHERE code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1""")
    return [dict(zip(columns, row)) for row in rows]


def timeline_rows(store: Store, *, country: str, partner: str | None = None, since: date | None = None,
                  until: date | None = None, limit: int | None = None, sector: str | None = None,
                  partner_sector: str | None = None,
                  actor: str | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The distinct events of a country (with a partner, if given) in date order, each with
    its best evidence sentence (the most confident mention) and the outlets that reported it;
    who acted as `EventFilters` reads it. A side that is not the government is named for its
    sector, "BLR-OPP" (`side_label`, from the sector most of the event's mentions give it)."""
    columns, rows = event_details(store, EventFilters(country=country, partner=partner, since=since, until=until,
                                                      sector=sector, partner_sector=partner_sector, actor=actor))
    records = sorted((dict(zip(columns, row)) for row in rows), key=lambda r: (
        r["day"] is None, r["day"] or date.min, r["event_type"], r["source_country"] or "", r["target_country"] or ""))
    return list(TIMELINE_COLUMNS), [
        (r["day"], r["event_type"], r["mode"], side_label(r["source_country"], r["source_sector"]),
         side_label(r["target_country"], r["target_sector"]) if r["target_country"] else "-", r["num_mentions"],
         r["num_sources"], r["langs"], r["sources"], r["evidence"]) for r in records[:limit]]


def side_label(country: str | None, sector: str | None) -> str | None:
    """How a list names one side of an event: its country when the side is the state (the
    government, or no sector known), else the country's sector as `parley dyads` names it
    ("BLR-OPP", `actor_label`)."""
    if country is None:
        return None
    return actor_label(country, sector if sector != "GOV" else None)


def group_rows(store: Store, *, article: str | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The groups of near-duplicate articles (see `dedupe/articles.py`), one row per member,
    or only the group of `article`."""
    where, params = "", []
    if article:
        where, params = "WHERE g.group_id IN (SELECT group_id FROM article_groups WHERE article_id = ?)", [article]
    return store.query(f"""
        SELECT g.group_id AS "group", g.article_id AS article, a.lang, a.published, a.source, g.similarity, a.title
        FROM article_groups g JOIN articles a ON a.id = g.article_id {where}
        ORDER BY g.group_id, g.article_id""", params)


SORTS = {"date": ("m.day", "ASC"), "-date": ("m.day", "DESC"),
         "mentions": ("m.num_mentions", "ASC"), "-mentions": ("m.num_mentions", "DESC")}


def event_page(store: Store, filters: EventFilters, *, limit: int = 50, cursor: str | None = None,
               sort: str = "-date") -> dict[str, Any]:
    """One page of distinct events, each with its mentions (article, sentence, span, trigger,
    language, URL, outlet); `next_cursor` fetches the next page (keyset paging: stable and
    as fast on page 1,000 as on page 1)."""
    where, params, key, direction = _keyset(filters, cursor, sort)
    sql = f"""
        SELECT m.merged_id, m.event_date, m.day, m.event_type, m.mode, m.cameo, m.goldstein, m.quad_class,
               m.source_country, m.target_country, m.num_mentions, m.num_articles, m.num_sources, m.num_copies,
               m.confidence, {key} AS sort_key
        FROM merged_events m {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY sort_key {direction}, m.merged_id {direction} LIMIT ?"""
    columns, rows = store.query(sql, params + [limit + 1])
    more = len(rows) > limit
    events = [dict(zip(columns, row)) for row in rows[:limit]]
    mentions = _mentions_of(store, [e["merged_id"] for e in events])
    for event in events:
        sort_key = event.pop("sort_key")
        event["mentions"] = mentions.get(event["merged_id"], [])
        best = max(event["mentions"], key=lambda m: m["confidence"] or 0, default=None)
        event["evidence"] = best["sentence"] if best else None
        # a symmetric event merges mentions of either direction: names come from those that
        # agree with the event's direction, as in `event_details`
        aligned = [m for m in event["mentions"] if m["source_country"] == event["source_country"]]
        for side in ("source", "target"):
            for what in ("name", "sector"):
                named = [m[f"{side}_{what}"] for m in aligned if m[f"{side}_{what}"]]
                event[f"{side}_{what}"] = max(sorted(set(named)), key=named.count) if named else None
    next_cursor = _write_cursor(sort_key, events[-1]["merged_id"]) if more else None
    return {"events": events, "next_cursor": next_cursor, "count": len(events)}


# Events per page when a whole selection is read page by page (`event_pages`): a page's
# mentions are one query; the shared read connection is let go between pages.
EXPORT_PAGE_SIZE = 200


def event_pages(store: Store, filters: EventFilters, *, limit: int | None = None, cursor: str | None = None,
                sort: str = "-date", page_size: int = EXPORT_PAGE_SIZE) -> Iterator[list[dict[str, Any]]]:
    """Every event `event_page` would list for `filters` (from `cursor`, at most `limit`),
    as a run of pages: memory holds one page, whatever the selection's size (an export)."""
    left = limit
    while left is None or left > 0:
        size = page_size if left is None else min(page_size, left)
        page = event_page(store, filters, limit=size, cursor=cursor, sort=sort)
        if page["events"]:
            yield page["events"]
        if left is not None:
            left -= page["count"]
        cursor = page["next_cursor"]
        if not cursor:
            return


def cursor_after(store: Store, filters: EventFilters, count: int, *, cursor: str | None = None,
                 sort: str = "-date") -> str | None:
    """The cursor of the page after the first `count` events (from `cursor`), or None when
    no event follows them: what an export cut by `limit` hands the client for the next part."""
    where, params, key, direction = _keyset(filters, cursor, sort)
    _, rows = store.query(f"""
        SELECT {key} AS sort_key, m.merged_id FROM merged_events m {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY sort_key {direction}, m.merged_id {direction} LIMIT 2 OFFSET ?""", params + [count - 1])
    return _write_cursor(*rows[0]) if len(rows) == 2 else None


def _keyset(filters: EventFilters, cursor: str | None, sort: str) -> tuple[list[str], list[Any], str, str]:
    """The conditions, parameters, sort key (SQL) and direction of a page of `sort` after `cursor`."""
    if sort not in SORTS:
        raise ParleyError(f"unknown sort '{sort}' (one of {', '.join(SORTS)})")
    key, direction = SORTS[sort]
    by_date = key == "m.day"
    where, params = filters.where()
    if by_date:  # undated events last, whichever the direction
        key = f"coalesce(m.day, DATE '{'9999-12-31' if direction == 'ASC' else '0001-01-01'}')"
    if cursor:
        last_key, last_id = _read_cursor(cursor, by_date)
        comparison = ">" if direction == "ASC" else "<"
        where.append(f"({key}, m.merged_id) {comparison} (?, ?)")
        params += [last_key, last_id]
    return where, params, key, direction


def _mentions_of(store: Store, merged_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not merged_ids:
        return {}
    columns, rows = store.query(f"""
        SELECT l.merged_id, e.event_id, e.article_id, a.url, {OUTLET_SQL} AS outlet, a.title, a.published, e.lang,
               e.sentence, e.sentence_index, e.span_start, e.span_end, e.trigger, e.source_country, e.source_text,
               e.source_name, e.source_sector, e.source_id, e.target_country, e.target_text, e.target_name,
               e.target_sector, e.target_id, e.factuality, e.confidence, g.group_id AS article_group
        FROM event_links l JOIN events e ON e.event_id = l.event_id JOIN articles a ON a.id = e.article_id
        LEFT JOIN article_groups g ON g.article_id = e.article_id
        WHERE l.merged_id IN (SELECT unnest(?)) ORDER BY l.merged_id, e.event_id""", [merged_ids])
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        record = dict(zip(columns, row))
        record["link"] = safe_link(record["url"])  # what a page may link to; `url` is the data as stored
        found.setdefault(record.pop("merged_id"), []).append(record)
    return found


def _write_cursor(key: Any, merged_id: str) -> str:
    raw = json.dumps([str(key), merged_id]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _read_cursor(cursor: str, is_date: bool) -> tuple[Any, str]:
    try:
        key, merged_id = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        return (date.fromisoformat(key) if is_date else int(key)), str(merged_id)
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeError):
        raise ParleyError(f"bad cursor '{cursor[:40]}': pass the next_cursor of the previous page as it is") from None


def partner_rows(store: Store, country: str, *, since: date | None = None, until: date | None = None,
                 sector: str | None = None, partner_sector: str | None = None,
                 actor: str | None = None) -> list[dict[str, Any]]:
    """A country's partners (either direction) with distinct events and Goldstein mean; who
    acted as `EventFilters` reads it (`sector` on the country's side, `partner_sector` on
    the partners')."""
    where, params = EventFilters(country=country, since=since, until=until, sector=sector,
                                 partner_sector=partner_sector, actor=actor).where()
    columns, rows = store.query(f"""
        SELECT CASE WHEN m.source_country = ? THEN m.target_country ELSE m.source_country END AS partner,
               count(*) AS events, round(avg(m.goldstein), 2) AS goldstein_mean,
               count(*) FILTER (WHERE m.quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE m.quad_class IN (3, 4)) AS conflict
        FROM merged_events m
        WHERE {' AND '.join(where)} AND m.source_country <> m.target_country AND m.target_country IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC, 1""", [country.upper()] + params)
    return [dict(zip(columns, row)) for row in rows]


def store_figures(store: Store) -> dict[str, Any]:
    """Figures the summary lacks: distinct events, near-duplicate groups, the date range, and the
    distinct events with no day (outside the range, and left out of every date-based figure)."""
    _, [(merged, groups, first, last, undated)] = store.query(
        "SELECT (SELECT count(*) FROM merged_events), (SELECT count(DISTINCT group_id) FROM article_groups), "
        "(SELECT min(day) FROM merged_events), (SELECT max(day) FROM merged_events), "
        "(SELECT count(*) FROM merged_events WHERE day IS NULL)")
    return {"distinct_events": merged, "article_groups": groups, "undated_events": undated,
            "first_day": first.isoformat() if first else None, "last_day": last.isoformat() if last else None}
