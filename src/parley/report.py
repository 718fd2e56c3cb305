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
           "e.sentence, e.record FROM events e JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY date DESC NULLS LAST, doc_id, e.sentence_index")
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return store.query(sql, params)
