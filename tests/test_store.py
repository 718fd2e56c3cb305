"""Store: a real DuckDB file; idempotent by content hash; readers alongside a writer."""
from __future__ import annotations

import multiprocessing as mp
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
