"""Export: the distinct events of a store in the formats other tools read.

- `gdelt`: the GDELT 2.0 event table, tab-separated, no header, its 61 columns in order and
  of the types GDELT documents, so that code written for GDELT reads Parley's events: actor
  codes are the country code plus the CAMEO sector code ("USAGOV") and actor countries stay
  ISO-3, as CAMEO's are; the place of the event is GDELT's geography (FIPS 10-4 country code,
  a city's GeoNames id, latitude and longitude, its name in Latin script: `places.Gazetteer`);
  dates as GDELT writes them (SQLDATE 20250212); GLOBALEVENTID is derived from the distinct
  event's id, so it is the same in every export of a store; DATEADDED is when the event's
  first article was stored (UTC); SOURCEURL is a URL, else a `file:` URI.
- `plover`: PLOVER/POLECAT-style JSON Lines, one object per distinct event: `event_type`,
  `event_mode`, `actor` and `recipient` (country, sector, name), date, location, CAMEO,
  Goldstein, quad class, the GDELT-style counts and every mention with its evidence.
- `csv` and `parquet`: one row per distinct event with its counts and best evidence; Parquet
  also carries the event's mentions as a list of structs, CSV their ids (`a:0;b:3`).
- `event_csv` and `event_jsonl`: the events of a filter as the API lists them, page by page,
  as text chunks to stream (`/api/events.csv`, `/api/events.jsonl`).

Every export reads the merged events (see `dedupe.py`), so a meeting reported twenty times
is one row with NumMentions 20.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .countries import country_index
from .errors import ParleyError
from .ingest import JSONL_SUFFIXES
from .places import Gazetteer
from .report import event_details
from .store import Store

FORMATS = ("gdelt", "plover", "csv", "parquet")

# The GDELT 2.0 event table, in column order.
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                             "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    *[f"Actor2{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                             "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
)
# CAMEO sector codes for Parley's sectors (those CAMEO has; others are left out).
CAMEO_SECTOR = {"GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "POL": "PTY", "OPP": "OPP", "REB": "REB",
                "COP": "COP", "SPY": "SPY", "MED": "MED", "BUS": "BUS", "NGO": "NGO", "CVL": "CVL", "EDU": "EDU",
                "REL": "REL", "CRM": "CRM", "ELI": "ELI"}

# GLOBALEVENTID: 2**52 plus 52 bits of the SHA-256 of the distinct event's id. Below 2**53, so
# exact in tools that read numbers as doubles (R, JavaScript); above GDELT's own sequential ids
# (about 1.3 billion in 2025), so the two never meet in one table.
EVENT_ID_BASE = 1 << 52
# A JSONL record's stored path: the file, a colon, the line ("news/a.jsonl:14").
JSONL_LINE = re.compile(r"^(?P<file>.*(?:" + "|".join(re.escape(s) for s in JSONL_SUFFIXES) + r")):(?P<line>\d+)$",
                        re.IGNORECASE)
WARC_RECORD = re.compile(r"^(?P<file>.*\.warc(?:\.gz)?)#\d+$", re.IGNORECASE)


def export_events(store: Store, fmt: str, output: str | Path) -> int:
    """Write the store's distinct events to `output` in `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise ParleyError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    columns, rows = event_details(store)
    path = Path(output)
    if fmt == "gdelt":
        _write_gdelt(rows, columns, path, _article_facts(store))
    elif fmt == "plover":
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(plover_record(dict(zip(columns, row))), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["event_ids" if c == "mentions" else c for c in columns])
            writer.writerows([_csv_cell(value) for value in row] for row in rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)}), str(path))
    return len(rows)


def _csv_cell(value: Any) -> Any:
    """A list in one CSV cell: mentions by their event ids, other lists joined with ';'."""
    if isinstance(value, list):
        return ";".join(v["event_id"] if isinstance(v, dict) else str(v) for v in value)
    return value


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """One distinct event as a PLOVER/POLECAT-style JSON object."""
    def actor(side: str) -> dict[str, Any] | None:
        if not record[f"{side}_country"] and not record[f"{side}_name"]:
            return None
        return {"country": record[f"{side}_country"], "sector": record[f"{side}_sector"], "name": record[f"{side}_name"]}

    day = record["day"]
    return {
        "event_id": record["merged_id"], "event_date": day.isoformat() if day else None,
        "event_type": record["event_type"], "event_mode": record["mode"],
        "actor": actor("source"), "recipient": actor("target"),
        "location": ({"text": record["location_text"], "country": record["location_country"]}
                     if record["location_country"] else None),
        "cameo": record["cameo"], "goldstein": record["goldstein"], "quad_class": record["quad_class"],
        "num_mentions": record["num_mentions"], "num_articles": record["num_articles"],
        "num_sources": record["num_sources"], "confidence": record["confidence"],
        "evidence": record["evidence"], "url": record["url"],
        "mentions": [{**m, "published": m["published"].isoformat() if m["published"] else None}
                     for m in record["mentions"]],
    }


# The columns of `event_csv` (one row per distinct event as `/api/events` lists it): the event,
# then from its mentions their ids, articles and languages, and the best mention's link.
PAGE_CSV_COLUMNS = ("merged_id", "day", "event_date", "event_type", "mode", "cameo", "goldstein", "quad_class",
                    "source_country", "source_sector", "source_name", "target_country", "target_sector",
                    "target_name", "num_mentions",
                    "num_articles", "num_sources", "num_copies", "confidence", "evidence", "link", "langs",
                    "articles", "event_ids")


def event_csv(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """Pages of events (`report.event_pages`) as CSV text, the header first, one chunk per
    page: what the API streams for `/api/events.csv`."""
    yield _csv_text([PAGE_CSV_COLUMNS])
    for events in pages:
        yield _csv_text([page_csv_row(event)[c] for c in PAGE_CSV_COLUMNS] for event in events)


def page_csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event of `report.event_page` as a flat row (lists joined with ';')."""
    mentions = event["mentions"]
    best = max(mentions, key=lambda m: m["confidence"] or 0, default=None)
    return {**{c: event.get(c) for c in PAGE_CSV_COLUMNS}, "link": best["link"] if best else None,
            "langs": ";".join(sorted({m["lang"] for m in mentions if m["lang"]})),
            "articles": ";".join(dict.fromkeys(m["article_id"] for m in mentions)),
            "event_ids": ";".join(m["event_id"] for m in mentions)}


def event_jsonl(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """Pages of events as JSON Lines, each event as `/api/events` gives it (with its mentions),
    one chunk per page."""
    for events in pages:
        yield "".join(json.dumps(event, ensure_ascii=False, default=_json_value) + "\n" for event in events)


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def global_event_id(merged_id: str) -> int:
    """The GLOBALEVENTID of a distinct event: the same number for the same event in every export."""
    digest = hashlib.sha256(merged_id.encode("utf-8")).digest()
    return EVENT_ID_BASE | (int.from_bytes(digest[:8], "big") & (EVENT_ID_BASE - 1))


def source_uri(path: str | None) -> str:
    """A `file:` URI for an article read from a file: its stored path made absolute against the
    current folder (run the export where you ran extract), a JSONL record's line as an RFC 5147
    fragment (`#line=13,14` is line 14); "" for an article read from stdin."""
    if not path or path.startswith("<stdin>"):
        return ""
    fragment = ""
    if match := JSONL_LINE.match(path):
        line = int(match["line"])
        path, fragment = match["file"], f"#line={line - 1},{line}"
    elif match := WARC_RECORD.match(path):
        path = match["file"]
    return Path(os.path.abspath(path)).as_uri() + fragment


def gdelt_row(record: dict[str, Any], added: datetime | None, source: str, gazetteer: Gazetteer) -> list[str]:
    """One event as the 61 GDELT 2.0 fields (empty strings where Parley has nothing).
    `added`: when its first article was stored; `source`: its SOURCEURL."""
    day: date | None = record["day"]
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row["GLOBALEVENTID"] = str(global_event_id(record["merged_id"]))
    if day:
        row.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=str(day.year),
                   FractionDate=f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}")
    names = country_index()
    for side, prefix in (("source", "Actor1"), ("target", "Actor2")):
        row[f"{prefix}Geo_Type"] = "0"  # Parley does not place actors
        country = record[f"{side}_country"]
        if not country:
            continue
        sector = CAMEO_SECTOR.get(record[f"{side}_sector"] or "", "")
        row[f"{prefix}Code"] = country + sector
        row[f"{prefix}Name"] = (record[f"{side}_name"] or names.name(country)).upper()
        row[f"{prefix}CountryCode"] = country if len(country) == 3 else ""
        row[f"{prefix}KnownGroupCode"] = country if len(country) != 3 else ""
        row[f"{prefix}Type1Code"] = sector
    code = record["cameo"] or ""
    row.update(IsRootEvent="1", EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               QuadClass=str(record["quad_class"] or ""), GoldsteinScale=_number(record["goldstein"]),
               NumMentions=str(record["num_mentions"]), NumSources=str(record["num_sources"]),
               NumArticles=str(record["num_articles"]), AvgTone="0", ActionGeo_Type="0",
               DATEADDED=added.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S") if added else "",
               SOURCEURL=record["url"] or source)
    geo = gazetteer.locate(record["location_text"], record["location_country"])
    if geo:
        row.update(ActionGeo_Type=str(geo.kind), ActionGeo_FullName=geo.full_name, ActionGeo_CountryCode=geo.fips,
                   ActionGeo_ADM1Code=geo.adm1, ActionGeo_Lat=_coordinate(geo.latitude),
                   ActionGeo_Long=_coordinate(geo.longitude), ActionGeo_FeatureID=geo.feature_id)
    return [row[c] for c in GDELT_COLUMNS]


def _article_facts(store: Store) -> dict[str, tuple[str | None, datetime | None]]:
    """Article id -> (stored path, when it was stored)."""
    _, rows = store.query("SELECT id, path, coded_at FROM articles")
    return {article_id: (path, coded_at) for article_id, path, coded_at in rows}


def _write_gdelt(rows: list[tuple], columns: list[str], path: Path,
                 articles: dict[str, tuple[str | None, datetime | None]]) -> None:
    gazetteer = Gazetteer()
    numbers: dict[str, str] = {}
    with path.open("w", encoding="utf-8", newline="") as out:
        for row in rows:
            record = dict(zip(columns, row))
            stored = [articles[m["article_id"]][1] for m in record["mentions"] if articles.get(m["article_id"])]
            best_path = (articles.get(record["article_id"]) or (None, None))[0]
            fields = gdelt_row(record, min(filter(None, stored), default=None), source_uri(best_path), gazetteer)
            if numbers.setdefault(fields[0], record["merged_id"]) != record["merged_id"]:
                raise ParleyError(f"events {numbers[fields[0]]} and {record['merged_id']} share GLOBALEVENTID "
                                  f"{fields[0]}: please report this")
            out.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _coordinate(value: float | None) -> str:
    return "" if value is None else repr(value)  # as GeoNames gives it (5 decimals), not rounded to 6 digits
