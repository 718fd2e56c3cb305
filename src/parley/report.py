"""Report: what a store holds, as plain data for the CLI (and later the API).

`summary(store)` gives corpus size, languages, events by type and top dyads;
`select_events(store, ...)` filters stored events. Both return rows, never print.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import ParleyError
from .events import PLOVER_TYPES
from .store import Store


@dataclass(slots=True)
class Summary:
    articles: int
    sentences: int
    events: int
    counted_events: int
    languages: list[tuple[str, int]]
    event_types: list[tuple[str, int]]
    top_dyads: list[tuple[str, str, int]]


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
    return Summary(articles, int(sentences), events, int(counted), languages, types, dyads)


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
                  limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Stored events matching the filters, newest article first; all SQL is parameterised."""
    where, params = ["1=1"], []
    if not include_uncounted:
        where.append("e.counted")
    if country:
        where.append("(e.source_country = ? OR e.target_country = ?)")
        params += [country.upper(), country.upper()]
    if event_type:
        if event_type.upper() not in PLOVER_TYPES:
            raise ParleyError(f"unknown event type '{event_type}' (one of {', '.join(PLOVER_TYPES)})")
        where.append("e.event_type = ?")
        params.append(event_type.upper())
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


def dyad_rows(store: Store, *, country: str | None = None, period: str = "month", since: date | None = None,
              until: date | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Per period and ordered dyad: distinct events, events by PLOVER type, Goldstein mean and
    sum, and counts per quad class (1 verbal cooperation ... 4 material conflict)."""
    if period not in ("week", "month", "year"):
        raise ParleyError(f"unknown period '{period}' (week, month or year)")
    where, params = ["m.source_country IS NOT NULL"], []
    if country:
        where.append("(m.source_country = ? OR m.target_country = ?)")
        params += [country.upper(), country.upper()]
    if since:
        where.append("d.day >= ?")
        params.append(since)
    if until:
        where.append("d.day <= ?")
        params.append(until)
    sql = f"""
        WITH d AS (
            SELECT m.merged_id, coalesce(m.event_date, min(a.published)) AS day
            FROM merged_events m JOIN event_links l ON l.merged_id = m.merged_id
            JOIN events e ON e.event_id = l.event_id JOIN articles a ON a.id = e.article_id
            GROUP BY m.merged_id, m.event_date)
        SELECT strftime(date_trunc('{period}', d.day), '%Y-%m-%d') AS period, m.source_country AS source,
               coalesce(m.target_country, '-') AS target, count(*) AS events,
               string_agg(DISTINCT m.event_type, ',' ORDER BY m.event_type) AS types,
               round(avg(m.goldstein), 2) AS goldstein_mean, round(sum(m.goldstein), 1) AS goldstein_sum,
               count(*) FILTER (WHERE m.quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE m.quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE m.quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE m.quad_class = 4) AS material_conflict,
               sum(m.num_mentions) AS mentions
        FROM merged_events m JOIN d ON d.merged_id = m.merged_id
        WHERE d.day IS NOT NULL AND {' AND '.join(where)}
        GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2, 3"""
    return store.query(sql, params)


def timeline_rows(store: Store, *, country: str, partner: str | None = None, since: date | None = None,
                  until: date | None = None, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The distinct events of a country (with a partner, if given) in date order, each with
    its best evidence sentence (the most confident mention) and the outlets that reported it."""
    where, params = ["(m.source_country = ? OR m.target_country = ?)"], [country.upper(), country.upper()]
    if partner:
        where.append("(m.source_country = ? OR m.target_country = ?)")
        params += [partner.upper(), partner.upper()]
    if since:
        where.append("day >= ?")
        params.append(since)
    if until:
        where.append("day <= ?")
        params.append(until)
    sql = f"""
        WITH linked AS (
            SELECT m.merged_id, e.sentence, e.confidence, e.article_id, e.lang,
                   coalesce(a.source, regexp_extract(a.url, '//([^/]+)', 1), a.id) AS outlet, a.published
            FROM merged_events m JOIN event_links l ON l.merged_id = m.merged_id
            JOIN events e ON e.event_id = l.event_id JOIN articles a ON a.id = e.article_id),
        best AS (
            SELECT merged_id, arg_max(sentence, confidence) AS evidence, min(published) AS first_published,
                   string_agg(DISTINCT outlet, ', ' ORDER BY outlet) AS sources,
                   string_agg(DISTINCT lang, ',' ORDER BY lang) AS langs
            FROM linked GROUP BY merged_id)
        SELECT coalesce(m.event_date, b.first_published) AS day, m.event_type, m.mode, m.source_country AS source,
               coalesce(m.target_country, '-') AS target, m.num_mentions AS mentions, m.num_sources AS n_sources,
               b.langs, b.sources, b.evidence
        FROM merged_events m JOIN best b ON b.merged_id = m.merged_id
        WHERE {' AND '.join(where)}
        ORDER BY day NULLS LAST, m.event_type, source, target"""
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return store.query(sql, params)


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

