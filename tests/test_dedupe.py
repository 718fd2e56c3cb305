"""Dedupe: event mentions merged into events; exact expected groups on planted duplicates."""
from __future__ import annotations

import json
from datetime import date

import pytest

from parley.dedupe import EventMention, merge_events


def mention(event_id, event_type="CONSULT", source="USA", target="BLR", when=None, published=date(2025, 2, 15),
            article=None, outlet=None, mode=None, confidence=0.8):
    return EventMention(event_id, article or event_id.split(":")[0], outlet, event_type, mode, source, target,
                        when, published, confidence)


def groups(mentions):
    return sorted(sorted(m.event_id for m in e.mentions) for e in merge_events(mentions))


def test_same_meeting_in_three_articles_and_two_languages_is_one_event():
    merged = merge_events([
        mention("nyt:0", when=date(2025, 2, 12), outlet="nytimes.com"),
        mention("rfe:3", source="BLR", target="USA", when=date(2025, 2, 12), outlet="rferl.org"),  # reversed: symmetric
        mention("es-copy:1", when=None, published=date(2025, 2, 14), outlet="nytimes.com"),  # a translation, undated
    ])
    assert len(merged) == 1
    [event] = merged
    assert (event.num_mentions, event.num_articles, event.num_sources) == (3, 3, 2)
    assert event.date == date(2025, 2, 12) and event.confidence == pytest.approx(0.992)


@pytest.mark.parametrize("mentions, expected", [
    # different days from the text: two meetings
    ([mention("a:0", when=date(2025, 2, 12)), mention("b:0", when=date(2025, 2, 20))], [["a:0"], ["b:0"]]),
    # directed types keep their direction
    ([mention("a:0", "SANCTION", "EU", "BLR", date(2025, 2, 12)),
      mention("b:0", "SANCTION", "BLR", "EU", date(2025, 2, 12))], [["a:0"], ["b:0"]]),
    # a visit and a phone call the same day are two events; an unknown mode joins either
    ([mention("a:0", mode="visit", when=date(2025, 2, 12)), mention("b:0", mode="phone", when=date(2025, 2, 12)),
      mention("c:0", when=date(2025, 2, 12))], [["a:0", "c:0"], ["b:0"]]),
    # known only by publication date: joins within three days, not beyond
    ([mention("a:0", when=date(2025, 2, 12)), mention("b:0", published=date(2025, 2, 14)),
      mention("c:0", published=date(2025, 3, 1))], [["a:0", "b:0"], ["c:0"]]),
    # other types or dyads never merge
    ([mention("a:0", when=date(2025, 2, 12)), mention("b:0", "AGREE", when=date(2025, 2, 12)),
      mention("c:0", target="RUS", when=date(2025, 2, 12))], [["a:0"], ["b:0"], ["c:0"]]),
    # no date at all: one event per dyad, mode and article; other articles stay apart
    ([mention("a:0", published=None), mention("a:1", published=None), mention("b:0", published=None)],
     [["a:0", "a:1"], ["b:0"]]),
])
def test_merge_groups(mentions, expected):
    assert groups(mentions) == expected


def test_merge_is_linear_in_blocks():
    many = [mention(f"a{i}:0", target=f"C{i % 500:03d}", when=date(2025, 1, 1 + i % 28)) for i in range(20_000)]  # 3500 (dyad, day) pairs
    merged = merge_events(many)
    assert len(merged) == 3500 and sum(e.num_mentions for e in merged) == 20_000


def test_extract_merges_and_dyads_report(tmp_path, run_parley):
    from conftest import EXAMPLES

    db = tmp_path / "p.duckdb"
    corpus = tmp_path / "in.jsonl"
    texts = ["Lukashenko met the US envoy in Minsk on Wednesday.",
             "On Wednesday Lukashenko met the US envoy, his office said.",
             "The US envoy was received in Minsk on Wednesday: Lukashenko met the US envoy for two hours."]
    rows = [{"id": f"report{i}", "text": text, "published": "2025-02-15", "source": f"outlet{i % 2}"}
            for i, text in enumerate(texts)]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_parley("extract", corpus, EXAMPLES / "en", "--db", db)
    assert result.returncode == 0 and "distinct events" in result.stderr
    dyads = [json.loads(line) for line in run_parley("dyads", "--db", db, "--country", "BLR", "--format", "jsonl",
                                                      "--since", "2025-02-01", "--until", "2025-02-28").stdout.splitlines()]
    consult = [d for d in dyads if d["types"] == "CONSULT" and {d["source"], d["target"]} == {"BLR", "USA"}]
    assert consult and consult[0]["events"] == 1 and consult[0]["mentions"] == 3 and consult[0]["period"] == "2025-02-01"


def test_timeline_lists_each_event_once_with_evidence_and_sources(tmp_path, run_parley):
    db, corpus = tmp_path / "p.duckdb", tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-15",
             "source": "nytimes.com"},
            {"id": "b", "text": "Lukashenko met the US envoy in Minsk on Wednesday, officials said.",
             "published": "2025-02-14", "source": "rferl.org"},
            {"id": "c", "text": "On 3 March, the European Union imposed new sanctions on Belarus.",
             "published": "2025-03-04", "source": "euobserver.com"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert run_parley("extract", corpus, "--db", db, "--quiet").returncode == 0
    listed = [json.loads(line) for line in run_parley("timeline", "--db", db, "--country", "BLR",
                                                      "--format", "jsonl").stdout.splitlines()]
    assert [(e["day"], e["event_type"], e["mentions"], e["sources"]) for e in listed] == [
        ("2025-02-12", "CONSULT", 2, "nytimes.com, rferl.org"), ("2025-03-03", "SANCTION", 1, "euobserver.com")]
    assert "Lukashenko met the US envoy" in listed[0]["evidence"]
    only_eu = run_parley("timeline", "--db", db, "--country", "BLR", "--with", "EU", "--format", "jsonl").stdout
    assert [json.loads(line)["event_type"] for line in only_eu.splitlines()] == ["SANCTION"]


def test_an_event_is_filed_under_its_date_or_the_day_it_was_first_reported():
    [dated] = merge_events([mention("a:0", when=date(2025, 2, 12), published=date(2025, 2, 13))])
    [undated] = merge_events([mention("a:0", published=date(2025, 2, 15)), mention("b:0", published=date(2025, 2, 14))])
    [unknown] = merge_events([mention("a:0", published=None)])
    assert (dated.day, undated.day, unknown.day) == (date(2025, 2, 12), date(2025, 2, 14), None)
