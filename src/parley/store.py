"""Store: coded articles and their events in a DuckDB file.

Idempotent by content hash: storing an article whose id and hash are already there
adds nothing; a changed article (same id, new hash) replaces its old sentences,
mentions and events in one transaction. DuckDB lets one process write or many read a
file; the writer holds the file only while it writes a batch, and readers retry for a
few seconds while a batch is being written, so readers and one writer can share it.
A server keeps one read connection open (`hold=True`) and lets go of it whenever a
writer asks (see `SharedConnection`).

Every open checks the store (`Store.check`): a file that is not a DuckDB database, a
DuckDB file that is not a Parley store, another schema version, a missing table or column,
a truncated file or a block that fails its checksum is one line naming the file and the
problem, the same line whichever command meets it.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, RowsRefused, StoreError
from .records import Article

if TYPE_CHECKING:
    from .dedupe import ArticleFingerprint, ArticleGroup, EventMention, MergedEvent

LOGGER = logging.getLogger(__name__)

# 2: no primary keys (idempotence is checked by the writer; indexes cost memory);
# 3: no JSON copy of each event (records are rebuilt from the columns);
# 4: article fingerprints, near-duplicate article groups, merged events' num_copies;
# 5: merged_events.day; 6: articles.published_source (a version-5 store is migrated in
# place, see `MIGRATIONS`).
SCHEMA_VERSION = 6
# An article's outlet: its `source`, else its URL's host. Dedup counts sources by it and
# reports show it, so it is defined once.
OUTLET_SQL = "coalesce(a.source, regexp_extract(a.url, '//([^/]+)', 1))"
LOCK_RETRY_SECONDS = 10.0
# Words of DuckDB's messages that mean the file or disk failed, whatever the exception class.
STORE_FAILURE_SIGNS = ("no space left", "could not write", "could not read", "i/o error", "invalidated",
                       "corrupt", "checksum")
# meta key: "1" from a write of articles until the merged events are rebuilt from them.
DEDUPE_PENDING = "dedupe_pending"
LOCK_RETRY_INTERVAL = 0.05
# A writer that finds the file locked touches `<db>.write-wanted` on every retry; a server
# holding the file (`SharedConnection`) looks for it every `WRITE_WANTED_POLL` seconds and
# lets go. A marker older than `WRITE_WANTED_FRESH` is a writer that gave up or died.
WRITE_WANTED_SUFFIX = ".write-wanted"
WRITE_WANTED_POLL = 0.05
WRITE_WANTED_FRESH = 1.0
LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")
CHECKSUM_AT = re.compile(r"block at location (\d+)")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, title VARCHAR, url VARCHAR,
    published DATE, source VARCHAR, lang VARCHAR, path VARCHAR, n_chars INTEGER,
    n_sentences INTEGER, n_events INTEGER, dropped_lines INTEGER, text_fingerprint BLOB,
    content_fingerprint BLOB, coded_at TIMESTAMP, published_source VARCHAR);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR, sentence_index INTEGER, span_start INTEGER, span_end INTEGER,
    text VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR, name VARCHAR, actor_id VARCHAR, lang VARCHAR);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL, article_id VARCHAR, event_type VARCHAR, mode VARCHAR, cameo VARCHAR,
    goldstein DOUBLE, quad_class INTEGER,
    source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR, source_id VARCHAR, source_text VARCHAR,
    target_country VARCHAR, target_sector VARCHAR, target_name VARCHAR, target_id VARCHAR, target_text VARCHAR,
    factuality VARCHAR, counted BOOLEAN, event_date DATE, location_text VARCHAR, location_country VARCHAR,
    sentence VARCHAR, sentence_index INTEGER, span_start INTEGER, span_end INTEGER, trigger VARCHAR,
    confidence DOUBLE, lang VARCHAR);
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id VARCHAR NOT NULL, event_type VARCHAR, mode VARCHAR, cameo VARCHAR, goldstein DOUBLE,
    quad_class INTEGER, source_country VARCHAR, target_country VARCHAR, event_date DATE, day DATE,
    num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER, num_copies INTEGER, confidence DOUBLE);
CREATE TABLE IF NOT EXISTS event_links (merged_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS article_groups (group_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, similarity DOUBLE);
"""
# Statements that bring a store of an older version to the next one, run in one
# transaction when a writer opens it. Version 5 stores did not record where an article's
# date came from: their `published_source` stays NULL until the article is coded again.
MIGRATIONS = {
    5: ("ALTER TABLE articles ADD COLUMN published_source VARCHAR",),
}
# The articles table's columns in the order `_article_row` gives them (a migrated table
# has its new columns last, so rows are inserted by name).
ARTICLE_COLUMNS = ("id", "content_hash", "title", "url", "published", "published_source", "source", "lang",
                   "path", "n_chars", "n_sentences", "n_events", "dropped_lines", "text_fingerprint",
                   "content_fingerprint", "coded_at")


class Store:
    """A DuckDB event store at `path`; open it for writing with `Store(path)`."""

    def __init__(self, path: str | Path, read_only: bool = False, memory_limit: str | None = None,
                 hold: bool = False) -> None:
        """`hold=True` (read-only only) keeps one connection open and gives each query its own
        cursor: a server answers in a fraction of the time, and lets go of the file whenever a
        writer asks (see `SharedConnection`). Opening checks the store (`check`)."""
        self.path = str(path)
        self.read_only = read_only
        self.config = {"memory_limit": memory_limit} if memory_limit else {}
        self._shared: SharedConnection | None = None
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (run `parley extract ... --db {self.path}` first)")
        if hold:
            if not read_only:
                raise StoreError(f"{self.path}: only a read-only store can be held open")
            self._shared = SharedConnection(self._connection, Path(self.path + WRITE_WANTED_SUFFIX))
        if not read_only:
            with self.connect() as con:
                _refuse_foreign(con, self.path)
                con.execute(SCHEMA)
                self._check_version(con)
        self.check()

    @contextmanager
    def connect(self) -> Iterator[Any]:
        """A connection held only for one unit of work, retried while another process writes
        (or a cursor of the shared connection). What DuckDB raises inside becomes a
        `StoreError` that says what is wrong with the store (`_problem`)."""
        import duckdb

        if self._shared is not None:
            with self._shared.cursor() as cursor:
                try:
                    yield cursor
                except duckdb.Error as err:
                    raise _problem(self.path, err) from None
            return
        con = self._connection()
        try:
            yield con
        except duckdb.Error as err:
            raise _problem(self.path, err) from None
        finally:
            con.close()

    def check(self, deep: bool = True) -> "StoreCheck":
        """The store's schema version and rows per table, once it is known to be a Parley
        store of this code's schema version with every table and column; `deep` also reads
        every row (a truncated file or a bad block fails here, not halfway through a command:
        about 40 ms per 100k events)."""
        with self.connect() as con:
            found = _columns(con)
            if "meta" not in found:
                raise StoreError(f"{self.path}: not a Parley store (a DuckDB database without Parley's `meta` table)")
            version = _stored_version(con)
            if version != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: {_version_problem(version)}")
            _check_tables(found, self.path)
            if deep:
                for table in expected_tables():
                    con.execute(f"SELECT max(hash(t)) FROM {table} t").fetchall()  # reads every block
            rows = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in expected_tables()}
        return StoreCheck(schema_version=version, rows=rows)

    def stamp(self) -> str:
        """Changes whenever the store's file does (size and modification time of the file and
        its write-ahead log): what a dashboard polls to know there is something new to show."""
        parts = []
        for name in (self.path, self.path + ".wal"):
            try:
                info = os.stat(name)
            except OSError:
                continue
            parts.append(f"{info.st_mtime_ns:x}-{info.st_size:x}")
        return ".".join(parts)

    def _connection(self) -> Any:
        """A new connection, retried for `LOCK_RETRY_SECONDS` while another process holds the
        file; a writer asks a server holding the file to let go meanwhile (`WRITE_WANTED_SUFFIX`)."""
        import duckdb

        marker = None if self.read_only else Path(self.path + WRITE_WANTED_SUFFIX)
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        try:
            while True:
                try:
                    return duckdb.connect(self.path, read_only=self.read_only, config=self.config)
                except duckdb.IOException as err:
                    if "lock" not in str(err).lower() or time.monotonic() > deadline:
                        raise _problem(self.path, err) from None
                    if marker is not None:
                        _touch(marker)
                    time.sleep(LOCK_RETRY_INTERVAL)
                except (duckdb.InvalidInputException, duckdb.ParserException) as err:
                    raise StoreError(f"{self.path}: bad store setting {self.config} "
                                     f"({str(err).splitlines()[0]})") from None
                except duckdb.Error as err:
                    raise _problem(self.path, err) from None
        finally:
            if marker is not None:
                marker.unlink(missing_ok=True)

    def _check_version(self, con: Any) -> None:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            return
        version = int(row[0])
        if _migratable(version):
            self._migrate(con, version)
        elif version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: {_version_problem(version)}")

    def _migrate(self, con: Any, version: int) -> None:
        """Bring a store of `version` up to SCHEMA_VERSION in place, in one transaction."""
        with _transaction(con, f"{self.path}: migrating schema version {version} failed, the store is unchanged"):
            for old in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[old]:
                    con.execute(statement)
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        LOGGER.warning("%s: schema version %d migrated to %d", self.path, version, SCHEMA_VERSION)

    def known_hashes(self) -> dict[str, str]:
        """id -> content hash of every stored article (to skip unchanged ones before coding)."""
        with self.connect() as con:
            return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())

    def write(self, articles: Iterable[Article]) -> tuple[int, int]:
        """Store coded articles; returns (articles added or replaced, articles unchanged)."""
        return self.write_rows(Rows.of(list(articles)))

    def write_rows(self, rows: "Rows") -> tuple[int, int]:
        """Store prepared rows (see `Rows`) in one transaction; returns (added or replaced, unchanged)."""
        if not rows.articles:
            return 0, 0
        with self.connect() as con:
            stored = dict(con.execute("SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))",
                                      [[r[0] for r in rows.articles]]).fetchall())
            fresh = {r[0] for r in rows.articles if stored.get(r[0]) != r[1]}
            if not fresh:
                return 0, len(rows.articles)
            with _transaction(con, f"{self.path}: write failed, this batch was not stored; what was stored before is intact"):
                changed = [i for i in fresh if i in stored]
                for table, column in (("events", "article_id"), ("mentions", "article_id"), ("articles", "id")):
                    if changed:
                        con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [changed])
                now = datetime.now()
                _insert(con, "articles", [r + (now,) for r in rows.articles if r[0] in fresh], ARTICLE_COLUMNS)
                _insert(con, "mentions", [r for r in rows.mentions if r[0] in fresh])
                _insert(con, "events", [r for r in rows.events if r[1] in fresh])
                _set_meta(con, DEDUPE_PENDING, "1")  # cleared by write_merged, in its own transaction
        return len(fresh), len(rows.articles) - len(fresh)

    def dedupe_pending(self) -> bool:
        """Whether articles were stored since the merged events were last rebuilt: a run killed
        between its last write and its dedupe leaves this set, and the next run redoes the dedupe."""
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", [DEDUPE_PENDING]).fetchone()
        return row is not None and row[0] == "1"

    def mentions_for_dedupe(self) -> list["EventMention"]:
        """Every counted event mention with what dedup needs (see `dedupe/events.py`)."""
        from .dedupe import EventMention

        _, rows = self.query(
            f"SELECT e.event_id, e.article_id, {OUTLET_SQL}, "
            "e.event_type, e.mode, e.source_country, e.target_country, e.event_date, a.published, e.confidence, "
            "g.group_id, e.cameo, e.goldstein, e.quad_class FROM events e JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN article_groups g ON g.article_id = e.article_id WHERE e.counted")
        return [EventMention(r[0], r[1], r[2] or None, *r[3:11], coding=r[11:14] if r[11] else None) for r in rows]

    def fingerprints(self) -> list["ArticleFingerprint"]:
        """Every article's fingerprints (see `dedupe/articles.py`)."""
        from .dedupe import ArticleFingerprint

        _, rows = self.query("SELECT id, lang, text_fingerprint, content_fingerprint FROM articles")
        return [ArticleFingerprint(*row) for row in rows]

    def write_groups(self, groups: list["ArticleGroup"]) -> int:
        """Replace the near-duplicate article groups in one transaction; returns how many."""
        rows = [(g.id, member, g.similarity[member]) for g in groups for member in g.members]
        with self.connect() as con, _transaction(con, f"{self.path}: grouping failed, the previous groups are kept"):
            con.execute("DELETE FROM article_groups")
            _insert(con, "article_groups", rows)
        return len(groups)

    def write_merged(self, merged: list["MergedEvent"], codings: dict) -> int:
        """Replace the merged events and their links in one transaction; returns how many."""
        event_rows, link_rows = [], []
        for event in merged:
            merged_id = event.id  # derived from the mentions: computed once per event, not per link
            cameo, goldstein, quad = event.coding(codings)
            event_rows.append((merged_id, event.event_type, event.mode, cameo, goldstein, quad, event.source_country,
                               event.target_country, event.date, event.day, event.num_mentions, event.num_articles,
                               event.num_sources, event.num_copies, event.confidence))
            link_rows += [(merged_id, m.event_id) for m in event.mentions]
        failure = f"{self.path}: merging failed, the previous merged events are kept"
        with self.connect() as con, _transaction(con, failure):
            con.execute("DELETE FROM event_links")
            con.execute("DELETE FROM merged_events")
            _insert(con, "merged_events", event_rows)
            _insert(con, "event_links", link_rows)
            _set_meta(con, DEDUPE_PENDING, "0")
        return len(event_rows)

    def buffered(self, max_articles: int = 2000, max_seconds: float = 10.0,
                 on_error: "Callable[[InputError], None] | None" = None) -> "BufferedWriter":
        """A writer that gathers batches and stores them together (see `BufferedWriter`)."""
        return BufferedWriter(self, max_articles, max_seconds, on_error)

    def query(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Run a read query; returns (column names, rows)."""
        import duckdb

        with self.connect() as con:
            try:
                cursor = con.execute(sql, params or [])
                return [d[0] for d in cursor.description], cursor.fetchall()
            except duckdb.Error as err:
                raise _problem(self.path, err, doing="query failed") from None


@dataclass(slots=True, kw_only=True)
class StoreCheck:
    """What `Store.check` found: the store's own schema version and rows per table."""

    schema_version: int
    rows: dict[str, int]


class SharedConnection:
    """One read-only connection shared by a server's threads, handed back whenever a writer asks.

    DuckDB lets one process write a file or many read it, never both at once. Opening a
    connection costs about 14 ms and starts with a cold cache (an /api/events page on a
    100k-event store: 18 ms on a kept connection, 43 ms on a new one per request), so a
    server keeps one. A writer that finds the file locked touches `<db>.write-wanted` while
    it retries; a watcher thread sees it within `WRITE_WANTED_POLL` seconds, lets the requests
    in flight finish, holds new ones back, closes the connection and waits for the marker to
    go (the writer removes it once it has the file). The next request opens the file again
    (retrying while the writer writes) and sees what was written.
    """

    def __init__(self, open_connection: Any, marker: Path) -> None:
        self._open = open_connection
        self._marker = marker
        self._state = threading.Condition()
        self._connection: Any = None
        self._active = 0
        self._yielding = False
        self.handovers = 0  # how often a writer was let in (for tests and benchmarks)
        threading.Thread(target=self._watch, name="parley-store-watcher", daemon=True).start()

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A cursor of the shared connection, opened again first if a writer had it."""
        with self._state:
            if not self._state.wait_for(lambda: not self._yielding, timeout=LOCK_RETRY_SECONDS):
                raise StoreError(f"{self._marker.name[:-len(WRITE_WANTED_SUFFIX)]}: a writer has held the file for "
                                 f"more than {LOCK_RETRY_SECONDS:.0f} s; try again when it is done")
            if self._connection is None:
                self._connection = self._open()
            self._active += 1
            cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._state:
                self._active -= 1
                self._state.notify_all()

    def _watch(self) -> None:
        while True:
            time.sleep(WRITE_WANTED_POLL)
            if not _write_wanted(self._marker):
                continue
            with self._state:
                self._yielding = True
                self._state.wait_for(lambda: self._active == 0)
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None
                    self.handovers += 1
            deadline = time.monotonic() + LOCK_RETRY_SECONDS
            while _write_wanted(self._marker) and time.monotonic() < deadline:
                time.sleep(WRITE_WANTED_POLL)
            with self._state:
                self._yielding = False
                self._state.notify_all()


@dataclass
class Rows:
    """The rows coded articles add to the articles, mentions and events tables."""

    articles: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)

    @classmethod
    def of(cls, articles: list[Article]) -> "Rows":
        return cls([_article_row(a) for a in articles], _mention_rows(articles),
                   [_event_row(a, i, e) for a in articles for i, e in enumerate(a.events)])

    def without(self, ids: set[str]) -> "Rows":
        """These rows less those of the articles `ids`."""
        return Rows([r for r in self.articles if r[0] not in ids], [r for r in self.mentions if r[0] not in ids],
                    [r for r in self.events if r[1] not in ids])

    def per_article(self) -> dict[str, "Rows"]:
        """These rows split by article id, in order."""
        split: dict[str, Rows] = {r[0]: Rows([r]) for r in self.articles}
        for r in self.mentions:
            split[r[0]].mentions.append(r)
        for r in self.events:
            split[r[1]].events.append(r)
        return split

    def extend(self, other: "Rows") -> None:
        self.articles += other.articles
        self.mentions += other.mentions
        self.events += other.events


class BufferedWriter:
    """Gathers coded batches and writes them in one transaction once `max_articles` are
    waiting or `max_seconds` have passed since the last write.

    Opening and closing the DuckDB file (which checkpoints it) costs tens of milliseconds,
    so writing every small batch would spend a third of the run there; writing every
    second or so keeps that small while still releasing the file between writes, so that
    readers in other processes get their turn. Use it as a context manager: leaving the
    block writes what is left, even when the run stops on an error of its inputs.

    An article queued twice keeps only its later version. When the store refuses a
    batch because of what one article holds, the batch is written article by article and
    each refused one is reported through `on_error`, so it cannot take the others with it.
    """

    def __init__(self, store: Store, max_articles: int, max_seconds: float,
                 on_error: "Callable[[InputError], None] | None" = None) -> None:
        self.store, self.max_articles, self.max_seconds = store, max_articles, max_seconds
        self.on_error = on_error
        self.pending = Rows()
        self.last_write = time.monotonic()
        self.written = self.unchanged = 0

    def add(self, articles: Iterable[Article]) -> None:
        """Queue coded articles as rows (the articles themselves, with their text, are not kept)."""
        latest = {a.id: a for a in articles}  # an id given twice in one batch: its later version
        rows = Rows.of(list(latest.values()))
        repeated = {r[0] for r in rows.articles} & {r[0] for r in self.pending.articles}
        if repeated:
            self.pending = self.pending.without(repeated)
        self.pending.extend(rows)
        if len(self.pending.articles) >= self.max_articles or time.monotonic() - self.last_write >= self.max_seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending.articles:
            try:
                written, unchanged = self.store.write_rows(self.pending)
            except RowsRefused:
                written, unchanged = self._write_one_by_one(self.pending)
            self.written += written
            self.unchanged += unchanged
            self.pending = Rows()
        self.last_write = time.monotonic()

    def _write_one_by_one(self, rows: "Rows") -> tuple[int, int]:
        written = unchanged = 0
        for article_id, one in rows.per_article().items():
            try:
                w, u = self.store.write_rows(one)
            except RowsRefused as err:
                if self.on_error is None:
                    raise
                where = one.articles[0][7] or article_id
                self.on_error(InputError(where, f"article '{article_id}' refused by the store ({err})"))
                continue
            written, unchanged = written + w, unchanged + u
        return written, unchanged

    def __enter__(self) -> "BufferedWriter":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if isinstance(exc, StoreError) and not isinstance(exc, RowsRefused):
            return  # the store itself failed: writing again would only hide why
        self.flush()


@functools.cache
def expected_tables() -> dict[str, frozenset[str]]:
    """Table -> columns of this code's schema, read from `SCHEMA` itself (in memory), so that
    the check cannot drift from what the writer creates."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(SCHEMA)
        found: dict[str, set[str]] = {}
        for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                         "WHERE table_schema = 'main'").fetchall():
            found.setdefault(table, set()).add(column)
    finally:
        con.close()
    return {table: frozenset(columns) for table, columns in found.items()}


def _refuse_foreign(con: Any, path: str) -> None:
    """A writer creates Parley's tables only in a new, empty file, never in someone else's
    DuckDB database, and does not quietly recreate a table missing from a store of this
    schema version (which would then read as empty)."""
    found = _columns(con)
    if found and "meta" not in found:
        tables = sorted(found)
        raise StoreError(f"{path}: not a Parley store (a DuckDB database with tables {', '.join(tables[:3])}"
                         f"{', ...' if len(tables) > 3 else ''} and no `meta`): give --db a new file")
    if "meta" in found and _stored_version(con) == SCHEMA_VERSION:
        _check_tables(found, path)


def _columns(con: Any) -> dict[str, set[str]]:
    """Table -> column names of the store open on `con`."""
    found: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                     "WHERE table_schema = 'main'").fetchall():
        found.setdefault(table, set()).add(column)
    return found


def _stored_version(con: Any) -> int | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else None


def _check_tables(found: dict[str, set[str]], path: str) -> None:
    """Every table and column of this code's schema is there (`found`: see `_columns`)."""
    for table, columns in expected_tables().items():
        if table not in found:
            raise StoreError(f"{path}: damaged store: no table `{table}` (schema version {SCHEMA_VERSION} "
                             "has one); build it again with `parley extract` into a new file")
        missing = sorted(columns - found[table])
        if missing:
            raise StoreError(f"{path}: damaged store: table `{table}` has no column `{missing[0]}`; "
                             "build it again with `parley extract` into a new file")


def _migratable(version: int) -> bool:
    """Whether a store of schema `version` can be brought up to SCHEMA_VERSION in place."""
    return version < SCHEMA_VERSION and all(v in MIGRATIONS for v in range(version, SCHEMA_VERSION))


def _version_problem(version: int | None) -> str:
    """Why a store of schema `version` cannot be read, and what to do."""
    if version is None:
        return "not a Parley store (no schema version in its `meta` table)"
    if _migratable(version):
        return (f"schema version {version}, older than this Parley's {SCHEMA_VERSION}: the next "
                "`parley extract --db` or `parley dedupe --db` into it migrates it in place")
    if version < SCHEMA_VERSION:
        return (f"schema version {version}, older than this Parley's {SCHEMA_VERSION}: "
                "build it again with `parley extract` into a new file")
    return f"schema version {version}, newer than this Parley's {SCHEMA_VERSION}: upgrade Parley to read it"


def _problem(path: str, err: Exception, doing: str = "cannot open database") -> StoreError:
    """What DuckDB raised, as one line that says what is wrong with the store and what to do
    (DuckDB's own lock message, for one, tells the user to use its command line's -readonly)."""
    first = (str(err).splitlines() or [type(err).__name__])[0]
    lower = first.lower()
    if "could not set lock" in lower or "conflicting lock" in lower:
        holder = LOCK_HOLDER.search(first)
        who = f"another process (PID {holder.group(1)})" if holder else "another process"
        return StoreError(f"{path}: in use: {who} kept it locked for more than {LOCK_RETRY_SECONDS:.0f} s; "
                          "try again when it is done")
    if "could not read enough bytes" in lower or "truncated" in lower:
        return StoreError(f"{path}: damaged store: the file ends before its data does (truncated?); "
                          "restore it from a backup or build it again with `parley extract`")
    if "corrupt database file" in lower or "checksum" in lower:
        at = CHECKSUM_AT.search(first)
        return StoreError(f"{path}: damaged store: a block{f' at byte {at.group(1)}' if at else ''} fails its "
                          "checksum; restore it from a backup or build it again with `parley extract`")
    if "not a valid duckdb database file" in lower:
        return StoreError(f"{path}: not a DuckDB database (not written by `parley extract`)")
    if "version number" in lower or "storage version" in lower:
        return StoreError(f"{path}: written by another DuckDB version ({first})")
    return StoreError(f"{path}: {doing} ({first})")


def _touch(marker: Path) -> None:
    try:
        marker.touch()
    except OSError:  # a read-only folder: the writer just retries
        pass


def _write_wanted(marker: Path) -> bool:
    try:
        return marker.stat().st_mtime > time.time() - WRITE_WANTED_FRESH
    except OSError:
        return False


@contextmanager
def _transaction(con: Any, failure: str) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back (and reported as
    `failure` with the real cause) when it raises.

    A failure of the store itself (disk full, damaged file, out of memory) raises
    `StoreError`; rows the store refuses (bad data) raise `RowsRefused`, so that a writer
    can store the rest one by one.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception as err:
        try:
            con.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - a failed COMMIT has ended the transaction already
            pass
        kind = StoreError if _is_store_failure(err) else RowsRefused
        raise kind(f"{failure} ({store_problem(err)})") from None


def _is_store_failure(err: BaseException) -> bool:
    """Whether `err` is the store failing (disk, file, memory) rather than refusing some rows."""
    import duckdb

    if isinstance(err, (OSError, MemoryError, duckdb.IOException, duckdb.FatalException,
                        duckdb.OutOfMemoryException, duckdb.InternalException)):
        return True
    text = str(err).lower()  # DuckDB reports some disk failures through other exception classes
    return any(sign in text for sign in STORE_FAILURE_SIGNS)


def store_problem(err: BaseException) -> str:
    """A one-line account of a DuckDB failure that names the real cause."""
    text = " ".join(str(err).split())
    if "no space left on device" in text.lower():
        return "disk full: No space left on device"
    return text[:240] or type(err).__name__


def _set_meta(con: Any, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def _insert(con: Any, table: str, rows: list[list], columns: tuple[str, ...] | None = None) -> None:
    """Bulk insert through Arrow: row-by-row executemany is two orders of magnitude slower.
    Rows hold the table's columns in its order, or in the order `columns` names them."""
    if not rows:
        return
    import pyarrow as pa

    names = list(columns or [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description])
    batch = pa.table(dict(zip(names, map(list, zip(*rows)))))
    con.register("parley_batch", batch)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM parley_batch")
    finally:
        con.unregister("parley_batch")


def _article_row(a: Article) -> tuple:
    return (a.id, a.hash, a.title, a.url, a.published, a.published_source, a.source, a.lang, a.path, len(a.text),
            len(a.sentences), len(a.events), len(a.dropped_lines), a.text_fingerprint, a.content_fingerprint)


def _mention_rows(articles: list[Article]) -> list[tuple]:
    """One row per actor mention (written inline: this is the largest table)."""
    return [(a.id, s.index, m.start, m.end, m.text, m.kind, m.actor.country, m.actor.sector, m.actor.name,
             m.actor.id, s.lang) for a in articles for s in a.sentences for m in s.mentions]


def _event_row(a: Article, index: int, e) -> tuple:
    src, tgt = e.source, e.target
    loc = e.location or {}
    return (f"{a.id}:{index}", a.id, e.event_type, e.mode, e.cameo, e.goldstein, e.quad_class,
            src.country if src else None, src.sector if src else None, src.name if src else None,
            src.id if src else None, src.text if src else None,
            tgt.country if tgt else None, tgt.sector if tgt else None, tgt.name if tgt else None,
            tgt.id if tgt else None, tgt.text if tgt else None,
            e.factuality, e.counted, e.date, loc.get("text"), loc.get("country"),
            e.sentence, e.sentence_index, e.span[0], e.span[1], e.trigger, e.confidence, e.lang)
