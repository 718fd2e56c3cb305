"""Plot: the dyad series behind the chart, and the chart files the CLI writes."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from parley.plot import dyad_series
from parley.store import Store

ARTICLES = [
    ("a", "2025-02-14", "The European Union imposed new sanctions on Belarus on Friday."),
    ("b", "2025-02-20", "Belarus condemned the European Union and accused Brussels of interfering in its affairs."),
    ("c", "2025-04-03", "The European Union and Belarus held talks in Brussels on Thursday."),
    ("d", "2025-04-10", "Belarus and China signed a trade agreement in Beijing on Wednesday."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    import subprocess

    from conftest import parley_bin

    root = tmp_path_factory.mktemp("plot")
    corpus = root / "in.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "published": d, "text": t}) for i, d, t in ARTICLES) + "\n",
                      encoding="utf-8")
    path = root / "p.duckdb"
    assert subprocess.run([parley_bin(), "extract", str(corpus), "--db", str(path), "--quiet"]).returncode == 0
    return path


@pytest.fixture(scope="module")
def goldstein(grammar):
    return {key: coding.goldstein for key, coding in grammar.codings.items()}


def test_dyad_series_per_month_and_direction(db, goldstein):
    series = dyad_series(Store(db, read_only=True), "EU", "BLR")
    assert series.periods == ["2025-02-01", "2025-04-01"]
    assert series.lines["EU → BLR"][0] == goldstein[("SANCTION", None)]
    assert series.lines["BLR → EU"][0] == pytest.approx(goldstein[("ACCUSE", "criticize")]
                                                        if ("ACCUSE", "criticize") in goldstein
                                                        else goldstein[("ACCUSE", None)])
    assert series.quads["material_conflict"] == [1, 0] and series.quads["verbal_conflict"] == [1, 0]
    assert series.events == 3  # the April talks count once, whichever way round


def test_country_series_takes_every_partner(db):
    series = dyad_series(Store(db, read_only=True), "BLR", period="month")
    assert series.events == 4 and series.periods == ["2025-02-01", "2025-04-01"]
    assert set(series.lines) == {"BLR → others", "others → BLR"}


def test_plot_writes_png_svg_and_html(db, tmp_path, run_parley):
    for suffix in ("png", "svg", "html"):
        out = tmp_path / f"chart.{suffix}"
        result = run_parley("plot", "dyad", "EU", "BLR", "--db", db, "--output", out)
        assert result.returncode == 0, result.stderr
        assert "3 events in 2 periods" in result.stderr
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = ET.fromstring((tmp_path / "chart.svg").read_bytes())
    assert svg.tag.endswith("svg") and "EU–BLR" in (tmp_path / "chart.svg").read_text(encoding="utf-8")
    html = (tmp_path / "chart.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<td>2025-04-01</td>" in html and "<script" not in html


def test_svg_is_deterministic(db, tmp_path, run_parley):
    outputs = []
    for name in ("one.svg", "two.svg"):
        run_parley("plot", "country", "BLR", "--db", db, "--output", tmp_path / name)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("args, message", [
    (("dyad", "EU", "BLR", "--output", "chart.jpg"), "chart.jpg: the chart file must end in .png, .svg or .html"),
    (("dyad", "USA", "CHN", "--output", "chart.png"), "no dated events for USA–CHN: nothing to plot"),
    (("country", "BLR", "--output", "chart.png", "--since", "2025-13-01"), "--since"),
])
def test_plot_errors_are_one_line(db, tmp_path, run_parley, args, message):
    result = run_parley("plot", *args, "--db", db, cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]  # usage errors come after click's usage line
    assert message in last and last.startswith(("parley: error:", "Error:"))
