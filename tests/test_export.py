"""Export: GDELT 2.0 rows with the published 61 columns; Parquet and CSV round trips."""
from __future__ import annotations

import csv
import json
import re

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
    assert meeting["ActionGeo_CountryCode"] == "BO" and meeting["SOURCEURL"].startswith("https://")  # FIPS 10-4
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


# The GDELT 2.0 event table's column types, as its codebook documents them (GDELT-Event_Codebook-V2.0):
# ids and dates are integers (DATEADDED is YYYYMMDDHHMMSS), FractionDate, GoldsteinScale, AvgTone and
# the coordinates floating point, FeatureID a string, like every code.
GDELT_TYPES = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER", "Year": "INTEGER",
               "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER", "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE",
               "NumMentions": "INTEGER", "NumSources": "INTEGER", "NumArticles": "INTEGER", "AvgTone": "DOUBLE",
               **{f"{g}_{c}": t for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
                  for c, t in (("Type", "INTEGER"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"))},
               "DATEADDED": "BIGINT"}
# FIPS 10-4 codes (not ISO) of the countries where the demo's events take place.
FIPS = {"BLR": "BO", "RUS": "RS", "CUB": "CU", "LTU": "LH", "UKR": "UP", "VEN": "VE", "DEU": "GM"}


def expected_event_id(merged_id: str) -> int:
    """2**52 plus the low 52 bits of the first 8 bytes of the SHA-256 of the event's id (README)."""
    import hashlib

    return 2 ** 52 | (int.from_bytes(hashlib.sha256(merged_id.encode()).digest()[:8], "big") % 2 ** 52)


@pytest.fixture(scope="module")
def gdelt_export(demo_store, tmp_path_factory):
    import subprocess

    from conftest import parley_bin

    out = tmp_path_factory.mktemp("gdelt")
    for name in ("one.tsv", "two.tsv"):
        subprocess.run([parley_bin(), "export", "--db", str(demo_store), "--format", "gdelt", "--output",
                        str(out / name)], check=True, cwd=out)  # paths stored absolute (EXAMPLES is)
    con = duckdb.connect()
    columns = {c: GDELT_TYPES.get(c, "VARCHAR") for c in GDELT_COLUMNS}
    table = con.execute("SELECT * FROM read_csv(?, delim='\t', header=false, quote='', escape='', columns=?, "
                        "auto_detect=false)", [str(out / "one.tsv"), columns])
    names = [d[0] for d in table.description]
    rows = [dict(zip(names, row)) for row in table.fetchall()]
    return out, rows


def test_export_gdelt_loads_with_gdelt_column_types(demo_store, gdelt_export):
    out, rows = gdelt_export
    with duckdb.connect(str(demo_store), read_only=True) as store:
        merged = dict(store.execute("SELECT merged_id, day FROM merged_events").fetchall())
    assert len(rows) == len(merged) > 60  # every distinct event of the example corpus, once
    by_id = {r["GLOBALEVENTID"]: r for r in rows}
    assert set(by_id) == {expected_event_id(m) for m in merged}  # stable: derived from the event, not a counter
    assert (out / "one.tsv").read_bytes() == (out / "two.tsv").read_bytes()
    for merged_id, day in merged.items():
        row = by_id[expected_event_id(merged_id)]
        assert row["SQLDATE"] == (int(day.strftime("%Y%m%d")) if day else None)
        assert row["Year"] == (day.year if day else None)
    assert all(r["IsRootEvent"] == 1 and r["QuadClass"] in (1, 2, 3, 4) and -10 <= r["GoldsteinScale"] <= 10
               and r["NumMentions"] >= r["NumArticles"] >= 1 and r["AvgTone"] == 0 for r in rows)
    assert all(len(r["EventCode"]) >= 3 and r["EventCode"].startswith(r["EventRootCode"]) for r in rows)


def test_export_gdelt_geography_is_fips_with_geonames_points(gdelt_export):
    _, rows = gdelt_export
    placed = [r for r in rows if r["ActionGeo_Type"] != 0]
    assert placed and {r["ActionGeo_CountryCode"] for r in placed} <= set(FIPS.values())
    assert {r["Actor1CountryCode"] for r in rows} >= {"BLR", "USA", "RUS"}  # actors keep ISO-3
    cities = {r["ActionGeo_FullName"]: r for r in placed if r["ActionGeo_Type"] == 4}
    sochi, minsk = cities["Sochi, Russia"], cities["Minsk, Belarus"]
    assert (sochi["ActionGeo_CountryCode"], sochi["ActionGeo_FeatureID"]) == ("RS", "491422")  # GeoNames ids
    assert (minsk["ActionGeo_CountryCode"], minsk["ActionGeo_FeatureID"]) == ("BO", "625144")
    assert sochi["ActionGeo_Lat"] == pytest.approx(43.60, abs=0.01) and sochi["ActionGeo_Long"] == pytest.approx(39.73, abs=0.01)
    assert minsk["ActionGeo_Lat"] == pytest.approx(53.90, abs=0.01) and minsk["ActionGeo_Long"] == pytest.approx(27.57, abs=0.01)
    countries = [r for r in placed if r["ActionGeo_Type"] == 1]
    assert {(r["ActionGeo_FullName"], r["ActionGeo_CountryCode"], r["ActionGeo_FeatureID"]) for r in countries} >= \
        {("Belarus", "BO", "BO"), ("Ukraine", "UP", "UP")}
    assert all(r["ActionGeo_Lat"] is None for r in countries)  # no centroid is invented
    # "в Минске", "en Moscú": the full name is in Latin script
    assert all(re.fullmatch(r"[A-Za-z ,.'’()-]+", r["ActionGeo_FullName"]) for r in placed)
    assert {"Moscow, Russia", "Havana, Cuba", "Vilnius, Lithuania"} <= set(cities)


def test_export_gdelt_dateadded_and_sourceurl(demo_store, gdelt_export):
    from datetime import timezone

    from conftest import EXAMPLES

    _, rows = gdelt_export
    with duckdb.connect(str(demo_store), read_only=True) as store:
        first_stored = dict(store.execute(
            "SELECT l.merged_id, min(a.coded_at) FROM event_links l JOIN events e ON e.event_id = l.event_id "
            "JOIN articles a ON a.id = e.article_id GROUP BY 1").fetchall())
        ids = {a for (a,) in store.execute("SELECT id FROM articles").fetchall()}
    for merged_id, stored in first_stored.items():
        row = next(r for r in rows if r["GLOBALEVENTID"] == expected_event_id(merged_id))
        assert row["DATEADDED"] == int(stored.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S"))
    urls = [r["SOURCEURL"] for r in rows]
    assert all(u.startswith(("https://", "file:///")) and u not in ids for u in urls)
    assert (EXAMPLES / "en" / "tanker.txt").as_uri() in urls
    # a JSONL record without a URL: its file and line (RFC 5147: "line=1,2" is the second line)
    assert (EXAMPLES / "demo.jsonl").as_uri() + "#line=1,2" in urls


@pytest.fixture(scope="module")
def gazetteer():
    from parley.places import Gazetteer

    return Gazetteer()


@pytest.mark.parametrize("text, country, kind, full_name, fips", [
    ("Минске", "BLR", 4, "Minsk, Belarus", "BO"),          # a Russian case form, written in Latin script
    ("Moscú", "RUS", 4, "Moscow, Russia", "RS"),
    ("Belarus", "BLR", 1, "Belarus", "BO"),                 # a country named as such
    ("Bielorrusia", "BLR", 1, "Belarus", "BO"),
    ("Kremlin", "RUS", 1, "Russia", "RS"),                  # no city of that name: the country
    ("New York", "USA", 3, "New York City, United States", "US"),  # a US city is GDELT's type 3
    ("Brussels", "EU", 4, "Brussels, Belgium", "BE"),       # an organisation's seat is a city somewhere
])
def test_export_gazetteer_places_a_stored_location(gazetteer, text, country, kind, full_name, fips):
    geo = gazetteer.locate(text, country)
    assert (geo.kind, geo.full_name, geo.fips) == (kind, full_name, fips)
    assert (geo.latitude is None) == (kind == 1) and (geo.feature_id.isdigit()) == (kind != 1)


def test_export_gazetteer_knows_no_place_of_an_organisation_alone(gazetteer):
    assert gazetteer.locate(None, "EU") is None and gazetteer.locate("Narnia", None) is None
