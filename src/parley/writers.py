"""Writers: coded events out to JSONL (the extraction contract), CSV or Parquet.

JSONL follows ../shared/eval/README.md: one JSON object per event with `doc_id`,
`event_type`, `source` and `target` objects (with `country`), and Parley's other
fields. CSV and Parquet flatten the actors into columns. Writers stream: rows are
written batch by batch, never gathered in memory.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from .errors import ParleyError
from .records import Event

FORMATS = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = ("doc_id", "event_type", "mode", "cameo", "goldstein", "quad_class",
                "source_country", "source_sector", "source_name", "source_text",
                "target_country", "target_sector", "target_name", "target_text",
                "factuality", "date", "location_text", "location_country", "trigger",
                "confidence", "lang", "sentence_index", "span_start", "span_end", "sentence")


def flat_row(event: Event) -> dict[str, Any]:
    """One event as a flat dict (CSV and Parquet columns)."""
    row: dict[str, Any] = {}
    for column in FLAT_COLUMNS:
        side, _, attr = column.partition("_")
        if side in ("source", "target") and attr:
            actor = getattr(event, side)
            row[column] = getattr(actor, attr) if actor else None
        elif column.startswith("location_"):
            row[column] = (event.location or {}).get(column.split("_", 1)[1])
        elif column in ("span_start", "span_end"):
            row[column] = event.span[0 if column == "span_start" else 1]
        else:
            row[column] = getattr(event, column)
    return row


class EventWriter:
    """Append events to a file in one of FORMATS; use as a context manager."""

    def __init__(self, path: str, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ParleyError(f"unknown output format '{fmt}' (use one of {', '.join(FORMATS)})")
        self.path, self.format = path, fmt
        self._file: IO[str] | None = None
        self._csv: Any = None
        self._parquet: Any = None
        self.count = 0

    def __enter__(self) -> "EventWriter":
        try:
            if self.format in ("jsonl", "csv"):
                self._file = open(self.path, "w", encoding="utf-8", newline="") if self.path != "-" else None
                if self.format == "csv":
                    self._csv = csv.DictWriter(self._stream(), fieldnames=FLAT_COLUMNS)
                    self._csv.writeheader()
        except OSError as err:
            raise ParleyError(f"{self.path}: cannot write output ({err.strerror})") from None
        return self

    def _stream(self) -> IO[str]:
        import sys

        return self._file or sys.stdout

    def write(self, events: list[Event]) -> None:
        if not events:
            return
        self.count += len(events)
        if self.format == "jsonl":
            self._stream().writelines(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events)
        elif self.format == "csv":
            self._csv.writerows(flat_row(e) for e in events)
        else:
            self._write_parquet([flat_row(e) for e in events])

    def _write_parquet(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=parquet_schema())
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema)
        self._parquet.write_table(table)

    def __exit__(self, *exc: object) -> None:
        if self.format == "parquet":
            if self._parquet is None:  # no events: still write a valid, empty file
                import pyarrow.parquet as pq

                pq.write_table(parquet_schema().empty_table(), self.path)
            else:
                self._parquet.close()
        if self._file:
            self._file.close()


def parquet_schema() -> Any:
    import pyarrow as pa

    types = {"goldstein": pa.float64(), "quad_class": pa.int32(), "confidence": pa.float64(),
             "sentence_index": pa.int32(), "span_start": pa.int64(), "span_end": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])


def guess_format(path: str | None, given: str | None) -> str:
    """The output format: as given, else from the file suffix, else JSONL."""
    if given:
        return given
    suffix = Path(path or "").suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "jsonl"
