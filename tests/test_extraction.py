"""A run of `parley extract` is complete or can be completed: killed at any point and run
again it equals a clean run; one bad article, a full disk or a bad setting is one line."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from conftest import EXAMPLES, PARENT_PID, parley_bin, processes_where
from parley.errors import InputError
from parley.ingest import read_articles
from parley.pipeline import code_articles
from parley.settings import load_settings
from parley.store import Store


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Everything a run leaves in a store that a user can see, independent of write times."""
    queries = {
        "articles": "SELECT id, content_hash, n_events FROM articles ORDER BY id",
        "events": "SELECT event_id, event_type, source_country, target_country, counted FROM events ORDER BY event_id",
        "merged": "SELECT merged_id, event_type, num_mentions, num_articles FROM merged_events ORDER BY merged_id",
        "links": "SELECT merged_id, event_id FROM event_links ORDER BY ALL",
        "groups": "SELECT group_id, article_id FROM article_groups ORDER BY ALL",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    subprocess.run([parley_bin(), "extract", str(EXAMPLES), "--db", str(db), "--quiet"], check=True)
    return snapshot(db)


def coded_batches(pipeline) -> list[list]:
    settings = load_settings()
    settings["pipeline"]["batch_size"] = 8
    return list(code_articles(read_articles([str(EXAMPLES)], print), settings, jobs=1, pipeline=pipeline))


@pytest.mark.parametrize("kill_point", ["after the first batch", "after the last write", "after grouping"])
def test_extraction_killed_run_plus_rerun_equals_clean_run(tmp_path, pipeline, run_parley, clean_run, kill_point):
    """Each transaction a run commits is atomic, so a kill leaves the store as it was after the
    last commit: that state is made here commit by commit, then the real CLI runs again."""
    db = tmp_path / "killed.duckdb"
    store = Store(db)
    batches = coded_batches(pipeline)
    for batch in batches[:1] if kill_point == "after the first batch" else batches:
        store.write(batch)
    if kill_point == "after grouping":
        from parley.dedupe import group_articles

        store.write_groups(group_articles(store.fingerprints()))
    assert store.dedupe_pending()
    result = run_parley("extract", EXAMPLES, "--db", db, "--quiet")
    assert result.returncode == 0, result.stderr
    assert snapshot(db) == clean_run
    assert not Store(db).dedupe_pending()


def test_extraction_real_kill_9_then_rerun_equals_clean_run(tmp_path, run_parley, clean_run):
    """The same with a real process killed by SIGKILL at several moments of its run."""
    for delay in (3.0, 4.5, 6.0):
        db = tmp_path / f"kill-{delay}.duckdb"
        process = subprocess.Popen([parley_bin(), "extract", str(EXAMPLES), "--db", str(db), "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        result = run_parley("extract", EXAMPLES, "--db", db, "--quiet")
        assert result.returncode == 0, result.stderr
        assert snapshot(db) == clean_run, f"killed after {delay} s"


def test_extraction_repeated_id_later_record_wins(tmp_path, run_parley):
    lines = [{"id": "x", "text": "Chile and Peru signed a trade agreement in Lima."},
             {"id": "y", "text": "Russia expelled two Polish diplomats."},
             {"id": "x", "text": "Brazil and Argentina signed an energy agreement in Brasilia."}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", tmp_path / "in.jsonl", "--db", db)
    assert result.returncode == 3
    assert f"parley: warning: {tmp_path / 'in.jsonl'}:3: id 'x' was given before ({tmp_path / 'in.jsonl'}:1); " \
           "the later record wins" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT id, path FROM articles ORDER BY id").fetchall()
        countries = con.execute("SELECT DISTINCT source_country FROM events WHERE article_id = 'x'").fetchall()
    assert rows == [("x", f"{tmp_path / 'in.jsonl'}:3"), ("y", f"{tmp_path / 'in.jsonl'}:2")]
    assert {c for (c,) in countries} <= {"BRA", "ARG"}


def test_extraction_store_refusing_one_article_keeps_the_others(tmp_path, pipeline):
    """Rows the store cannot take (here a lone surrogate, which ingest never lets through)
    cost only their own article."""
    from parley.pipeline import code_text

    store = Store(tmp_path / "p.duckdb")
    good = [code_text(f"Chile and Peru met in Lima, round {i}.", lang="en", doc_id=f"ok{i}", pipeline=pipeline)
            for i in range(3)]
    bad = code_text("Russia expelled two Polish diplomats.", lang="en", doc_id="bad", pipeline=pipeline)
    bad.title = "broken \ud800 title"
    problems: list[InputError] = []
    with store.buffered(on_error=problems.append) as buffer:
        buffer.add(good[:2] + [bad] + good[2:])
    assert buffer.written == 3
    assert [row[0] for row in store.query("SELECT id FROM articles ORDER BY id")[1]] == ["ok0", "ok1", "ok2"]
    assert len(problems) == 1 and "article 'bad' refused by the store" in str(problems[0])


def test_extraction_full_disk_is_one_line_and_keeps_what_was_stored(tmp_path, run_parley):
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root): " + made.stderr.decode()[:80])
    try:
        db = mount / "p.duckdb"
        (tmp_path / "first.jsonl").write_text("\n".join(json.dumps(
            {"id": f"f{i}", "text": f"Chile and Peru met in Lima to discuss trade, round {i}."}) for i in range(20)),
            encoding="utf-8")
        assert run_parley("extract", tmp_path / "first.jsonl", "--db", db, "-q").returncode == 0
        (mount / "ballast").write_bytes(b"\0" * 1_000_000)
        lines = [json.dumps({"id": f"a{i}", "text": "Chile and Peru met in Lima to discuss trade. " * 40
                             + f"Round {i}."}) for i in range(4000)]
        (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run_parley("extract", tmp_path / "many.jsonl", "--db", db, "-q")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "disk full" in line and "what was stored before is intact" in line
        (mount / "ballast").unlink()  # the user frees some space
        stored = run_parley("stats", "--db", db, "--json")
        assert stored.returncode == 0 and json.loads(stored.stdout)["articles"] >= 20  # the first run's articles
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.mark.parametrize("setting, problem", [
    ('[pipeline]\nbatch_size = "abc"', "setting pipeline.batch_size = \"abc\": expected a whole number"),
    ("[pipeline]\nbatch_size = 0", "setting pipeline.batch_size = 0: must be at least 1"),
    ('[store]\nmemory_limit = "1KB"', "setting store.memory_limit = \"1KB\": too small"),
    ('[store]\nmemory_limit = "lots"', "expected a size such as '64MB'"),
    ("[output]\ncounted_only = 1", "expected true or false"),
])
def test_extraction_bad_setting_is_one_line_before_anything_is_written(tmp_path, run_parley, setting, problem):
    (tmp_path / "s.toml").write_text(setting + "\n", encoding="utf-8")
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", EXAMPLES / "en", "--db", db, "--config", tmp_path / "s.toml")
    assert result.returncode == 1 and not db.exists()
    assert result.stderr.strip().splitlines() == [f"parley: error: {tmp_path / 's.toml'}: " + result.stderr.split(
        f"{tmp_path / 's.toml'}: ", 1)[1].strip()] and problem in result.stderr


def test_extraction_missing_path_creates_no_store(tmp_path, run_parley):
    db = tmp_path / "x.duckdb"
    result = run_parley("extract", tmp_path / "missing_folder", "--db", db)
    assert result.returncode == 2 and "no such file or folder" in result.stderr and not db.exists()


def test_extraction_missing_path_beside_others_is_skipped(tmp_path, run_parley):
    db = tmp_path / "x.duckdb"
    result = run_parley("extract", EXAMPLES / "en", tmp_path / "gone", "--db", db)
    assert result.returncode == 3 and f"parley: skipped: {tmp_path / 'gone'}: no such file or folder" in result.stderr
    assert snapshot(db)["articles"]


def test_extraction_closed_stdin_is_one_line(tmp_path):
    db = tmp_path / "x.duckdb"
    result = subprocess.run([parley_bin(), "extract", "-", "--db", str(db), "-q"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.close(0))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "<stdin>: standard input is closed" in result.stderr


def test_extraction_workers_die_with_a_killed_parent(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": "Chile and Peru met in Lima to discuss trade. " * 20 + f"#{i}"})
             for i in range(20000)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    process = subprocess.Popen([parley_bin(), "extract", str(tmp_path / "many.jsonl"), "--output",
                                str(tmp_path / "o.jsonl"), "--jobs", "2", "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = set(processes_where(PARENT_PID, process.pid))
        time.sleep(0.2)
    assert len(workers) >= 2, "the pool did not start"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
    assert not alive, f"workers {alive} outlived their parent"

