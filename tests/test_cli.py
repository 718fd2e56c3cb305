"""The `parley` command, run for real: extract, stats, events, actors lookup, bad input."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq

from conftest import EXAMPLES, ROOT

SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def test_cli_extract_examples_to_db_and_jsonl(tmp_path, run_parley):
    db, out = tmp_path / "p.duckdb", tmp_path / "events.jsonl"
    result = run_parley("extract", EXAMPLES, "--db", db, "--output", out, "--format", "jsonl", "--quiet")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"doc_id", "event_type", "source", "target", "cameo", "factuality", "sentence"} <= set(events[0])
    assert all(e["source"]["country"] for e in events)
    assert {"en", "es", "ru"} <= {e["lang"] for e in events}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 25
    con.close()


def test_cli_jsonl_contract_is_read_by_the_scorer(tmp_path, run_parley):
    out = tmp_path / "pred.jsonl"
    run_parley("extract", EXAMPLES / "en", "--output", out, "--quiet")  # ids relative to the folder: "tanker"
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "tanker.json").write_text(json.dumps({"doc_id": "tanker", "lang": "en", "events": [
        {"type": "COERCE", "source": "USA", "target": "VEN"}]}), encoding="utf-8")
    if not SCORER.exists():  # the shared scorer sits beside the repo in CI and development
        return
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(out)], capture_output=True, text=True)
    assert result.returncode == 0 and "tp 1" in result.stdout.splitlines()[-1]


def test_cli_stats_and_events(tmp_path, run_parley):
    db = tmp_path / "p.duckdb"
    run_parley("extract", EXAMPLES, "--db", db, "--quiet")
    stats = json.loads(run_parley("stats", "--db", db, "--json").stdout)
    assert stats["articles"] == 25 and set(stats["languages"]) == {"en", "es", "ru"}
    assert stats["event_types"]["CONSULT"] >= 3
    listed = run_parley("events", "--db", db, "--country", "BLR", "--type", "concede", "--format", "jsonl").stdout
    rows = [json.loads(line) for line in listed.splitlines()]
    assert rows and all(r["event_type"] == "CONCEDE" and "BLR" in (r["source"]["country"], (r["target"] or {}).get("country")) for r in rows)
    table = run_parley("events", "--db", db, "--since", "2025-01-01").stdout
    assert "demo-baku-visit" in table and "tanker" not in table  # undated articles drop out of --since


def test_cli_events_bad_filters(tmp_path, run_parley):
    db = tmp_path / "p.duckdb"
    run_parley("extract", EXAMPLES / "en" / "tanker.txt", "--db", db, "--quiet")
    bad_type = run_parley("events", "--db", db, "--type", "HUG")
    assert bad_type.returncode == 1 and "unknown event type 'HUG'" in bad_type.stderr
    bad_date = run_parley("events", "--db", db, "--since", "yesterday")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr
    assert "Traceback" not in bad_type.stderr + bad_date.stderr


def test_cli_output_csv_and_parquet(tmp_path, run_parley):
    run_parley("extract", EXAMPLES, "--output", tmp_path / "e.csv", "--quiet")
    run_parley("extract", EXAMPLES, "--output", tmp_path / "e.parquet", "--quiet")
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    table = pq.read_table(tmp_path / "e.parquet")
    assert len(rows) == table.num_rows > 10
    assert rows[0]["source_country"] and table.column("event_type").to_pylist()[0] == rows[0]["event_type"]
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{tmp_path / 'e.parquet'}'").fetchone()[0] == len(rows)


def test_cli_stdin_jsonl(run_parley):
    line = json.dumps({"id": "s1", "text": "The European Union imposed new sanctions on Belarus."})
    result = run_parley("extract", "-", "--output", "-", "--quiet", input=line + "\n")
    [event] = [json.loads(l) for l in result.stdout.splitlines()]
    assert (event["doc_id"], event["event_type"], event["target"]["country"]) == ("s1", "SANCTION", "BLR")


def test_cli_bad_inputs_skip_and_keep_the_rest(tmp_path, run_parley):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Belarus released three prisoners, including a US citizen.", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")
    with (corpus / "huge.jsonl").open("w", encoding="utf-8") as out:  # a 100 MB single line
        out.write('{"id": "huge", "text": "' + "a" * 100_000_000 + '"}\n')
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", corpus, tmp_path / "missing.txt", "--db", db, "--quiet")
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 5 and "Traceback" not in result.stderr
    for name in ("empty.txt", "blob.txt", "bad.jsonl:1", "huge.jsonl:1", "missing.txt"):
        assert any(name in line for line in lines), name
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT id FROM articles").fetchall() == [("good",)]
    con.close()


def test_cli_rerun_keeps_stored_data(tmp_path, run_parley):
    db = tmp_path / "p.duckdb"
    run_parley("extract", EXAMPLES, "--db", db, "--quiet")
    result = run_parley("extract", EXAMPLES, tmp_path / "nothing-here", "--db", db, "--quiet")
    assert result.returncode == 3
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 25
    con.close()


def test_cli_actors_lookup_json(run_parley):
    result = run_parley("actors", "lookup", "el canciller bielorruso", "--lang", "es", "--date", "2014-06-20", "--json")
    [actor] = json.loads(result.stdout)
    assert (actor["country"], actor["sector"], actor["text"], actor["span"]) == ("BLR", "GOV", "canciller bielorruso", [3, 23])


def test_cli_needs_a_destination(run_parley):
    result = run_parley("extract", EXAMPLES)
    assert result.returncode == 2 and "--db" in result.stderr


def test_cli_help_for_every_command(run_parley):
    for command in (["extract"], ["stats"], ["events"], ["actors", "lookup"]):
        result = run_parley(*command, "-h")
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_cli_events_jsonl_from_the_store_matches_extract_output(tmp_path, run_parley):
    db, out = tmp_path / "p.duckdb", tmp_path / "events.jsonl"
    run_parley("extract", EXAMPLES, "--db", db, "--output", out, "--all-events", "--quiet")

    def without_actor_spans(record):
        for side in ("source", "target"):
            if record[side]:
                record[side].pop("span", None)
        return json.dumps(record, sort_keys=True)

    written = {without_actor_spans(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()}
    listed = run_parley("events", "--db", db, "--all", "--format", "jsonl").stdout.splitlines()
    assert written and {without_actor_spans(json.loads(line)) for line in listed} == written
