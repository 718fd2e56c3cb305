"""Report: one query (`event_details`) behind the export, the digest and the timeline."""
from __future__ import annotations

import csv
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from parley.digest import digest
from parley.report import EventFilters, event_details, event_page, event_pages, timeline_rows
from parley.store import Store

from conftest import parley_bin

# Two reports of one meeting, equally confident: the first (by event id) has no URL.
ROWS = [{"id": "a", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-14"},
        {"id": "b", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-15",
         "url": "https://www.rferl.org/a/1", "source": "RFE/RL"},
        {"id": "c", "text": "The European Union imposed new sanctions on Belarus.", "published": "2025-03-04",
         "url": "https://euobserver.com/x"}]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    corpus, path = folder / "in.jsonl", folder / "p.duckdb"
    corpus.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    done = subprocess.run([parley_bin(), "extract", str(corpus), "--db", str(path), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return Store(path, read_only=True)


def details(store, **filters):
    columns, rows = event_details(store, EventFilters(**filters))
    return [dict(zip(columns, row)) for row in rows]


def test_the_meeting_is_one_event_with_both_reports(store):
    [meeting] = details(store, event_type="CONSULT")
    assert meeting["num_mentions"] == 2 and [m["article_id"] for m in meeting["mentions"]] == ["a", "b"]
    assert meeting["sources"] == "RFE/RL, a" and meeting["langs"] == "en" and meeting["stories"] == ["a", "b"]


def test_best_mention_ties_go_to_the_first_event_id_and_url_skips_mentions_without_one(store):
    [meeting] = details(store, event_type="CONSULT")
    assert meeting["article_id"] == "a" and meeting["evidence_url"] is None  # the evidence's own article
    assert meeting["url"] == "https://www.rferl.org/a/1"  # the best mention that has a URL (GDELT's SOURCEURL)


def test_an_undated_event_is_filed_under_its_first_report(store):
    [meeting] = details(store, event_type="CONSULT")
    # "on Wednesday" resolves against each article's date; failing that, the first publication day
    assert meeting["day"] in (date(2025, 2, 12), date(2025, 2, 14))
    [sanction] = details(store, event_type="SANCTION")
    assert sanction["day"] == date(2025, 3, 4)
    assert details(store, event_type="SANCTION", since=date(2025, 3, 5)) == []
    assert [r["event_type"] for r in details(store, since=date(2025, 3, 1), until=date(2025, 3, 31))] == ["SANCTION"]


def test_timeline_digest_and_export_tell_the_same_story(store, tmp_path):
    from parley.export import export_events

    [meeting] = details(store, event_type="CONSULT")
    _, timeline = timeline_rows(store, country="BLR", partner="USA")
    assert [(row[0], row[1], row[9]) for row in timeline] == [(meeting["day"], "CONSULT", meeting["evidence"])]
    text = digest(store, "BLR", fmt="md")
    # no URL: the digest links to the article's line in the file it was read from
    corpus = Path(store.path).with_name("in.jsonl").resolve().as_uri()
    assert f"([evidence]({corpus}#line=0,1): “{meeting['evidence']}”)" in text
    export_events(store, "csv", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8") as f:
        exported = {row["merged_id"]: row for row in csv.DictReader(f)}
    row = exported[meeting["merged_id"]]
    assert (row["evidence"], row["url"], row["event_ids"]) == (meeting["evidence"], meeting["url"], "a:0;b:0")
    assert row["stories"] == "a;b" and row["day"] == meeting["day"].isoformat()


def test_partner_filter_is_either_side(store):
    assert [r["event_type"] for r in details(store, country="BLR", partner="EU")] == ["SANCTION"]
    assert details(store, country="USA", partner="EU") == []


def test_event_details_break_ties_in_sort_order_not_by_chance():
    from parley.report import _most_common, _most_common_values

    assert _most_common(["Vladímir Putin", "Vladimir Putin"]) == "Vladimir Putin"  # a tie: the first in order
    assert _most_common(["B", "A", "B", None]) == "B" and _most_common(None) is None
    columns = ["source_sector", "source_name", "target_sector", "target_name", "location_text", "location_country"]
    row = (["GOV"], ["Vladímir Putin", "Vladimir Putin"], None, [None], ["Minsk", "Минске", None], ["BLR", "BLR", "RUS"])
    assert _most_common_values(columns, row) == ("GOV", "Vladimir Putin", None, None, "Minsk", "BLR")


@pytest.mark.parametrize("limit", [None, 13])
def test_event_pages_read_a_selection_a_page_at_a_time(demo_store, limit):
    demo = Store(demo_store, read_only=True)
    whole = event_page(demo, EventFilters(), limit=500, sort="date")["events"]
    pages = list(event_pages(demo, EventFilters(), limit=limit, sort="date", page_size=5))
    assert all(len(page) <= 5 for page in pages) and len(pages) == -(-len(whole[:limit]) // 5)
    assert [e["merged_id"] for page in pages for e in page] == [e["merged_id"] for e in whole[:limit]]
