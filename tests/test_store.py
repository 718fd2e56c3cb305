"""Store: a real DuckDB file; idempotent by content hash; readers alongside a writer."""
from __future__ import annotations

import multiprocessing as mp
import time
from datetime import date

import duckdb
import pytest

from parley.errors import StoreError
from parley.pipeline import code_text
from parley.records import Article
from parley.store import SCHEMA_VERSION, Store

TEXT = "Belarus released three political prisoners, including a US citizen."


def coded(pipeline, text=TEXT, doc_id="a1"):
    return code_text(text, lang="en", doc_id=doc_id, pipeline=pipeline)


def counts(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "mentions"))
    finally:
        con.close()


def test_store_writes_articles_events_and_version(tmp_path, pipeline):
    store = Store(tmp_path / "p.duckdb")
    assert store.write([coded(pipeline)]) == (1, 0)
    assert counts(tmp_path / "p.duckdb") == (1, 1, 3)
    _, rows = store.query("SELECT value FROM meta WHERE key = 'schema_version'")
    assert rows == [(str(SCHEMA_VERSION),)]


def test_store_same_article_twice_adds_nothing(tmp_path, pipeline):
    store = Store(tmp_path / "p.duckdb")
    store.write([coded(pipeline)])
    assert store.write([coded(pipeline)]) == (0, 1)
    assert counts(tmp_path / "p.duckdb") == (1, 1, 3)


def test_store_changed_article_replaces_its_events(tmp_path, pipeline):
    store = Store(tmp_path / "p.duckdb")
    store.write([coded(pipeline)])
    changed = coded(pipeline, "The European Union imposed new sanctions on Belarus.")
    assert store.write([changed]) == (1, 0)
    _, rows = store.query("SELECT event_type, source_country, target_country FROM events")
    assert rows == [("SANCTION", "EU", "BLR")]


def test_store_refuses_other_schema_version(tmp_path):
    path = tmp_path / "p.duckdb"
    Store(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(path)


def test_store_not_a_database(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="notes.duckdb"):
        Store(path)


def test_store_read_only_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def _reader(path: str, queue) -> None:
    store = Store(path, read_only=True)
    seen = []
    for _ in range(20):
        seen.append(store.query("SELECT count(*) FROM articles")[1][0][0])
    queue.put(seen)


def test_store_readers_while_one_writes(tmp_path, pipeline):
    path = tmp_path / "p.duckdb"
    store = Store(path)
    store.write([coded(pipeline, doc_id="first")])
    queue = mp.get_context("spawn").Queue()
    readers = [mp.get_context("spawn").Process(target=_reader, args=(str(path), queue)) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(10):
        store.write([coded(pipeline, text=f"{TEXT} Item {i}.", doc_id=f"doc{i}")])
    results = [queue.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=60)
    assert all(r.exitcode == 0 for r in readers)
    assert all(seen == sorted(seen) and 1 <= seen[0] <= 11 for seen in results)
    assert counts(path)[0] == 11


def test_buffered_writer_writes_when_full_and_on_exit(tmp_path, pipeline):
    path = tmp_path / "p.duckdb"
    store = Store(path)
    with store.buffered(max_articles=2, max_seconds=3600) as buffer:
        buffer.add([coded(pipeline, doc_id="a")])
        assert counts(path)[0] == 0  # waiting for a second article
        buffer.add([coded(pipeline, text=TEXT + " Again.", doc_id="b")])
        assert counts(path)[0] == 2
        buffer.add([coded(pipeline, text=TEXT + " Third.", doc_id="c")])
    assert counts(path)[0] == 3
    assert (buffer.written, buffer.unchanged) == (3, 0)


def test_buffered_writer_keeps_what_was_coded_when_the_run_fails(tmp_path, pipeline):
    path = tmp_path / "p.duckdb"
    with pytest.raises(KeyboardInterrupt):
        with Store(path).buffered(max_articles=100) as buffer:
            buffer.add([coded(pipeline)])
            raise KeyboardInterrupt
    assert counts(path)[0] == 1


def test_store_bad_memory_limit_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError, match="bad store setting .*memory_limit"):
        Store(tmp_path / "p.duckdb", memory_limit="lots")


# The articles table of a version-5 store (Parley before publication sources), as written.
V5_SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE articles (
    id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, title VARCHAR, url VARCHAR,
    published DATE, source VARCHAR, lang VARCHAR, path VARCHAR, n_chars INTEGER,
    n_sentences INTEGER, n_events INTEGER, dropped_lines INTEGER, text_fingerprint BLOB,
    content_fingerprint BLOB, coded_at TIMESTAMP);
INSERT INTO meta VALUES ('schema_version', '5');
INSERT INTO articles VALUES ('old', 'abc', 'Old', NULL, DATE '2025-02-15', 'Wire', 'en', 'old.txt',
    28, 1, 0, 0, NULL, NULL, TIMESTAMP '2025-03-01 10:00:00');
"""


def test_store_migrates_a_version_5_store_in_place(tmp_path, pipeline):
    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    con.execute(V5_SCHEMA)
    con.close()
    store = Store(path)
    text = "EU sanctions Belarus\n15 March 2024\nThe European Union imposed new sanctions on Belarus."
    assert store.write([pipeline.code_article(Article(id="new", text=text))]) == (1, 0)
    _, version = store.query("SELECT value FROM meta WHERE key = 'schema_version'")
    _, rows = store.query("SELECT id, published, published_source, title FROM articles ORDER BY id")
    assert version == [(str(SCHEMA_VERSION),)] and SCHEMA_VERSION == 6
    assert rows == [("new", date(2024, 3, 15), "text", None), ("old", date(2025, 2, 15), None, "Old")]
    assert Store(path).write([pipeline.code_article(Article(id="new", text=text))]) == (0, 1)  # opens as version 6


# ---------------------------------------------------------------- a damaged or foreign store (issue 18)

def synthetic_store(path, n=20_000):
    """A real store with enough rows to fill many blocks (a handful of tiny articles would fit
    in one, and damage could miss them)."""
    Store(path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO articles (id, content_hash, title, url) SELECT 'a' || i, 'h' || i, 'Title ' || i, "
                "'https://example.org/' || i FROM range(?) t(i)", [n])
    con.execute("INSERT INTO events (event_id, article_id, event_type, sentence, confidence) SELECT 'a' || i || ':0', "
                "'a' || i, 'CONSULT', 'Sentence number ' || i || ' about talks.', 0.8 FROM range(?) t(i)", [n])
    con.close()
    return path


def _truncate(path):
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _flip_a_block_of_events(path):
    """Flip bytes inside a block that holds the events table's data (found with DuckDB's
    storage_info: block N starts at 12 KiB of headers plus N blocks of 256 KiB)."""
    con = duckdb.connect(str(path), read_only=True)
    block = con.execute("SELECT max(block_id) FROM pragma_storage_info('events') WHERE block_id >= 0").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek(3 * 4096 + block * 256 * 1024 + 1000)
        data = f.read(512)
        f.seek(3 * 4096 + block * 256 * 1024 + 1000)
        f.write(bytes(b ^ 0xFF for b in data))


def _foreign(path):
    path.unlink()
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE people (name VARCHAR); INSERT INTO people VALUES ('Ada')")
    con.close()


def _older_schema(path):
    con = duckdb.connect(str(path))
    # version 4, which no migration brings forward (version 5 is migrated: see above)
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.execute("ALTER TABLE merged_events DROP COLUMN num_copies")  # what version 4 lacked
    con.close()


def _without_merged_events(path):
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE merged_events")
    con.close()


def _without_a_column(path):
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events DROP COLUMN confidence")
    con.close()


def _text(path):
    path.write_text("id,title\n1,not a database\n", encoding="utf-8")


DAMAGE = {
    "truncated": (_truncate, "damaged store: the file ends before its data does (truncated?)"),
    "flipped block": (_flip_a_block_of_events, "damaged store: a block at byte"),
    "foreign duckdb": (_foreign, "not a Parley store"),
    "older schema": (_older_schema, "schema version 4, older than this Parley's 6: build it again"),
    "no merged_events": (_without_merged_events, "damaged store: no table `merged_events`"),
    "no column": (_without_a_column, "damaged store: table `events` has no column `confidence`"),
    "not duckdb": (_text, "not a DuckDB database"),
}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, tmp_path):
    """(path of a real store damaged one way, what the one-line error must say)."""
    damage, message = DAMAGE[request.param]
    path = synthetic_store(tmp_path / "p.duckdb")
    damage(path)
    return path, message


def test_store_a_damaged_store_is_refused_on_open_with_one_line(damaged):
    path, message = damaged
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            Store(path, read_only=read_only)
        assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
        assert "\n" not in str(caught.value) and "-readonly" not in str(caught.value)


def test_store_flipped_block_is_found_only_by_reading_every_row(tmp_path):
    path = synthetic_store(tmp_path / "p.duckdb")
    _flip_a_block_of_events(path)
    con = duckdb.connect(str(path), read_only=True)  # DuckDB itself opens it and reads its catalog...
    assert con.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION),)
    con.close()
    with pytest.raises(StoreError, match="fails its checksum"):  # ...the check reads the blocks
        Store(path, read_only=True)


def test_store_a_writer_adds_nothing_to_a_foreign_database(tmp_path):
    path = tmp_path / "theirs.duckdb"
    path.touch()
    _foreign(path)
    with pytest.raises(StoreError, match="not a Parley store .*people"):
        Store(path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("people",)]
    con.close()


def test_store_check_reports_version_and_rows(tmp_path):
    path = synthetic_store(tmp_path / "p.duckdb", n=300)
    found = Store(path, read_only=True).check()
    assert found.schema_version == SCHEMA_VERSION
    assert found.rows["articles"] == 300 and found.rows["events"] == 300 and found.rows["merged_events"] == 0


# ---------------------------------------------------------------- a server's connection, shared with writers

def _write_one(path: str, doc_id: str, queue) -> None:
    start = time.monotonic()
    try:
        store = Store(path)
        with store.connect() as con:
            con.execute("INSERT INTO articles (id, content_hash) VALUES (?, 'h')", [doc_id])
        queue.put(("ok", time.monotonic() - start))
    except StoreError as err:
        queue.put(("error", str(err)))


def test_store_held_connection_lets_a_writer_in_and_then_sees_what_it_wrote(tmp_path):
    path = synthetic_store(tmp_path / "p.duckdb", n=10)
    reader = Store(path, read_only=True, hold=True)
    assert reader.query("SELECT count(*) FROM articles")[1] == [(10,)]
    context = mp.get_context("spawn")
    queue = context.Queue()
    for i in range(3):
        writer = context.Process(target=_write_one, args=(str(path), f"new{i}", queue))
        writer.start()
        while writer.is_alive():  # the server keeps answering while the writer asks for the file
            reader.query("SELECT count(*) FROM articles")
        writer.join(timeout=60)
        outcome, detail = queue.get(timeout=10)
        assert outcome == "ok", detail
        assert reader.query("SELECT count(*) FROM articles")[1] == [(11 + i,)]
    assert reader._shared.handovers >= 3
    assert not (tmp_path / "p.duckdb.write-wanted").exists()


def test_store_a_plain_reader_is_not_held_open(tmp_path):
    path = synthetic_store(tmp_path / "p.duckdb", n=10)
    Store(path, read_only=True).query("SELECT 1")
    con = duckdb.connect(str(path))  # nothing left open: a writer gets in at once
    con.close()


def test_store_a_version_5_store_read_only_says_how_to_migrate(tmp_path):
    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    con.execute(V5_SCHEMA)
    con.close()
    with pytest.raises(StoreError) as caught:
        Store(path, read_only=True)
    assert str(caught.value) == (f"{path}: schema version 5, older than this Parley's 6: the next "
                                 "`parley extract --db` or `parley dedupe --db` into it migrates it in place")
