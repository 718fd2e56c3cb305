"""Ingest under attack: folders of malformed inputs of every kind mixed with good articles,
run through the real `parley extract`. Every good article is stored, every bad input is
named exactly once, nothing prints a traceback, and a rerun adds nothing."""
from __future__ import annotations

import re

import duckdb
import pytest

from hostile_inputs import MAX_BYTES, build

UNSUPPORTED_LINE = re.compile(r": (\d+) (?:(\S+) files?|files? without extension) left out: unsupported type")


@pytest.fixture
def settings_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(f"[pipeline]\nmax_article_bytes = {MAX_BYTES}\n", encoding="utf-8")
    return path


def stored_ids(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [row[0] for row in con.execute("SELECT id FROM articles").fetchall()]
    finally:
        con.close()


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("parley: ")]


def times_named(lines: list[str], name: str) -> int:
    """How many problem lines are about `name` (a path, path:line or path#record)."""
    return sum(1 for line in lines if f": {name}: " in line)


def check_run(result, corpus, db) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 3, result.stderr[-2000:]
    lines = problem_lines(result.stderr.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    unnamed = [name for name in corpus.bad if times_named(lines, name) != 1]
    assert not unnamed, f"{len(unnamed)} bad inputs not named exactly once, e.g. {unnamed[:5]}"
    for name in corpus.warned:
        assert times_named(lines, name) == 1 and any(f"warning: {name}: " in line for line in lines)
    counted = {suffix or "file": 0 for suffix in corpus.unsupported}
    for line in lines:
        match = UNSUPPORTED_LINE.search(line)
        if match:
            key = match.group(2) or "file"
            counted[key] = counted.get(key, 0) + int(match.group(1))
    assert counted == {suffix or "file": n for suffix, n in corpus.unsupported.items()}
    ids = stored_ids(db)
    missing = corpus.good_ids - set(ids)
    assert not missing, f"{len(missing)} good articles not stored, e.g. {sorted(missing)[:5]}"
    assert len(ids) == len(set(ids)), "an article was stored twice"


def test_ingest_fuzz_1000_files_keep_every_good_article(tmp_path, run_parley, settings_file):
    """The issue's own measure: 700 bad inputs of every kind among 300 good articles."""
    corpus = build(tmp_path / "news", seed=17, n_good=300, n_bad=700)
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", corpus.root, "--db", db, "--config", settings_file, "--quiet")
    check_run(result, corpus, db)
    assert len(stored_ids(db)) == len(corpus.good_ids)
    again = run_parley("extract", corpus.root, "--db", db, "--config", settings_file)
    assert "Traceback" not in again.stderr
    assert "; 0 articles stored in" in again.stderr and len(stored_ids(db)) == len(corpus.good_ids)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ingest_fuzz_mutated_warc_never_crash(tmp_path, run_parley, settings_file, seed):
    """Randomly damaged WARC files (bytes flipped, cut, repeated) may yield some records or
    none, but never a traceback, and never cost the good articles beside them."""
    corpus = build(tmp_path / "news", seed=seed, n_good=24, n_bad=21, mutations=60)
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", corpus.root, "--db", db, "--config", settings_file, "--quiet")
    check_run(result, corpus, db)


def test_ingest_fuzz_jobs_2_same_result(tmp_path, run_parley, settings_file):
    """The process pool keeps the same containment: the same articles, the same problems."""
    corpus = build(tmp_path / "news", seed=5, n_good=40, n_bad=42)
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", corpus.root, "--db", db, "--config", settings_file, "--jobs", "2", "--quiet")
    check_run(result, corpus, db)
