"""Dataset: coded articles as a partitioned Parquet dataset, and a dataset loaded into a store.

`parley extract --parquet DIR` writes, for output too large for one DuckDB writer, three
tables under DIR, each partitioned by the article's publication day:

    DIR/articles/day=2025-02-12/part-RUN-UNIT-FIRST.parquet
    DIR/mentions/day=.../...      DIR/events/day=.../...      (day=undated: no date known)

with the columns of the store's `articles`, `mentions` and `events` tables, plus `run`
(the run that wrote the row) and `seq` (its article's place in that run's input order).
Workers write their parts themselves; a part's name is fixed by the run and the input it
holds, and it appears whole or not at all (written aside, then renamed), so a retried
batch replaces its part instead of adding a second one. `load_dataset` (`parley load DIR
--db FILE`) stores the latest record of each article id (the later run, then the later
input: as a local run stores it) under the store's own rules, then the store is deduped.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .errors import ParleyError
from .records import Article
from .store import ARTICLE_COLUMNS, DEDUPE_PENDING, SCHEMA, Rows, Store, _transaction

LOGGER = logging.getLogger(__name__)

TABLES = ("articles", "mentions", "events")
UNDATED = "undated"
# seq = unit * SEQ_STRIDE + the article's place in its unit: input order, across workers.
SEQ_STRIDE = 10 ** 9
ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "DATE": "date32",
               "BOOLEAN": "bool_", "BLOB": "binary", "TIMESTAMP": "timestamp"}
TABLE_SQL = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\);", re.DOTALL)
COLUMN_SQL = re.compile(r"(\w+) (VARCHAR|INTEGER|DOUBLE|DATE|BOOLEAN|BLOB|TIMESTAMP)")


@dataclass(frozen=True, slots=True)
class ParquetDataset:
    """A Parquet dataset at `root`, written by run `run` (see the module docstring). Plain
    data, so that it travels to cluster workers, which write their parts themselves."""

    root: str
    run: str

    @classmethod
    def create(cls, root: str | os.PathLike) -> "ParquetDataset":
        """A new run writing into `root` (created if missing; earlier runs' parts are kept)."""
        path = Path(root)
        if path.exists() and not path.is_dir():
            raise ParleyError(f"{root}: not a folder (--parquet writes a folder of Parquet files)")
        try:
            for table in TABLES:
                (path / table).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ParleyError(f"{root}: cannot write the dataset ({err.strerror})") from None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        return cls(str(path), f"{stamp}-{secrets.token_hex(3)}")

    def write(self, articles: list[Article], unit: int, first: int = 0) -> None:
        """Write coded articles, the `first`-th and following of input unit `unit`, as one part
        per table and day. Writing the same unit again replaces its parts."""
        if not articles:
            return
        latest = {a.id: (i, a) for i, a in enumerate(articles)}  # an id given twice here: its later copy
        rows = Rows.of([a for _, a in latest.values()])
        seq = {key: unit * SEQ_STRIDE + first + i for key, (i, _) in latest.items()}
        day = {key: a.published.isoformat() if a.published else UNDATED for key, (_, a) in latest.items()}
        for table, table_rows, id_at in (("articles", rows.articles, 0), ("mentions", rows.mentions, 0),
                                         ("events", rows.events, 1)):
            by_day: dict[str, list[tuple]] = defaultdict(list)
            for row in table_rows:
                by_day[day[row[id_at]]].append(row + (self.run, seq[row[id_at]]))
            for when, part in by_day.items():
                self._write_part(table, when, f"part-{self.run}-{unit:09d}-{first:09d}.parquet", part)

    def _write_part(self, table: str, day: str, name: str, rows: list[tuple]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema(table)
        columns = list(zip(*rows))
        arrays = [pa.array([_arrow_value(v, f.type) for v in column], type=f.type)
                  for column, f in zip(columns, schema)]
        folder = Path(self.root) / table / f"day={day}"
        folder.mkdir(parents=True, exist_ok=True)
        aside = folder / f".{name}.{os.getpid()}.tmp"
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), aside)
        os.replace(aside, folder / name)  # whole or not at all; a retry replaces it


def arrow_schema(table: str) -> Any:
    """The Arrow schema of a dataset table: the store's columns (in the order `Rows` gives
    them) and `run`, `seq`. Read from the store's own schema, so the two cannot drift."""
    import pyarrow as pa

    tables = {name: COLUMN_SQL.findall(body) for name, body in TABLE_SQL.findall(SCHEMA)}
    columns = dict(tables[table])
    names = [c for c in ARTICLE_COLUMNS if c != "coded_at"] if table == "articles" else list(columns)
    fields = [pa.field(name, getattr(pa, ARROW_TYPES[columns[name]])() if columns[name] != "TIMESTAMP"
                       else pa.timestamp("us")) for name in names]
    return pa.schema(fields + [pa.field("run", pa.string()), pa.field("seq", pa.int64())])


def _arrow_value(value: Any, kind: Any) -> Any:
    import pyarrow as pa

    if isinstance(value, str) and pa.types.is_date32(kind):
        return date.fromisoformat(value)
    return value


def load_dataset(root: str | os.PathLike, store: Store) -> tuple[int, int]:
    """Store the dataset at `root` in `store`: the latest record of each article id, under
    the store's rules (an unchanged article adds nothing, a changed one replaces its rows),
    in one transaction. Returns (articles added or replaced, articles unchanged); the
    caller dedupes the store."""
    parts = {table: Path(root) / table for table in TABLES}
    if not all(p.is_dir() for p in parts.values()) or not any(parts["articles"].glob("day=*/*.parquet")):
        raise ParleyError(f"{root}: no Parley dataset here (write one with `parley extract ... --parquet {root}`)")
    read = {table: f"read_parquet('{_sql_path(parts[table])}/day=*/*.parquet', hive_partitioning = true)"
            for table in TABLES}
    columns = [c for c in ARTICLE_COLUMNS if c != "coded_at"]
    mention_columns = ", ".join(f"m.{c}" for c in arrow_schema("mentions").names[:-2])
    event_columns = ", ".join(f"e.{c}" for c in arrow_schema("events").names[:-2])
    with store.connect() as con:
        con.execute(f"""CREATE TEMP TABLE latest AS SELECT * EXCLUDE (rank) FROM (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY run DESC, seq DESC) AS rank
            FROM {read['articles']}) WHERE rank = 1""")
        con.execute("""CREATE TEMP TABLE fresh AS SELECT l.id, l.run, l.seq FROM latest l
            LEFT JOIN articles a ON a.id = l.id WHERE a.content_hash IS DISTINCT FROM l.content_hash""")
        total = con.execute("SELECT count(*) FROM latest").fetchone()[0]
        fresh = con.execute("SELECT count(*) FROM fresh").fetchone()[0]
        if fresh:
            with _transaction(con, f"{store.path}: loading {root} failed; what was stored before is intact"):
                for table, column in (("events", "article_id"), ("mentions", "article_id"), ("articles", "id")):
                    con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM fresh)")
                con.execute(f"INSERT INTO articles ({', '.join(columns)}, coded_at) SELECT {', '.join(columns)}, "
                            "now()::TIMESTAMP FROM latest WHERE id IN (SELECT id FROM fresh)")
                if any(parts["mentions"].glob("day=*/*.parquet")):
                    con.execute(f"INSERT INTO mentions SELECT {mention_columns} FROM {read['mentions']} m "
                                "JOIN fresh f ON m.article_id = f.id AND m.run = f.run AND m.seq = f.seq")
                if any(parts["events"].glob("day=*/*.parquet")):
                    con.execute(f"INSERT INTO events SELECT {event_columns} FROM {read['events']} e "
                                "JOIN fresh f ON e.article_id = f.id AND e.run = f.run AND e.seq = f.seq")
                con.execute("DELETE FROM meta WHERE key = ?", [DEDUPE_PENDING])
                con.execute("INSERT INTO meta VALUES (?, '1')", [DEDUPE_PENDING])
    return fresh, total - fresh


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
