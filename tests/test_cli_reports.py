"""The reading commands at 80 columns, and what they say of undated events."""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from conftest import ACTORS_CORPUS, coded_store

# Three articles: one dated event, two events with no date of their own and no publication date.
UNDATED_CORPUS = [
    {"id": "a", "published": "2025-03-04", "text": "The European Union imposed new sanctions on Belarus."},
    {"id": "b", "text": "Belarus accused Poland of provoking tensions on the border."},
    {"id": "c", "text": "Lukashenko met the Chinese ambassador in Minsk."},
]


@pytest.fixture(scope="module")
def undated_db(tmp_path_factory):
    return coded_store(tmp_path_factory, "undated", UNDATED_CORPUS)


@pytest.fixture
def at_80(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


def ok(result):
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("args", [
    ["events", "--all"], ["events", "--country", "BLR"], ["groups"], ["dyads"], ["dyads", "--by", "year"],
    ["timeline", "--country", "BLR"], ["stats"],
])
def test_cli_output_fits_80_columns_and_cuts_no_date(demo_store, run_parley, at_80, args):
    result = ok(run_parley(*args, "--db", demo_store))
    lines = result.stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert not re.search(r"(?<![\d-])\d{4}-\d{2}(-\d?)?(?![\d-])", result.stdout)  # no date broken off
    assert "…" not in result.stdout


def test_cli_events_all_shows_factuality_whole(demo_store, run_parley, at_80):
    table = ok(run_parley("events", "--all", "--db", demo_store)).stdout.splitlines()
    assert table[0].split() == ["date", "event", "dyad", "factuality", "trigger", "doc"]
    # "Washington said it would consider easing sanctions ... if more prisoners were freed"
    [row] = [line for line in table if "hypothetical" in line and line.startswith("2025-04-16")]
    assert row.split()[:4] == ["2025-04-16", "CONCEDE", "USA->BLR", "hypothetical"]
    counted = ok(run_parley("events", "--db", demo_store)).stdout.splitlines()
    assert counted[0].split() == ["date", "event", "dyad", "trigger", "doc"]
    assert not any("hypothetical" in line for line in counted)


def test_cli_stats_shows_distinct_events_beside_mentions(demo_store, run_parley, at_80):
    con = duckdb.connect(str(demo_store), read_only=True)
    distinct, undated = con.execute("SELECT count(*), count(*) FILTER (WHERE day IS NULL) FROM merged_events").fetchone()
    mentions, others = con.execute("SELECT count(*) FILTER (WHERE counted), count(*) FILTER (WHERE NOT counted) "
                                   "FROM events").fetchone()
    con.close()
    text = " ".join(ok(run_parley("stats", "--db", demo_store)).stdout.split())
    assert text.startswith("25 articles, 82 sentences, 1 group of near-duplicate articles events: ")
    assert f"{distinct} distinct events ({undated} undated) from {mentions} mentions; {others} more mentions planned" in text
    figures = json.loads(ok(run_parley("stats", "--db", demo_store, "--json")).stdout)
    assert (figures["distinct_events"], figures["undated_events"], figures["article_groups"]) == (distinct, undated, 1)


def test_cli_singular_and_plural(demo_store, undated_db, run_parley):
    assert ok(run_parley("groups", "--db", demo_store)).stderr == "1 group, 2 articles\n"
    assert ok(run_parley("dyads", "--db", undated_db)).stderr.startswith("1 event in 1 month; ")
    timeline = ok(run_parley("timeline", "--db", undated_db, "--country", "EU")).stdout
    assert "[1 mention, 1 source: a; en]" in timeline


def test_cli_counts_say_how_many_events_are_undated(undated_db, run_parley):
    def stderr(*args):
        return ok(run_parley(*args, "--db", undated_db)).stderr

    assert stderr("dyads") == "1 event in 1 month; 2 undated events left out (no day to place them in a period)\n"
    assert stderr("timeline", "--country", "Belarus") == "3 events, 2 undated (listed last)\n"
    assert stderr("timeline", "--country", "BLR", "--since", "2025-01-01") == \
        "1 event; 2 undated events left out by --since/--until\n"
    assert stderr("events", "--until", "2025-12-31") == "1 event; 2 undated events left out by --since/--until\n"
    assert stderr("events") == "3 events, 2 undated (listed last)\n"
    listed = ok(run_parley("events", "--db", undated_db)).stdout.splitlines()
    assert [line.split()[0] for line in listed[1:]] == ["2025-03-04", "undated", "undated"]
    stats = json.loads(ok(run_parley("stats", "--db", undated_db, "--json")).stdout)
    assert (stats["distinct_events"], stats["undated_events"]) == (3, 2)


def test_cli_charts_and_digest_note_undated_events(undated_db, run_parley, tmp_path):
    chart = tmp_path / "blr.svg"
    result = ok(run_parley("plot", "country", "BLR", "--db", undated_db, "--output", chart))
    assert result.stderr == f"wrote {chart}: 1 event in 1 period; 2 undated events left out (noted on the chart)\n"
    assert "2 undated events not shown" in chart.read_text(encoding="utf-8")
    page = tmp_path / "blr.html"
    ok(run_parley("plot", "country", "BLR", "--db", undated_db, "--output", page))
    assert "<p>2 undated events not shown</p>" in page.read_text(encoding="utf-8")
    nothing = run_parley("plot", "dyad", "BLR", "POL", "--db", undated_db, "--output", tmp_path / "x.png")
    assert nothing.returncode == 1
    assert nothing.stderr == "parley: error: no dated events for BLR–POL (1 undated): nothing to plot\n"
    digest = ok(run_parley("digest", "--db", undated_db, "--country", "BLR")).stdout
    assert "3 distinct events from 3 mentions in 3 articles · 3 partners · 2 of them undated (listed, not charted)" \
        in digest
    assert digest.count("- undated — ") == 2
    period = ok(run_parley("digest", "--db", undated_db, "--country", "BLR", "--since", "2025-01-01")).stdout
    assert "· 2 undated left out (no day to compare with the period)\n" in period


def test_cli_region_digest_leaves_out_an_undated_event_of_two_of_its_countries_once(undated_db, run_parley):
    # undated: Belarus accused Poland (both in the region), Lukashenko met China's ambassador
    region = ok(run_parley("digest", "--db", undated_db, "--country", "BLR", "--country", "POL",
                           "--since", "2025-01-01")).stdout
    assert "· 2 undated left out (no day to compare with the period)\n" in region
    poland = ok(run_parley("digest", "--db", undated_db, "--country", "POL", "--since", "2025-01-01")).stdout
    assert "· 1 undated left out (no day to compare with the period)\n" in poland


def test_undated_events_of_several_filters_counts_each_event_once(undated_db):
    from parley.report import EventFilters, undated_events
    from parley.store import Store

    store = Store(str(undated_db), read_only=True)
    region = [EventFilters(country="BLR"), EventFilters(country="POL")]
    assert [undated_events(store, f) for f in region] == [2, 1]
    assert undated_events(store, region) == 2
    assert undated_events(store, [EventFilters(country="POL"), EventFilters(country="CHN")]) == 2
    assert undated_events(store, []) == 0


SECTOR_CORPUS = [
    {"id": "opp", "text": "Belarusian opposition leader Sviatlana Tsikhanouskaya thanked the United States for its support."},
    {"id": "gov", "text": "The Belarusian government thanked China for its support."},
]


@pytest.fixture(scope="module")
def sector_db(tmp_path_factory):
    return coded_store(tmp_path_factory, "sectors", SECTOR_CORPUS)


def _docs(result) -> set[str]:
    return {json.loads(line)["doc_id"] for line in ok(result).stdout.splitlines()}


def test_cli_events_by_sector_and_actor(sector_db, run_parley):
    """Who acted, not only which country: the opposition's thanks are not the government's."""
    assert _docs(run_parley("events", "--db", sector_db, "--format", "jsonl", "--country", "Belarus")) == {"opp", "gov"}
    assert _docs(run_parley("events", "--db", sector_db, "--format", "jsonl", "--country", "BLR",
                            "--sector", "opp")) == {"opp"}
    assert _docs(run_parley("events", "--db", sector_db, "--format", "jsonl", "--country", "BLR",
                            "--sector", "GOV")) == {"gov"}
    assert _docs(run_parley("events", "--db", sector_db, "--format", "jsonl", "--actor", "tsikhan")) == {"opp"}
    assert _docs(run_parley("events", "--db", sector_db, "--format", "jsonl", "--actor", "50%_")) == set()
    bad = run_parley("events", "--db", sector_db, "--sector", "XYZ")
    assert bad.returncode == 2 and "XYZ" in bad.stderr and "Traceback" not in bad.stderr


# Who acted, dated: the opposition and the government of Belarus face to face (a, d), the
# police acting on the opposition (b), the opposition and the government each with a partner (c, e):
# the API's and dashboard's store, and the government with China.
WHO_CORPUS = [
    *ACTORS_CORPUS,
    {"id": "e", "published": "2025-04-10", "text": "The Belarusian government thanked China for its support."},
]


@pytest.fixture(scope="module")
def who_db(tmp_path_factory):
    return str(coded_store(tmp_path_factory, "who", WHO_CORPUS))


def invoke(*args):
    """`parley ARGS` in this process (the code under test, not an installed parley)."""
    from click.testing import CliRunner

    from parley.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def _csv_rows(result, *columns):
    import csv
    import io

    return [tuple(row[c] for c in columns) for row in csv.DictReader(io.StringIO(result.stdout))]


def test_cli_dyads_of_a_sector_name_its_side(who_db):
    rows = _csv_rows(invoke("dyads", "--db", who_db, "--country", "BLR", "--sector", "opp", "--format", "csv"),
                     "period", "source", "target", "events", "types")
    assert rows == [("2025-03-01", "BLR", "BLR-OPP", "1", "COERCE"), ("2025-03-01", "BLR-OPP", "BLR", "1", "ACCUSE"),
                    ("2025-04-01", "BLR-OPP", "BLR", "1", "ACCUSE"), ("2025-04-01", "BLR-OPP", "USA", "1", "SUPPORT")]
    government = _csv_rows(invoke("dyads", "--db", who_db, "--country", "BLR", "--sector", "GOV", "--format", "csv"),
                           "source", "target", "types")
    assert ("BLR-GOV", "CHN", "SUPPORT") in government and ("BLR-OPP", "USA", "SUPPORT") not in government


def test_cli_dyads_of_two_sectors_of_one_country(who_db):
    args = ("dyads", "--db", who_db, "--country", "BLR", "--sector", "GOV", "--with", "Belarus", "--with-sector", "OPP")
    rows = _csv_rows(invoke(*args, "--format", "csv"), "period", "source", "target", "events", "goldstein_mean")
    assert rows == [("2025-03-01", "BLR-OPP", "BLR-GOV", "1", "-2.0"), ("2025-04-01", "BLR-OPP", "BLR-GOV", "1", "-2.0")]
    table = invoke(*args).stdout.splitlines()  # at 80 columns, no code cut: the dyad on two lines
    assert all(len(line) <= 80 for line in table)
    assert table[2].split()[:3] == ["2025-03-01", "BLR-OPP->", "1"] and table[3].split() == ["BLR-GOV"]


def test_cli_timeline_by_sector_and_actor(who_db):
    def days(*args):
        return [line.split()[0] for line in invoke("timeline", "--db", who_db, "--country", "BLR", *args)
                .stdout.splitlines() if line[:1].isdigit()]

    assert days() == ["2025-03-03", "2025-03-05", "2025-04-02", "2025-04-09", "2025-04-10"]
    assert days("--sector", "OPP") == ["2025-03-03", "2025-03-05", "2025-04-02", "2025-04-09"]
    assert days("--sector", "COP") == ["2025-03-05"]
    assert days("--actor", "tsikhanouskaya") == ["2025-03-03", "2025-04-09"]
    assert days("--with", "USA", "--sector", "OPP") == ["2025-04-02"]
    assert days("--with", "USA", "--sector", "GOV") == []


def test_cli_timeline_names_a_side_that_is_not_the_government(who_db):
    rows = [line.split()[:3] for line in invoke("timeline", "--db", who_db, "--country", "BLR").stdout.splitlines()
            if line[:1].isdigit()]
    assert rows == [["2025-03-03", "ACCUSE/criticize", "BLR-OPP->BLR"],
                    ["2025-03-05", "COERCE/arrest", "BLR-COP->BLR-OPP"],
                    ["2025-04-02", "SUPPORT/praise", "BLR-OPP->USA"],
                    ["2025-04-09", "ACCUSE/criticize", "BLR-OPP->BLR"],
                    ["2025-04-10", "SUPPORT/praise", "BLR->CHN"]]  # the government: the country alone
    listed = _csv_rows(invoke("timeline", "--db", who_db, "--country", "BLR", "--sector", "OPP", "--format", "csv"),
                       "day", "source", "target")
    assert listed == [("2025-03-03", "BLR-OPP", "BLR"), ("2025-03-05", "BLR-COP", "BLR-OPP"),
                      ("2025-04-02", "BLR-OPP", "USA"), ("2025-04-09", "BLR-OPP", "BLR")]


def test_cli_who_options_are_checked_and_documented(who_db):
    from click.testing import CliRunner

    from parley.cli import cli

    bad = CliRunner().invoke(cli, ["timeline", "--db", who_db, "--country", "BLR", "--with-sector", "XYZ"])
    assert bad.exit_code == 2 and "'XYZ' is not one of" in bad.output
    lonely = CliRunner().invoke(cli, ["dyads", "--db", who_db, "--with", "USA"])
    assert lonely.exit_code == 2 and "--with needs --country" in lonely.output
    for command, options in (("dyads", ("--sector", "--with-sector", "--actor", "--with")),
                             ("timeline", ("--sector", "--with-sector", "--actor")),
                             ("digest", ("--sector", "--actor", "comma list"))):
        text = CliRunner().invoke(cli, [command, "--help"]).output
        assert all(option in text for option in options), command


def test_cli_digest_of_a_sector_and_of_an_actor(who_db):
    opposition = invoke("digest", "--db", who_db, "--country", "Belarus", "--sector", "opp").stdout
    assert opposition.startswith("# Belarusian opposition: foreign relations digest\n\nall dates · 4 distinct events")
    assert "- 03 Mar 2025 — Belarusian opposition (Sviatlana Tsikhanouskaya) criticised Belarus [1 source]" in opposition
    assert "- 05 Mar 2025 — Belarusian police detained people of Belarusian opposition [1 source]" in opposition
    assert "China" not in opposition
    person = invoke("digest", "--db", who_db, "--country", "BLR", "--actor", "Tsikhanouskaya", "--since", "2025-04-01",
                    "--until", "2025-04-30").stdout
    # April against the 30 days before it (2 to 31 March): one accusation then, one now
    assert "## What changed against the previous 30 days (2025-03-02 to 2025-03-31)\n" \
           "- **Belarus**: 1 event (was 1, ±0); mean Goldstein -2.0 (was -2.0: unchanged)\n" in person
    assert "## New partners (none in the previous period)\n\nnone\n" in person
