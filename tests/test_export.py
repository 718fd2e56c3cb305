"""Export: GDELT 2.0 rows with the published 61 columns; Parquet and CSV round trips."""
from __future__ import annotations

import csv
import json

import duckdb
import pyarrow.parquet as pq
import pytest

from parley.export import GDELT_COLUMNS

ROWS = [{"id": "a", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-15",
         "url": "https://www.nytimes.com/belarus"},
        {"id": "b", "text": "Lukashenko met the US envoy in Minsk on Wednesday, officials said.",
         "published": "2025-02-14", "url": "https://www.rferl.org/a/1"},
        {"id": "c", "text": "On 3 March, the European Union imposed new sanctions on Belarus.",
         "published": "2025-03-04", "url": "https://euobserver.com/x"}]


@pytest.fixture
def db(tmp_path_factory, run_parley):
    folder = tmp_path_factory.mktemp("export")
    corpus, path = folder / "in.jsonl", folder / "p.duckdb"
    corpus.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    assert run_parley("extract", corpus, "--db", path, "--quiet").returncode == 0
    return path


def test_gdelt_columns_are_the_published_list():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:34] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_export_gdelt(db, tmp_path, run_parley):
    out = tmp_path / "events.tsv"
    assert run_parley("export", "--db", db, "--format", "gdelt", "--output", out).returncode == 0
    with out.open(encoding="utf-8") as lines:
        rows = [dict(zip(GDELT_COLUMNS, r)) for r in csv.reader(lines, delimiter="\t")]
    assert all(len(r) == 61 for r in rows)
    meeting = next(r for r in rows if r["EventRootCode"] == "04")
    assert (meeting["SQLDATE"], meeting["NumMentions"], meeting["NumArticles"], meeting["QuadClass"]) == \
        ("20250212", "2", "2", "1")
    assert {meeting["Actor1CountryCode"], meeting["Actor2CountryCode"]} == {"BLR", "USA"}
    assert meeting["ActionGeo_CountryCode"] == "BLR" and meeting["SOURCEURL"].startswith("https://")
    sanction = next(r for r in rows if r["EventRootCode"] == "16")
    assert (sanction["Actor1Code"], sanction["Actor1KnownGroupCode"], sanction["Actor2CountryCode"]) == ("EU", "EU", "BLR")


def test_export_parquet_round_trips_through_duckdb_and_pyarrow(db, tmp_path, run_parley):
    out = tmp_path / "events.parquet"
    assert run_parley("export", "--db", db, "--format", "parquet", "--output", out).returncode == 0
    table = pq.read_table(out)
    assert table.num_rows == 2 and {"merged_id", "num_mentions", "evidence"} <= set(table.column_names)
    assert sorted(duckdb.sql(f"SELECT event_type, num_mentions FROM '{out}'").fetchall()) == \
        [("CONSULT", 2), ("SANCTION", 1)]


def test_export_csv_has_a_header(db, tmp_path, run_parley):
    out = tmp_path / "events.csv"
    assert run_parley("export", "--db", db, "--format", "csv", "--output", out).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 and rows[0]["day"] == "2025-02-12"
    assert sorted(r["event_ids"] for r in rows) == ["a:0;b:0", "c:0"]


def test_export_plover_json_lines_carry_actors_and_mentions(db, tmp_path, run_parley):
    out = tmp_path / "events.jsonl"
    result = run_parley("export", "--db", db, "--format", "plover", "--output", out)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    meeting = next(r for r in records if r["event_type"] == "CONSULT")
    assert meeting["event_date"] == "2025-02-12" and meeting["quad_class"] == 1 and meeting["cameo"].startswith("04")
    assert {meeting["actor"]["country"], meeting["recipient"]["country"]} == {"BLR", "USA"}
    assert [(m["article_id"], m["published"], m["lang"]) for m in meeting["mentions"]] == [
        ("a", "2025-02-15", "en"), ("b", "2025-02-14", "en")]
    assert all(m["trigger"] in m["sentence"] and m["span_start"] < m["span_end"] for m in meeting["mentions"])
    sanction = next(r for r in records if r["event_type"] == "SANCTION")
    assert sanction["actor"]["country"] == "EU" and sanction["recipient"]["country"] == "BLR"
    assert sanction["num_mentions"] == 1 and sanction["mentions"][0]["url"] == "https://euobserver.com/x"


def test_export_parquet_keeps_mentions_as_structs(db, tmp_path, run_parley):
    out = tmp_path / "events.parquet"
    assert run_parley("export", "--db", db, "--format", "parquet", "--output", out).returncode == 0
    rows = duckdb.sql(f"SELECT event_type, len(mentions), mentions[1].article_id FROM '{out}' ORDER BY 1").fetchall()
    assert rows == [("CONSULT", 2, "a"), ("SANCTION", 1, "c")]
