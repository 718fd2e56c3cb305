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
    # no date at all: one event per dyad and mode
    ([mention("a:0", published=None), mention("b:0", published=None)], [["a:0", "b:0"]]),
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
    text = "Lukashenko met the US envoy in Minsk on Wednesday."
    rows = [{"id": f"copy{i}", "text": text + " " * i, "published": "2025-02-15", "source": f"outlet{i % 2}"}
            for i in range(3)]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run_parley("extract", corpus, EXAMPLES / "en", "--db", db)
    assert result.returncode == 0 and "distinct events" in result.stderr
    dyads = [json.loads(line) for line in run_parley("dyads", "--db", db, "--country", "BLR", "--format", "jsonl",
                                                      "--since", "2025-02-01", "--until", "2025-02-28").stdout.splitlines()]
    consult = [d for d in dyads if d["types"] == "CONSULT" and {d["source"], d["target"]} == {"BLR", "USA"}]
    assert consult and consult[0]["events"] == 1 and consult[0]["mentions"] == 3 and consult[0]["period"] == "2025-02-01"
