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


def _svg(series, lang="en"):
    from parley.plot import render

    return ET.fromstring(render(series, "svg", lang))


def _paths_stroked(svg, colour):
    """The `d` of every unfilled path drawn in `colour` (a chart's lines)."""
    return [p.get("d") for p in svg.iter("{http://www.w3.org/2000/svg}path")
            if f"stroke: {colour}" in (p.get("style") or "") and "fill: none" in (p.get("style") or "")]


def test_plot_line_is_broken_over_an_empty_month(db):
    series = dyad_series(Store(db, read_only=True), "EU", "BLR")  # February and April, nothing in March
    assert series.periods == ["2025-02-01", "2025-04-01"] and list(series.lines)[1] == "BLR → EU"
    assert None not in series.lines["BLR → EU"]  # a point in February and one in April
    line = _paths_stroked(_svg(series), "#e8590c")  # the second direction's colour
    assert len(line) == 2 and "L" in line[1]  # the line, then its sample in the legend
    assert line[0].count("M") == 2 and "L" not in line[0]  # two points, not joined across March


def test_plot_every_period_keeps_the_empty_ones():
    from parley.plot import every_period

    assert every_period(["2024-11-01", "2025-02-01"], "month") == ["2024-11-01", "2024-12-01", "2025-01-01",
                                                                   "2025-02-01"]
    assert every_period(["2025-03-03", "2025-03-17"], "week") == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert every_period(["2023-01-01", "2025-01-01"], "year") == ["2023-01-01", "2024-01-01", "2025-01-01"]
    assert every_period([], "month") == []


def test_plot_counts_events_by_type_in_the_ontology_colours(db):
    series = dyad_series(Store(db, read_only=True), "EU", "BLR")
    assert series.types == {"CONSULT": [0, 1], "ACCUSE": [1, 0], "SANCTION": [1, 0]}  # PLOVER order
    svg = _svg(series)
    fills = {p.get("style").split("fill: ")[1].split(";")[0] for p in svg.iter("{http://www.w3.org/2000/svg}path")
             if "fill: #" in (p.get("style") or "")}
    assert {"#645472", "#573b00", "#00acc6"} <= fills  # CONSULT, ACCUSE, SANCTION in plover.tsv
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"CONSULT", "ACCUSE", "SANCTION", "Goldstein mean", "events"} <= texts
    assert not {"verbal cooperation", "material conflict"} & texts


@pytest.mark.parametrize("lang, words", [
    ("en", {"Goldstein mean", "events", "BLR and all partners: cooperation (+) and conflict (−)",
            "BLR → others", "others → BLR", "2 undated events not shown"}),
    ("es", {"media de Goldstein", "eventos", "BLR y todas sus contrapartes: cooperación (+) y conflicto (−)",
            "BLR → otros", "otros → BLR", "2 eventos sin fecha no mostrados"}),
    ("ru", {"среднее по шкале Голдстейна", "события", "BLR и все партнёры: сотрудничество (+) и конфликт (−)",
            "BLR → другие", "другие → BLR", "не показаны события без даты: 2"}),
])
def test_plot_words_in_the_chart_language(db, lang, words):
    series = dyad_series(Store(db, read_only=True), "BLR")
    series.undated = 2
    texts = {t.text for t in _svg(series, lang).iter("{http://www.w3.org/2000/svg}text")}
    assert words <= texts


def test_plot_html_in_the_chart_language(db, tmp_path, run_parley):
    out = tmp_path / "chart.html"
    result = run_parley("plot", "country", "BLR", "--db", db, "--output", out, "--lang", "es")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "<th>periodo</th>" in html and "<th>BLR → otros</th>" in html
    assert "<th>SANCTION</th>" in html
