"""Filters: the SQL conditions behind every filter of the reading commands and the API.

`EventFilters` filters distinct (merged) events `m`, reading who acted (sector, actor) from
their mentions; `mention_filters` filters stored events (mentions) `e`, as `parley events`
lists them; `actor_condition` is the one fragment behind every --actor and `actor=`. Values
are always parameters, never formatted into the SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import ParleyError
from .events import PLOVER_TYPES


@dataclass(slots=True, kw_only=True)
class EventFilters:
    """Filters on distinct (merged) events; every one optional."""

    country: str | None = None  # either side
    partner: str | None = None  # either side too: with `country`, the events of a pair
    source: str | None = None
    target: str | None = None
    event_type: str | None = None
    mode: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None  # in an evidence sentence, case-insensitive
    min_confidence: float | None = None
    factuality: str | None = None  # of at least one mention
    # Who acted, not only which country (read from the mentions, as merged events keep only
    # countries): a sector binds to its side, `sector` to `country` (either side when no
    # country is given), `partner_sector` to `partner` (with a partner and a sector, one
    # mention must put the two actors face to face: BLR-GOV and BLR-OPP; without a partner,
    # the other side of such a mention has the sector, whatever its country), `source_sector`
    # and `target_sector` to the event's source and target; `actor` is a person's or body's
    # id or a part of its name, on either side.
    sector: str | None = None
    partner_sector: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    actor: str | None = None

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions on `merged_events m` and their parameters (never formatted into the SQL)."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("m.source_country", self.source), ("m.target_country", self.target),
                              ("m.event_type", self.event_type), ("m.mode", self.mode)):
            if value:
                where.append(f"{column} = ?")
                params.append(value.upper() if column != "m.mode" else value)
        if self.country:
            where.append("(m.source_country = ? OR m.target_country = ?)")
            params += [self.country.upper()] * 2
        if self.partner:
            where.append("(m.source_country = ? OR m.target_country = ?)")
            params += [self.partner.upper()] * 2
        if self.since:
            where.append("m.day >= ?")
            params.append(self.since)
        if self.until:
            where.append("m.day <= ?")
            params.append(self.until)
        if self.min_confidence is not None:
            where.append("m.confidence >= ?")
            params.append(self.min_confidence)
        inner, inner_params = self._actor_conditions()
        if self.text or self.factuality or inner:
            inner, inner_params = ["l.merged_id = m.merged_id", *inner], inner_params
            if self.text:
                inner.append("e.sentence ILIKE ? ESCAPE '\\'")
                inner_params.append("%" + _like_escaped(self.text) + "%")
            if self.factuality:
                inner.append("e.factuality = ?")
                inner_params.append(self.factuality)
            where.append("EXISTS (SELECT 1 FROM event_links l JOIN events e ON e.event_id = l.event_id "
                         f"WHERE {' AND '.join(inner)})")
            params += inner_params
        return where, params

    def _actor_conditions(self) -> tuple[list[str], list[Any]]:
        """Conditions on one mention `e` of the event for the sector and actor filters."""
        inner: list[str] = []
        params: list[Any] = []

        def side(prefix: str, country: str | None, sector: str | None) -> str:
            terms = [(f"e.{prefix}_country = ?", country), (f"e.{prefix}_sector = ?", sector)]
            params.extend(value.upper() for _, value in terms if value)
            return "(" + (" AND ".join(sql for sql, value in terms if value) or "true") + ")"

        # a dyad of two actors, either direction (a partner's sector without a partner: any
        # country's that sector facing `country`'s side)
        if self.partner_sector or (self.partner and self.sector):
            ours, theirs = (self.country, self.sector), (self.partner, self.partner_sector)
            inner.append(f"(({side('source', *ours)} AND {side('target', *theirs)}) OR "
                         f"({side('source', *theirs)} AND {side('target', *ours)}))")
        elif self.sector:
            ours = (self.country, self.sector)
            inner.append(f"({side('source', *ours)} OR {side('target', *ours)})")
        # a symmetric event merges mentions of either direction: a side is read from a
        # mention that agrees with the event's direction, else from the other side
        for prefix, other, sector in (("source", "target", self.source_sector),
                                      ("target", "source", self.target_sector)):
            if sector:
                inner.append(f"CASE WHEN e.source_country IS NOT DISTINCT FROM m.source_country "
                             f"THEN e.{prefix}_sector ELSE e.{other}_sector END = ?")
                params.append(sector.upper())
        if self.actor:
            sql, actor_params = actor_condition(self.actor)
            inner.append(sql)
            params += actor_params
        return inner, params


def actor_condition(actor: str) -> tuple[str, list[Any]]:
    """The condition on a mention `e` that `actor` (a person's or body's id, or a part of its
    name, LIKE's wildcards taken literally) is on either side, and its parameters: the one
    fragment behind every --actor and `actor=` filter."""
    pattern = "%" + _like_escaped(actor) + "%"
    return ("(lower(e.source_id) = lower(?) OR lower(e.target_id) = lower(?) "
            "OR e.source_name ILIKE ? ESCAPE '\\' OR e.target_name ILIKE ? ESCAPE '\\')",
            [actor, actor, pattern, pattern])


def _like_escaped(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (the pattern's ESCAPE is a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def mention_filters(country: str | None, event_type: str | None, include_uncounted: bool,
                     sector: str | None = None, actor: str | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions on a stored event (mention) `e` and their parameters: counted events
    only unless `include_uncounted`; `sector` binds to `country`'s side (either side without
    a country); `actor` as `actor_condition` reads it; `event_type` a PLOVER type."""
    where: list[str] = ["1=1"]
    params: list[Any] = []
    if not include_uncounted:
        where.append("e.counted")
    if country and sector:
        where.append("((e.source_country = ? AND e.source_sector = ?) OR (e.target_country = ? AND e.target_sector = ?))")
        params += [country.upper(), sector.upper(), country.upper(), sector.upper()]
    elif country:
        where.append("(e.source_country = ? OR e.target_country = ?)")
        params += [country.upper(), country.upper()]
    elif sector:
        where.append("(e.source_sector = ? OR e.target_sector = ?)")
        params += [sector.upper(), sector.upper()]
    if actor:
        sql, actor_params = actor_condition(actor)
        where.append(sql)
        params += actor_params
    if event_type:
        if event_type.upper() not in PLOVER_TYPES:
            raise ParleyError(f"unknown event type '{event_type}' (one of {', '.join(PLOVER_TYPES)})")
        where.append("e.event_type = ?")
        params.append(event_type.upper())
    return where, params
