"""Digest: one country's relations in prose, traceable to event records, md and html."""
from __future__ import annotations

import json

import pytest

ROWS = [{"id": "a", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-15",
         "url": "https://www.nytimes.com/belarus", "source": "nytimes.com"},
        {"id": "b", "text": "Lukashenko met the US envoy in Minsk on Wednesday, officials said.",
         "published": "2025-02-14", "url": "https://www.rferl.org/a/1", "source": "rferl.org"},
        {"id": "c", "text": "On 3 March, the European Union imposed new sanctions on Belarus.",
         "published": "2025-03-04", "url": "https://euobserver.com/x", "source": "euobserver.com"},
        {"id": "d", "text": "On 2 January, Russia and Belarus signed an agreement on <b>gas</b> prices.",
         "published": "2025-01-03", "source": "tass.ru"}]


@pytest.fixture
def db(tmp_path, run_parley):
    corpus, path = tmp_path / "in.jsonl", tmp_path / "p.duckdb"
    corpus.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    assert run_parley("extract", corpus, "--db", path, "--quiet").returncode == 0
    return path


def test_digest_markdown(db, run_parley):
    result = run_parley("digest", "--db", db, "--country", "BLR", "--since", "2025-02-01")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Belarus: foreign relations digest\n")
    assert "since 2025-02-01 · 2 distinct events from 3 mentions in 3 articles · 2 partners" in text
    assert ("- 12 Feb 2025 — Alexander Lukashenko (Belarus) met United States [2 sources] "
            "([evidence](https://www.nytimes.com/belarus)") in text or \
           ("- 12 Feb 2025 — United States met Alexander Lukashenko (Belarus) [2 sources]") in text
    assert "- 03 Mar 2025 — European Union imposed sanctions on Belarus [1 source]" in text
    assert "Russia" not in text  # January is before --since


def test_digest_is_deterministic_and_html_escapes(db, run_parley, tmp_path):
    out = tmp_path / "blr.html"
    assert run_parley("digest", "--db", db, "--country", "BLR", "--format", "html", "-o", out).returncode == 0
    first = out.read_text(encoding="utf-8")
    assert run_parley("digest", "--db", db, "--country", "BLR", "--format", "html", "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == first
    assert first.startswith("<!doctype html>") and "<h2>Russia</h2>" in first
    assert "&lt;b&gt;gas&lt;/b&gt;" in first and "<b>gas</b>" not in first


def test_digest_bad_country_format_is_one_line(db, run_parley):
    result = run_parley("digest", "--db", db, "--country", "BLR", "--format", "pdf")
    assert result.returncode == 2 and "Traceback" not in result.stderr
