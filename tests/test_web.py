"""Dashboard: the real `parley serve` driven by Debian's headless Chromium through Playwright.

Each test loads a view, does what an analyst does (filter, open a dyad, click a period,
expand an event) and checks what the page shows against the API. A JavaScript error or a
failed request logged to the console fails the test. Screenshots are saved to
`build/test-artifacts/` (or `$PARLEY_ARTIFACTS`).
"""
from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import httpx
import pytest

from conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra: make test")

ARTIFACTS = Path(os.environ.get("PARLEY_ARTIFACTS", ROOT / "build" / "test-artifacts"))


@pytest.fixture
def page(browser, demo_server, request):
    """A fresh page on the demo store; console errors and uncaught exceptions fail the test."""
    yield from _page(browser, demo_server[0], request)


@pytest.fixture
def actors_page(browser, actors_server, request):
    """A fresh page on `actors_server`'s store, as `page`."""
    yield from _page(browser, actors_server[0], request)


def _page(browser, base, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.errors = errors
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if not getattr(tab, "errors_expected", False):
        assert errors == [], f"JavaScript errors on the page: {errors}"


def open_view(page, hash_: str):
    page.goto(f"/ui/#{hash_}")
    page.wait_for_selector("#view[data-ready]", timeout=30_000)


def submit(page, form: str, expected: str):
    """Submits the filter form `form` and waits for the view of the address it makes, which
    must hold `expected` (a parameter kept in the URL)."""
    page.click(f"{form} button[type=submit]")
    page.wait_for_function("(expected) => location.hash.includes(expected)", arg=expected)
    page.wait_for_selector("#view[data-ready]")


def rgb(hex_colour: str) -> str:
    """'#790000' as a browser's computed style gives it, 'rgb(121, 0, 0)'."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def api(demo_server, path, **params):
    return httpx.get(demo_server[0] + path, params=params, timeout=30).json()


def test_overview_shows_corpus_figures_and_events_by_type(page, demo_server):
    open_view(page, "/")
    stats = api(demo_server, "/api/stats")
    figures = page.inner_text("#figures")
    assert f"{stats['articles']}\narticles" in figures and f"{stats['distinct_events']}\ndistinct events" in figures
    assert "en 11 · es 7 · ru 7" in figures
    types = api(demo_server, "/api/types", by="month")["types"]
    drawn = page.evaluate("""() => { const c = Chart.getChart('types-chart');
        return c.data.datasets.map(d => [d.label, d.data.reduce((a, b) => a + b, 0)]); }""")
    expected = {}
    for row in types:
        expected[row["event_type"]] = expected.get(row["event_type"], 0) + row["events"]
    assert dict(drawn) == expected
    assert page.locator("#top-dyads tbody tr").count() == len(stats["top_dyads"])
    page.select_option("select[name=by]", "year")
    page.wait_for_selector("#view[data-ready]")
    assert page.url.endswith("#/?by=year")
    assert page.evaluate("Chart.getChart('types-chart').data.labels") == sorted({r["period"][:4] for r in types})


def test_overview_colours_each_type_as_the_ontology_does(page, demo_server):
    open_view(page, "/")
    colours = api(demo_server, "/api/stats")["type_colours"]
    drawn = page.evaluate("""() => Chart.getChart('types-chart').data.datasets.map(d => [d.label, d.backgroundColor])""")
    assert drawn and all(colour == colours[label] for label, colour in drawn)
    assert dict(drawn)["CONSULT"] == "#645472" and dict(drawn)["ACCUSE"] == "#573b00"  # plover.tsv, by hand
    order = list(colours)  # stacked in the codebook's order, cooperation first
    assert [label for label, _ in drawn] == sorted((label for label, _ in drawn), key=order.index)


def test_overview_counts_undated_events_and_agrees_with_the_events_list(page, demo_server):
    open_view(page, "/?by=year")
    stats = api(demo_server, "/api/stats")
    listed = api(demo_server, "/api/events", limit=500)["events"]
    undated = sum(e["day"] is None for e in listed)
    assert stats["distinct_events"] == len(listed) and undated > 0
    figures = page.inner_text("#figures")
    assert f"{len(listed)}\ndistinct events\n{undated} undated" in figures
    assert f"{len(listed) - undated} events in it, {undated} with no day" in figures
    days = sorted(e["day"] for e in listed if e["day"])
    assert f"{days[0]} to {days[-1]}" in figures
    drawn = page.evaluate("Chart.getChart('types-chart').data.datasets.flatMap(d => d.data).reduce((a, b) => a + b, 0)")
    assert drawn + undated == len(listed)
    assert page.inner_text("#types-undated") == f"{undated} undated events not shown: no day to place them in a year."


def test_dyad_chart_says_how_many_undated_events_it_leaves_out(page, demo_server):
    open_view(page, "/dyad?a=USA&b=BLR")
    listed = api(demo_server, "/api/events", country="USA", partner="BLR", limit=500)["events"]
    undated = sum(e["day"] is None for e in listed)
    assert page.inner_text("#dyad-undated") == (
        f"{undated} undated event{'s' if undated > 1 else ''} not shown: no day to place "
        f"{'them' if undated > 1 else 'it'} in a month (listed below, last).")
    rows = page.locator("#period-events tr.event")
    days = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert days[-undated:] == ["undated"] * undated and "undated" not in days[:-undated]


def test_map_colours_partners_by_cooperation_and_conflict_and_opens_a_dyad(page, demo_server):
    open_view(page, "/map?country=BLR")
    partners = {p["partner"]: p for p in api(demo_server, "/api/partners", country="BLR")["partners"]}
    assert page.locator("#partners tbody tr").count() == len(partners)
    assert page.locator("path.selected").get_attribute("data-code") == "BLR"
    coloured = {page.locator("path.partner").nth(i).get_attribute("data-code")
                for i in range(page.locator("path.partner").count())}
    assert coloured == {code for code in partners if len(code) == 3}  # IGOs have no outline on the map

    def rgb(code):
        return tuple(map(int, re.findall(r"\d+", page.locator(f"path[data-code={code}]").get_attribute("fill"))))

    assert partners["USA"]["goldstein_mean"] > 0 and rgb("USA")[2] > rgb("USA")[0]  # cooperation: blue
    assert partners["POL"]["goldstein_mean"] < 0 and rgb("POL")[0] > rgb("POL")[2]  # conflict: red
    assert page.locator("#partners tr[data-code=EU]").inner_text().startswith("European Union")
    page.locator("path[data-code=USA]").click()
    page.wait_for_selector("#dyad-chart")
    page.wait_for_selector("#view[data-ready]")
    assert "#/dyad?a=BLR&b=USA" in page.url and page.inner_text("h1") == "Belarus – United States"


def test_dyad_view_lists_the_events_of_a_clicked_period(page, demo_server):
    open_view(page, "/dyad?a=USA&b=BLR")
    series = api(demo_server, "/api/series", country="USA", partner="BLR")
    (y0, m0), (y1, m1) = (map(int, series["periods"][i].split("-")[:2]) for i in (0, -1))
    months = [f"{y:04d}-{m:02d}-01" for y in range(y0, y1 + 1) for m in range(1, 13)
              if (y0, m0) <= (y, m) <= (y1, m1)]  # the axis keeps time evenly spaced
    labels = page.evaluate("Chart.getChart('dyad-chart').data.labels")
    assert len(labels) == len(months) > len(series["periods"]) and labels[0] == "Sept 2024"
    drawn = page.evaluate("Chart.getChart('dyad-chart').data.datasets[0].data")
    line = series["lines"][page.evaluate("Chart.getChart('dyad-chart').data.datasets[0].label")]
    assert [v for v in drawn if v is not None] == [v for v in line if v is not None]
    everything = api(demo_server, "/api/events", country="USA", partner="BLR", limit=500)["events"]
    assert page.locator("#period-events tr.event").count() == len(everything)
    index = months.index("2025-02-01")
    x, y = page.evaluate(f"""() => {{ const c = Chart.getChart('dyad-chart');
        return [c.scales.x.getPixelForValue({index}), (c.chartArea.top + c.chartArea.bottom) / 2]; }}""")
    page.locator("#dyad-chart").click(position={"x": x, "y": y})
    page.wait_for_selector("#period-events h3:has-text('Feb 2025')")
    in_february = api(demo_server, "/api/events", country="USA", partner="BLR", since="2025-02-01",
                      until="2025-02-28")["events"]
    rows = page.locator("#period-events tr.event")
    assert rows.count() == len(in_february) > 0
    assert all(rows.nth(i).locator("td").first.inner_text().startswith("2025-02") for i in range(rows.count()))


def test_event_table_filters_and_expands_to_highlighted_evidence(page, demo_server):
    open_view(page, "/events")
    page.select_option("#event-filters select[name=country]", "BLR")
    page.select_option("#event-filters select[name=type]", "CONSULT")
    page.click("#event-filters button[type=submit]")
    page.wait_for_selector("#view[data-ready]")
    assert "country=BLR" in page.url and "type=CONSULT" in page.url
    expected = api(demo_server, "/api/events", country="BLR", type="CONSULT", limit=50)["events"]
    rows = page.locator("tr.event")
    assert rows.count() == len(expected) > 0
    assert {rows.nth(i).locator("td").nth(1).inner_text().split("\n")[0] for i in range(rows.count())} == {"CONSULT"}
    first = expected[0]
    rows.first.click()
    detail = page.locator("tr.detail")
    assert detail.locator(".mention").count() == len(first["mentions"])
    marks = detail.locator("blockquote mark.trigger")
    triggers = [marks.nth(i).inner_text() for i in range(marks.count())]
    assert triggers and set(triggers) <= {m["trigger"] for m in first["mentions"]}
    assert detail.locator("blockquote mark.source").count() >= 1
    for mention in first["mentions"]:
        assert mention["sentence"] in detail.inner_text() and mention["lang"] in detail.inner_text()
    rows.first.click()  # and closes again
    assert page.locator("tr.detail").count() == 0


def test_event_view_downloads_its_filter_as_csv_and_jsonl(page, demo_server):
    open_view(page, "/events?country=BLR&since=2025-01-01&sort=date")
    expected = [e["merged_id"] for e in api(demo_server, "/api/events", country="BLR", since="2025-01-01",
                                                sort="date", limit=500)["events"]]
    shown = page.locator("tr.event")
    assert [shown.nth(i).get_attribute("data-id") for i in range(shown.count())] == expected
    with page.expect_download() as csv_download:
        page.click("#downloads a[data-format=csv]")
    assert csv_download.value.suggested_filename == "parley-events.csv"
    with open(csv_download.value.path(), encoding="utf-8", newline="") as f:
        assert [row["merged_id"] for row in csv.DictReader(f)] == expected
    with page.expect_download() as jsonl_download:
        page.click("#downloads a[data-format=jsonl]")
    lines = Path(jsonl_download.value.path()).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["merged_id"] for line in lines] == expected
    # a new filter, a new link: the downloads follow the form
    page.select_option("#event-filters select[name=type]", "CONSULT")
    page.click("#event-filters button[type=submit]")
    page.wait_for_selector("#view[data-ready]")
    href = page.get_attribute("#downloads a[data-format=csv]", "href")
    assert href.startswith("/api/events.csv?") and "type=CONSULT" in href and "country=BLR" in href


def test_event_view_filters_by_sector_and_actor(page, demo_server):
    open_view(page, "/events?country=BLR")
    page.select_option("#event-filters select[name=sector]", "OPP")
    page.click("#event-filters button[type=submit]")
    page.wait_for_selector("#view[data-ready]")
    assert "sector=OPP" in page.url
    expected = api(demo_server, "/api/events", country="BLR", sector="OPP")["events"]
    rows = page.locator("tr.event")
    assert [rows.nth(i).get_attribute("data-id") for i in range(rows.count())] == [e["merged_id"] for e in expected]
    assert "Sviatlana Tsikhanouskaya (BLR OPP)" in page.inner_text("tbody")  # who acted, with the sector
    page.fill("#event-filters input[name=actor]", "Tsikhanouskaya")
    page.click("#event-filters button[type=submit]")
    page.wait_for_selector("#view[data-ready]")
    named = api(demo_server, "/api/events", country="BLR", sector="OPP", actor="Tsikhanouskaya")["events"]
    assert 0 < page.locator("tr.event").count() == len(named) < len(expected)
    assert "actor=Tsikhanouskaya" in page.get_attribute("#downloads a[data-format=jsonl]", "href")


def test_dyad_line_is_broken_over_empty_months_and_counts_have_their_own_axis(page, demo_server):
    open_view(page, "/dyad?a=USA&b=BLR")
    lines = page.evaluate("""() => { const c = Chart.getChart('dyad-chart');
        return c.data.datasets.map((d, i) => [d.type || 'bar', d.yAxisID, d.spanGaps, d.data,
            d.type === "line" ? c.getDatasetMeta(i).dataset.segments.map(s => [s.start, s.end]) : null]); }""")
    drawn = [line for line in lines if line[0] == "line"]
    assert len(drawn) == 2 and all(axis == "goldstein" and gaps is False for _, axis, gaps, _, _ in drawn)
    usa_blr = drawn[0][3]  # September 2024, then nothing until April 2025
    assert usa_blr[0] is not None and usa_blr[1:7] == [None] * 6 and usa_blr[7] is not None
    for _, _, _, data, segments in drawn:  # no stretch of the line runs over a month without a point
        assert segments and all(None not in data[start:end + 1] for start, end in segments)
    bars = [line for line in lines if line[0] == "bar"]
    assert bars and all(axis == "count" for _, axis, _, _, _ in bars)
    colours = api(demo_server, "/api/stats")["type_colours"]
    assert {d["label"]: d["backgroundColor"] for d in page.evaluate(
        "Chart.getChart('dyad-chart').data.datasets.filter(d => !d.type)")} == {
        t: colours[t] for t in ("CONSULT", "SUPPORT", "CONCEDE", "REQUEST")}
    # what the analyst sees: halfway between the September and April points, no line
    pixel = page.evaluate("""() => { const c = Chart.getChart('dyad-chart'), points = c.getDatasetMeta(0).data;
        const x = (points[0].x + points[7].x) / 2, y = (points[0].y + points[7].y) / 2, r = c.currentDevicePixelRatio;
        return Array.from(c.ctx.getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data); }""")
    assert pixel[3] == 0 or min(pixel[:3]) > 150, f"a line is drawn across the empty months: {pixel}"


def test_dyad_view_draws_a_country_with_one_of_its_sectors(page, demo_server):
    open_view(page, "/dyad?a=BLR&b=BLR&partner_sector=OPP&by=year")
    assert page.inner_text("h1") == "Belarus – Belarus (opposition)"
    assert page.locator("select[name=partner_sector]").input_value() == "OPP"
    series = api(demo_server, "/api/series", country="BLR", partner="BLR", partner_sector="OPP", by="year")
    labels = page.evaluate(
        "Chart.getChart('dyad-chart').data.datasets.filter(d => d.type === 'line').map(d => d.label)")
    assert labels == list(series["lines"]) == ["BLR → BLR-OPP", "BLR-OPP → BLR"]
    listed = api(demo_server, "/api/events", country="BLR", partner="BLR", partner_sector="OPP", limit=500)["events"]
    assert page.locator("#period-events tr.event").count() == len(listed) > 0


def test_text_search_and_a_bad_filter_say_what_they_did(page):
    open_view(page, "/events?q=Vilnius")
    assert "Vilnius" in page.inner_text("tbody")
    page.errors_expected = True  # the 422 is logged by the browser as a failed request
    open_view(page, "/events?since=2025-13-01")
    assert "since" in page.inner_text("[role=alert]")


@pytest.mark.parametrize("view, resolved, heading", [
    ("/events?country=Belarus&type=CONSULT", "/events?country=BLR&type=CONSULT", "Events"),
    ("/map?country=Bielorrusia", "/map?country=BLR", "Relations of Belarus"),
    ("/dyad?a=%D0%A1%D0%A8%D0%90&b=belarus", "/dyad?a=USA&b=BLR", "United States – Belarus"),
    ("/digest?country=%D0%91%D0%B5%D0%BB%D0%B0%D1%80%D1%83%D1%81%D1%8C", "/digest?country=BLR", "Digest"),
])
def test_a_country_name_in_the_address_is_read_as_its_code(page, view, resolved, heading):
    open_view(page, view)
    assert page.url.endswith("#" + resolved) and page.inner_text("h1") == heading
    assert page.locator("[role=alert]").count() == 0
    if view.startswith("/events"):
        assert page.locator("#event-filters select[name=country]").input_value() == "BLR"
        assert page.locator("tr.event").count() > 0


def test_an_unknown_country_name_says_so_and_offers_the_closest(page, demo_server):
    page.errors_expected = True  # the browser logs the 400 of /api/country as a failed request
    open_view(page, "/events?country=Belarsu&type=CONSULT")
    alert = page.inner_text("[role=alert]")
    assert "“Belarsu”" in alert and "Did you mean Belarus (BLR)?" in alert
    assert "pattern" not in alert and "/api/" not in alert  # words for an analyst, not a validator's
    assert page.locator("tr.event").count() == 0
    page.click("#unknown-place a")
    page.wait_for_selector("#view[data-ready] tr.event")
    assert page.url.endswith("#/events?country=BLR&type=CONSULT")
    expected = api(demo_server, "/api/events", country="BLR", type="CONSULT")["events"]
    assert page.locator("tr.event").count() == len(expected)
    assert all("400" in e and "Failed to load resource" in e for e in page.errors)


def test_digest_page_shows_the_digest_and_prints_without_controls(page):
    open_view(page, "/digest?country=BLR&since=2025-01-01")
    frame = page.frame_locator("#digest-frame")
    assert frame.locator("h1").inner_text() == "Belarus: foreign relations digest"
    assert "since 2025-01-01" in frame.locator("body").inner_text()
    assert frame.locator("svg").count() >= 1  # the chart
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible() and not page.locator("form.filters").is_visible()
    assert page.locator("#digest-frame").is_visible()


def test_a_javascript_error_is_caught(page):
    open_view(page, "/")
    page.evaluate("setTimeout(() => { throw new Error('planted'); }, 0)")
    page.wait_for_timeout(100)
    assert any("planted" in e for e in page.errors)
    page.errors_expected = True


def test_the_page_loads_nothing_from_outside(page, demo_server):
    hosts = set()
    page.on("request", lambda r: hosts.add(httpx.URL(r.url).host))
    for view in ("/", "/map?country=BLR", "/dyad", "/events", "/digest?country=BLR"):
        open_view(page, view)
    assert hosts <= {"127.0.0.1"}


def test_overview_draws_the_events_of_a_country_s_sector_kept_in_the_url(page, demo_server):
    open_view(page, "/?by=year")
    page.select_option("#overview-filters select[name=country]", "BLR")
    page.select_option("#overview-filters select[name=sector]", "OPP")
    submit(page, "#overview-filters", "sector=OPP")
    assert page.url.endswith("#/?country=BLR&sector=OPP&by=year")
    assert page.inner_text("#types-heading") == "Events by type over time: Belarus (opposition)"
    drawn = page.evaluate("""() => Chart.getChart('types-chart').data.datasets.map(
        d => [d.label, d.data.reduce((a, b) => a + b, 0)])""")
    # the opposition of Belarus in the demo: coerced and released in 2024, praising the US in 2025
    assert sorted(drawn) == [["COERCE", 1], ["CONCEDE", 1], ["SUPPORT", 1]]
    assert page.inner_text("#types-undated").startswith("5 undated events not shown")
    page.reload()  # the address keeps the filter, and the form shows it
    page.wait_for_selector("#view[data-ready]")
    assert page.locator("#overview-filters select[name=sector]").input_value() == "OPP"
    assert page.locator("#overview-filters select[name=country]").input_value() == "BLR"
    page.fill("#overview-filters input[name=actor]", "Tsikhanouskaya")
    submit(page, "#overview-filters", "actor=Tsikhanouskaya")
    assert page.evaluate("Chart.getChart('types-chart').data.datasets.map(d => d.label)") == ["SUPPORT"]


def test_event_view_sector_narrows_the_table_and_stays_in_the_url(page, demo_server):
    open_view(page, "/events")
    page.select_option("#event-filters select[name=country]", "BLR")
    submit(page, "#event-filters", "country=BLR")
    every = page.locator("tr.event").count()
    page.select_option("#event-filters select[name=sector]", "OPP")
    submit(page, "#event-filters", "sector=OPP")
    assert "country=BLR" in page.url and "sector=OPP" in page.url
    shown = page.locator("tr.event")
    assert 0 < shown.count() < every
    opposition = api(demo_server, "/api/events", country="BLR", sector="OPP", limit=500)["events"]
    assert [shown.nth(i).get_attribute("data-id") for i in range(shown.count())] == [e["merged_id"] for e in opposition]
    assert len(opposition) == 8  # the demo's events of the Belarusian opposition, counted by hand
    page.reload()
    page.wait_for_selector("#view[data-ready]")
    assert page.locator("#event-filters select[name=sector]").input_value() == "OPP"
    assert page.locator("tr.event").count() == len(opposition)


def test_event_table_colours_each_type_as_the_codebook_does(page, demo_server):
    open_view(page, "/events?country=BLR")
    colours = api(demo_server, "/api/stats")["type_colours"]
    labels = page.locator("tr.event span.type")
    seen = {}
    for i in range(labels.count()):
        label = labels.nth(i)
        seen[label.inner_text()] = label.evaluate("el => getComputedStyle(el).color")
    assert len(seen) >= 4 and seen == {t: rgb(colours[t]) for t in seen}
    # not the quad class: two cooperative types, two colours
    assert seen["CONSULT"] == "rgb(100, 84, 114)" and seen["SUPPORT"] != seen["CONSULT"]


def test_map_draws_the_partners_of_a_sector_and_opens_its_dyad(page, demo_server):
    open_view(page, "/map?country=BLR")
    page.select_option("#map-filters select[name=sector]", "OPP")
    submit(page, "#map-filters", "sector=OPP")
    assert page.inner_text("h1") == "Relations of Belarus (opposition)"
    rows = page.locator("#partners tbody tr")
    assert [rows.nth(i).get_attribute("data-code") for i in range(rows.count())] == ["USA", "EU"]
    page.locator("path[data-code=USA]").click()
    page.wait_for_selector("#dyad-chart")
    page.wait_for_selector("#view[data-ready]")
    assert "#/dyad?a=BLR&b=USA&sector=OPP" in page.url
    assert page.inner_text("h1") == "Belarus (opposition) – United States"


def test_dyad_view_draws_a_government_and_its_opposition(actors_page, actors_server):
    page = actors_page
    open_view(page, "/dyad?a=BLR&b=BLR")
    page.select_option("#dyad-filters select[name=sector]", "GOV")
    page.select_option("#dyad-filters select[name=partner_sector]", "OPP")
    submit(page, "#dyad-filters", "partner_sector=OPP")
    assert page.url.endswith("#/dyad?a=BLR&sector=GOV&b=BLR&partner_sector=OPP&by=month")
    assert page.inner_text("h1") == "Belarus (government) – Belarus (opposition)"
    lines = page.evaluate("""() => Chart.getChart('dyad-chart').data.datasets.filter(d => d.type === 'line')
        .map(d => [d.label, d.data])""")
    # the opposition condemned the government in March and in April 2025 (Goldstein -2 each),
    # the government did nothing to the opposition (the police's arrest is not the government)
    assert lines == [["BLR-GOV → BLR-OPP", [None, None]], ["BLR-OPP → BLR-GOV", [-2, -2]]]
    assert page.evaluate("Chart.getChart('dyad-chart').data.labels") == ["Mar 2025", "Apr 2025"]
    rows = page.locator("#period-events tr.event")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == ["2025-03-03", "2025-04-09"]
    page.fill("#dyad-filters input[name=actor]", "nobody-such")
    submit(page, "#dyad-filters", "actor=nobody-such")
    assert page.evaluate("Chart.getChart('dyad-chart').data.labels") == []


def test_digest_page_of_a_sector(page):
    open_view(page, "/digest?country=BLR")
    page.select_option("#digest-filters select[name=sector]", "OPP")
    submit(page, "#digest-filters", "sector=OPP")
    assert "country=BLR" in page.url and "sector=OPP" in page.url
    frame = page.frame_locator("#digest-frame")
    assert frame.locator("h1").inner_text() == "Belarusian opposition: foreign relations digest"
    assert "sector=OPP" in page.get_attribute("#digest-frame", "src")
