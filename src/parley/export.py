"""Export: the distinct events of a store in the formats other tools read.

- `gdelt`: the GDELT 2.0 event table, tab-separated, no header, its 61 columns in order, so
  that code written for GDELT reads Parley's events (actor codes are the country code plus
  the CAMEO sector code: "USAGOV"; dates as GDELT writes them: SQLDATE 20250212).
- `plover`: PLOVER/POLECAT-style JSON Lines, one object per distinct event: `event_type`,
  `event_mode`, `actor` and `recipient` (country, sector, name), date, location, CAMEO,
  Goldstein, quad class, the GDELT-style counts and every mention with its evidence.
- `csv` and `parquet`: one row per distinct event with its counts and best evidence; Parquet
  also carries the event's mentions as a list of structs, CSV their ids (`a:0;b:3`).

Every export reads the merged events (see `dedupe.py`), so a meeting reported twenty times
is one row with NumMentions 20.
"""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import ParleyError
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

def export_events(store: Store, fmt: str, output: str | Path) -> int:
    """Write the store's distinct events to `output` in `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise ParleyError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    columns, rows = event_details(store)
    path = Path(output)
    if fmt == "gdelt":
        _write_gdelt(rows, columns, path)
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


def gdelt_row(number: int, record: dict[str, Any], added: datetime) -> list[str]:
    """One event as the 61 GDELT 2.0 fields (empty strings where Parley has nothing)."""
    day: date | None = record["day"]
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row["GLOBALEVENTID"] = str(number)
    if day:
        row.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=str(day.year),
                   FractionDate=f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}")
    for side, prefix in (("source", "Actor1"), ("target", "Actor2")):
        country = record[f"{side}_country"]
        if not country:
            continue
        sector = CAMEO_SECTOR.get(record[f"{side}_sector"] or "", "")
        row[f"{prefix}Code"] = country + sector
        row[f"{prefix}Name"] = (record[f"{side}_name"] or country).upper()
        row[f"{prefix}CountryCode"] = country if len(country) == 3 else ""
        row[f"{prefix}KnownGroupCode"] = country if len(country) != 3 else ""
        row[f"{prefix}Type1Code"] = sector
    code = record["cameo"] or ""
    row.update(IsRootEvent="1", EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               QuadClass=str(record["quad_class"] or ""), GoldsteinScale=_number(record["goldstein"]),
               NumMentions=str(record["num_mentions"]), NumSources=str(record["num_sources"]),
               NumArticles=str(record["num_articles"]), AvgTone="0",
               DATEADDED=added.strftime("%Y%m%d%H%M%S"), SOURCEURL=record["url"] or record["article_id"] or "")
    if record["location_country"]:
        row.update(ActionGeo_Type="1" if record["location_text"] == record["location_country"] else "4",
                   ActionGeo_FullName=record["location_text"] or "", ActionGeo_CountryCode=record["location_country"])
    return [row[c] for c in GDELT_COLUMNS]


def _write_gdelt(rows: list[tuple], columns: list[str], path: Path) -> None:
    added = datetime.now()
    with path.open("w", encoding="utf-8", newline="") as out:
        for number, row in enumerate(rows, 1):
            fields = gdelt_row(number, dict(zip(columns, row)), added)
            out.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
