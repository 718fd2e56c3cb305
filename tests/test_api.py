"""API: the real `parley serve` on a free port over a real DuckDB file, queried over HTTP."""
from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from conftest import free_port
from parley import export


@pytest.fixture(scope="module")
def server(demo_server):
    return demo_server


def get(server, path, **params):
    return httpx.get(server[0] + path, params=params, timeout=30)


def test_health_and_stats(server):
    health = get(server, "/api/health").json()
    assert health["status"] == "ok" and health["schema_version"] == 6
    stats = get(server, "/api/stats").json()
    assert stats["articles"] == 25 and set(stats["languages"]) == {"en", "es", "ru"}
    assert stats["article_groups"] == 1 and stats["distinct_events"] < stats["counted_events"]


def test_openapi_spec_lists_every_endpoint(server):
    spec = get(server, "/openapi.json").json()
    assert {"/api/events", "/api/dyads", "/api/timeline", "/api/digest", "/api/stats", "/api/health",
            "/api/series", "/api/partners", "/api/groups"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"country", "partner", "source", "target", "type", "mode", "since", "until", "q", "min_confidence", "factuality",
            "limit", "cursor", "sort"} <= names


def test_events_filter_and_carry_mentions(server):
    page = get(server, "/api/events", country="BLR", type="consult", since="2025-01-01").json()
    meeting = next(e for e in page["events"] if e["event_date"] == "2025-02-12")
    assert {meeting["source_country"], meeting["target_country"]} == {"BLR", "USA"}
    assert sorted(m["lang"] for m in meeting["mentions"]) == ["es", "ru"]
    assert all(m["trigger"] in m["sentence"] for m in meeting["mentions"]) and meeting["evidence"]
    found = get(server, "/api/events", q="vilnius").json()["events"]
    assert found and all(any("vilnius" in m["sentence"].lower() for m in e["mentions"]) for e in found)
    assert get(server, "/api/events", q="100%_literal").json()["events"] == []  # LIKE wildcards are escaped
    sources = {e["source_country"] for e in get(server, "/api/events", source="EU").json()["events"]}
    assert sources == {"EU"}


@pytest.mark.parametrize("sort, newest_first", [("-date", True), ("date", False)])
def test_events_sort_by_day_with_undated_ones_last(server, sort, newest_first):
    days = [e["day"] for e in get(server, "/api/events", sort=sort, limit=500).json()["events"]]
    dated = [d for d in days if d]
    assert len(set(dated)) > 5 and dated == sorted(dated, reverse=newest_first)
    assert days == dated + [None] * (len(days) - len(dated))  # undated ones last either way


def test_symmetric_events_name_their_actors_in_the_event_direction(server):
    for event in get(server, "/api/events", type="CONSULT", limit=500).json()["events"]:
        for side in ("source", "target"):
            names = {m[f"{side}_name"] for m in event["mentions"]
                     if m["source_country"] == event["source_country"] and m[f"{side}_name"]}
            assert event[f"{side}_name"] is None if not names else event[f"{side}_name"] in names


def test_events_page_with_a_cursor_without_gaps_or_repeats(server):
    everything = [e["merged_id"] for e in get(server, "/api/events", limit=500).json()["events"]]
    seen, cursor = [], None
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = get(server, "/api/events", **params).json()
        seen += [e["merged_id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == everything and len(set(seen)) == len(seen) > 8


@pytest.mark.parametrize("params", [{}, {"country": "BLR", "type": "CONSULT"}, {"q": "minsk", "sort": "date"},
                                    {"partner": "USA", "country": "BLR", "since": "2025-01-01"}])
def test_export_streams_the_events_of_the_same_filters(server, params):
    listed = get(server, "/api/events", limit=500, **params).json()["events"]
    jsonl = httpx.get(server[0] + "/api/events.jsonl", params=params, timeout=30)
    assert jsonl.status_code == 200 and jsonl.headers["content-type"] == "application/x-ndjson"
    assert jsonl.headers["transfer-encoding"] == "chunked" and "content-length" not in jsonl.headers  # streamed
    assert [json.loads(line) for line in jsonl.text.splitlines()] == listed  # each event as /api/events has it
    exported = httpx.get(server[0] + "/api/events.csv", params=params, timeout=30)
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"] == 'attachment; filename="parley-events.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["merged_id"] for r in rows] == [e["merged_id"] for e in listed]
    for row, event in zip(rows, listed):
        assert row["event_type"] == event["event_type"] and row["day"] == (event["day"] or "")
        assert row["event_ids"].split(";") == [m["event_id"] for m in event["mentions"]]
        assert row["evidence"] == event["evidence"]


def test_export_with_a_limit_names_the_rest_in_a_header(server):
    everything = [e["merged_id"] for e in get(server, "/api/events", limit=500).json()["events"]]
    seen, cursor = [], None
    while True:
        part = get(server, "/api/events.jsonl", limit=20, **({"cursor": cursor} if cursor else {}))
        ids = [json.loads(line)["merged_id"] for line in part.text.splitlines()]
        assert 0 < len(ids) <= 20
        seen += ids
        cursor = part.headers.get("x-next-cursor")
        if not cursor:
            break
    assert seen == everything and len(everything) > 40
    assert "x-next-cursor" not in get(server, "/api/events.csv", limit=len(everything)).headers  # nothing after


def test_export_header_only_when_nothing_matches(server):
    assert get(server, "/api/events.csv", q="no such words anywhere").text.splitlines() == [
        ",".join(export.PAGE_CSV_COLUMNS)]
    assert get(server, "/api/events.jsonl", q="no such words anywhere").text == ""


@pytest.mark.parametrize("path", ["/api/events.csv", "/api/events.jsonl"])
@pytest.mark.parametrize("params, message", [({"type": "FOO"}, "unknown event type 'FOO'"),
                                             ({"cursor": "not-a-cursor"}, "bad cursor"),
                                             ({"limit": "0"}, "greater than or equal to 1")])
def test_export_refuses_a_bad_filter_before_it_streams(server, path, params, message):
    response = get(server, path, **params)
    assert response.status_code == 422 and message in response.text


def test_export_takes_every_filter_of_the_events_endpoint(server):
    spec = get(server, "/openapi.json").json()["paths"]
    names = {path: {p["name"] for p in spec[path]["get"]["parameters"]}
             for path in ("/api/events", "/api/events.csv", "/api/events.jsonl")}
    assert names["/api/events.csv"] == names["/api/events.jsonl"] == names["/api/events"]


@pytest.mark.parametrize("params, message", [
    ({"type": "FOO"}, "unknown event type 'FOO'"),
    ({"since": "2025-13-01"}, "month value is outside expected range"),
    ({"limit": "-1"}, "greater than or equal to 1"),
    ({"limit": "100000"}, "less than or equal to 500"),
    ({"country": ""}, "at least 1 character"),
    ({"country": "B" * 101}, "at most 100 characters"),
    ({"since": "2025-03-01", "until": "2025-01-01"}, "since (2025-03-01) is after until (2025-01-01)"),
    ({"cursor": "not-a-cursor"}, "bad cursor"),
    ({"sort": "sideways"}, "Input should be"),
    ({"min_confidence": "2"}, "less than or equal to 1"),
])
def test_bad_filters_are_422_with_a_clear_message(server, params, message):
    response = get(server, "/api/events", **params)
    assert response.status_code == 422 and message in response.text


@pytest.mark.parametrize("name", ["Belarus", "bielorrusia", "Беларусь", "Белоруссии", "blr",
                                  " Belarus "])
def test_a_country_is_taken_by_name_in_any_language(server, name):
    by_code = get(server, "/api/events", country="BLR", limit=500).json()["events"]
    assert by_code and get(server, "/api/events", country=name, limit=500).json()["events"] == by_code


@pytest.mark.parametrize("path, params, code_params", [
    ("/api/events", {"source": "Unión Europea"}, {"source": "EU"}),
    ("/api/events", {"country": "Belarus", "partner": "США"}, {"country": "BLR", "partner": "USA"}),
    ("/api/events.csv", {"target": "European Union"}, {"target": "EU"}),
    ("/api/dyads", {"country": "ЕС"}, {"country": "EU"}),
    ("/api/types", {"country": "Bielorrusia"}, {"country": "BLR"}),
    ("/api/timeline", {"country": "Belarus", "with": "EE. UU."}, {"country": "BLR", "with": "USA"}),
    ("/api/series", {"country": "Estados Unidos", "partner": "Belarus"}, {"country": "USA", "partner": "BLR"}),
    ("/api/partners", {"country": "Беларусь"}, {"country": "BLR"}),
    ("/api/digest", {"country": "Belarus", "format": "md"}, {"country": "BLR", "format": "md"}),
])
def test_every_country_parameter_takes_a_name(server, path, params, code_params):
    by_name, by_code = get(server, path, **params), get(server, path, **code_params)
    assert by_name.status_code == by_code.status_code == 200
    assert by_name.text == by_code.text and len(by_code.text) > 200


@pytest.mark.parametrize("path, params, parameter, value, suggestion", [
    ("/api/events", {"country": "Belarsu"}, "country", "Belarsu", {"name": "Belarus", "code": "BLR"}),
    ("/api/events.jsonl", {"partner": "Narnia"}, "partner", "Narnia", None),
    ("/api/timeline", {"country": "BLR", "with": "Polnd"}, "with", "Polnd", {"name": "Poland", "code": "POL"}),
    ("/api/digest", {"country": "B'; DROP TABLE events; --"}, "country", "B'; DROP TABLE events; --", None),
    ("/api/partners", {"country": "XYZ"}, "country", "XYZ", None),
])
def test_an_unknown_country_is_a_400_naming_it_with_a_suggestion(server, path, params, parameter, value, suggestion):
    response = get(server, path, **params)
    assert response.status_code == 400 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter and body["value"] == value and body["suggestion"] == suggestion
    assert body["detail"].startswith(f"{parameter}: unknown country or organisation '{value}'")
    if suggestion:
        assert body["detail"].endswith(f"(did you mean {suggestion['name']} ({suggestion['code']})?)")


@pytest.mark.parametrize("name, lang, expected", [("Bielorrusia", "en", {"code": "BLR", "name": "Belarus"}),
                                                  ("EU", "ru", {"code": "EU", "name": "Евросоюз"}),
                                                  ("fra", "es", {"code": "FRA", "name": "Francia"})])
def test_country_resolves_a_name_for_the_dashboard(server, name, lang, expected):
    assert get(server, "/api/country", name=name, lang=lang).json() == expected


def sectors_of(event):
    return {m[f"{side}_sector"] for m in event["mentions"] for side in ("source", "target")}


def test_sector_filter_reads_who_acted_from_the_mentions(server):
    everything = get(server, "/api/events", limit=500).json()["events"]
    opposition = get(server, "/api/events", sector="opp", limit=500).json()["events"]
    assert [e["merged_id"] for e in opposition] == [e["merged_id"] for e in everything if "OPP" in sectors_of(e)]
    assert len(opposition) >= 5 and get(server, "/api/events", country="USA", sector="OPP").json()["events"] == []
    assert get(server, "/api/events", country="Belarus", sector="OPP", limit=500).json()["events"] == opposition
    acting = get(server, "/api/events", source_sector="OPP", limit=500).json()["events"]
    assert acting and all(e["source_country"] == "BLR" and e["source_sector"] == "OPP" for e in acting)
    acted_on = get(server, "/api/events", target_sector="OPP", limit=500).json()["events"]
    assert acted_on and all(e["target_sector"] == "OPP" for e in acted_on)
    assert {e["merged_id"] for e in acting} | {e["merged_id"] for e in acted_on} == {e["merged_id"] for e in opposition}
    rows = list(csv.DictReader(io.StringIO(get(server, "/api/events.csv", source_sector="OPP").text)))
    assert [r["source_sector"] for r in rows] == ["OPP"] * len(acting)


@pytest.mark.parametrize("actor", ["tsikhanouskaya", "Tsikhanouskaya", "sviatlana tsikh"])
def test_actor_filter_takes_an_id_or_part_of_a_name(server, actor):
    found = get(server, "/api/events", actor=actor, limit=500).json()["events"]
    assert len(found) >= 3
    assert all(any("Tsikhanouskaya" in (m["source_name"] or "") + (m["target_name"] or "") for m in e["mentions"])
               for e in found)
    assert get(server, "/api/events", actor="tsikhanouskaya_").json()["events"] == []  # LIKE wildcards are literal


def test_a_dyad_of_a_country_and_one_of_its_sectors(server):
    pair = {"country": "BLR", "partner": "BLR", "partner_sector": "OPP"}
    events = get(server, "/api/events", limit=500, **pair).json()["events"]
    assert events and all(
        any({(m["source_country"], m["source_sector"]), (m["target_country"], m["target_sector"])} & {("BLR", "OPP")}
            and m["source_country"] == m["target_country"] == "BLR" for m in e["mentions"]) for e in events)
    # the Belarusian opposition's support for the US is not a relation of Belarus with its opposition
    assert all(e["target_country"] == "BLR" for e in events)
    series = get(server, "/api/series", by="year", **pair).json()
    assert series["title"] == "BLR–BLR-OPP" and set(series["lines"]) == {"BLR → BLR-OPP", "BLR-OPP → BLR"}
    counted = sum(sum(counts) for counts in series["quads"].values())
    assert counted == len([e for e in events if e["day"]])


@pytest.mark.parametrize("params, message", [({"sector": "XYZ"}, "sector: unknown sector 'XYZ' (one of GOV,"),
                                             ({"partner_sector": "GOVT"}, "at most 3 characters"),
                                             ({"actor": "x"}, "at least 2 characters")])
def test_a_bad_sector_or_actor_is_a_422(server, params, message):
    for path in ("/api/events", "/api/events.jsonl"):
        response = get(server, path, **params)
        assert response.status_code == 422 and message in response.text


def test_a_dyad_of_two_sectors_of_one_country(actors_server):
    pair = {"country": "BLR", "sector": "GOV", "partner": "BLR", "partner_sector": "OPP"}
    events = get(actors_server, "/api/events", sort="date", **pair).json()["events"]
    assert [(e["day"], e["event_type"], e["source_sector"], e["target_sector"]) for e in events] == [
        ("2025-03-03", "ACCUSE", "OPP", "GOV"), ("2025-04-09", "ACCUSE", "OPP", "GOV")]
    series = get(actors_server, "/api/series", **pair).json()
    assert series["title"] == "BLR-GOV–BLR-OPP" and series["periods"] == ["2025-03-01", "2025-04-01"]
    assert series["lines"]["BLR-OPP → BLR-GOV"] == [e["goldstein"] for e in events]
    assert series["lines"]["BLR-GOV → BLR-OPP"] == [None, None]
    # the police (COP) acting on the opposition, and the opposition praising the US, are not in it
    assert {e["event_type"] for e in get(actors_server, "/api/events", country="BLR", sector="OPP").json()["events"]} \
        == {"ACCUSE", "COERCE", "SUPPORT"}
    everyone = get(actors_server, "/api/series", country="BLR", sector="OPP").json()
    assert set(everyone["lines"]) == {"BLR-OPP → others", "others → BLR-OPP"}
    assert sum(sum(c) for c in everyone["quads"].values()) == 4


def test_dyads_of_a_sector_and_of_two_sectors(actors_server):
    def dyads(**params):
        return [(d["period"], d["source"], d["target"], d["events"], d["types"])
                for d in get(actors_server, "/api/dyads", **params).json()["dyads"]]

    assert dyads(country="BLR", sector="OPP") == [
        ("2025-03-01", "BLR", "BLR-OPP", 1, "COERCE"), ("2025-03-01", "BLR-OPP", "BLR", 1, "ACCUSE"),
        ("2025-04-01", "BLR-OPP", "BLR", 1, "ACCUSE"), ("2025-04-01", "BLR-OPP", "USA", 1, "SUPPORT")]
    assert dyads(country="BLR", sector="GOV", partner="Belarus", partner_sector="OPP") == [
        ("2025-03-01", "BLR-OPP", "BLR-GOV", 1, "ACCUSE"), ("2025-04-01", "BLR-OPP", "BLR-GOV", 1, "ACCUSE")]
    assert dyads(country="BLR", actor="Tsikhanouskaya") == [("2025-03-01", "BLR", "BLR", 1, "ACCUSE"),
                                                            ("2025-04-01", "BLR", "BLR", 1, "ACCUSE")]
    lonely = get(actors_server, "/api/dyads", partner="USA")
    assert lonely.status_code == 422 and "partner: needs a country" in lonely.text


def test_types_partners_and_timeline_by_sector_and_actor(actors_server):
    assert get(actors_server, "/api/types", country="BLR", sector="COP").json()["types"] == [
        {"period": "2025-03-01", "event_type": "COERCE", "events": 1}]
    assert [(p["partner"], p["events"]) for p in
            get(actors_server, "/api/partners", country="BLR", sector="OPP").json()["partners"]] == [("USA", 1)]
    assert get(actors_server, "/api/partners", country="BLR", sector="GOV").json()["partners"] == []
    timeline = get(actors_server, "/api/timeline", country="BLR", actor="tsikhanouskaya").json()["events"]
    assert [(e["day"], e["event_type"]) for e in timeline] == [("2025-03-03", "ACCUSE"), ("2025-04-09", "ACCUSE")]
    acted_on = get(actors_server, "/api/timeline", country="BLR", partner_sector="COP").json()["events"]
    assert [(e["day"], e["event_type"]) for e in acted_on] == [("2025-03-05", "COERCE")]  # the side facing BLR-OPP


def test_timeline_names_a_side_that_is_not_the_government(actors_server):
    events = get(actors_server, "/api/timeline", country="BLR").json()["events"]
    assert [(e["day"], e["source"], e["target"]) for e in events] == [
        ("2025-03-03", "BLR-OPP", "BLR"), ("2025-03-05", "BLR-COP", "BLR-OPP"), ("2025-04-02", "BLR-OPP", "USA"),
        ("2025-04-09", "BLR-OPP", "BLR")]
    with_us = get(actors_server, "/api/timeline", country="BLR", sector="OPP", **{"with": "USA"}).json()["events"]
    assert [(e["source"], e["target"]) for e in with_us] == [("BLR-OPP", "USA")]


def test_digest_of_a_sector_names_the_acting_body(actors_server):
    text = get(actors_server, "/api/digest", country="BLR", sector="OPP", format="md").text
    assert text.startswith("# Belarusian opposition: foreign relations digest\n")
    assert "— Belarusian opposition (Sviatlana Tsikhanouskaya) criticised Belarus [1 source]" in text
    assert "— Belarusian opposition praised United States [1 source]" in text
    only = get(actors_server, "/api/digest", country="BLR", actor="tsikhanouskaya", format="md").text
    assert "United States" not in only and only.count("criticised Belarus") == 2


def test_digest_of_a_region(server):
    one = get(server, "/api/digest", country="BLR,EU", since="2025-01-01", format="md")
    assert one.status_code == 200 and one.text.startswith("# Belarus, European Union: foreign relations digest\n")
    repeated = httpx.get(server[0] + "/api/digest", timeout=30,
                         params=[("country", "Belarus"), ("country", "EU"), ("since", "2025-01-01"), ("format", "md")])
    assert repeated.text == one.text
    assert "## What changed against the previous " in one.text and "## New partners" in one.text
    unknown = get(server, "/api/digest", country="BLR,Narnia")
    assert unknown.status_code == 400 and unknown.json()["value"] == "Narnia"


@pytest.mark.parametrize("path", ["/api/dyads", "/api/types", "/api/partners", "/api/timeline", "/api/digest"])
def test_every_country_endpoint_checks_sector_and_actor(server, path):
    for params, message in (({"sector": "XYZ"}, "sector: unknown sector 'XYZ'"),
                            ({"partner_sector": "abc"}, "partner_sector: unknown sector 'abc'"),
                            ({"actor": "x"}, "at least 2 characters")):
        response = get(server, path, country="BLR", **params)
        assert response.status_code == 422 and message in response.text, (path, params, response.text)


def test_dyads_timeline_series_partners_digest(server):
    dyads = get(server, "/api/dyads", country="BLR", by="year").json()["dyads"]
    assert any(d["source"] == "EU" and d["target"] == "BLR" and d["period"] == "2024-01-01" for d in dyads)
    timeline = get(server, "/api/timeline", country="BLR", **{"with": "EU"}).json()["events"]
    assert [e["event_type"] for e in timeline if e["day"] == "2024-02-23"] == ["ACCUSE", "SANCTION"]
    series = get(server, "/api/series", country="USA", partner="BLR").json()
    assert series["periods"][0] == "2024-09-01" and set(series["lines"]) == {"USA → BLR", "BLR → USA"}
    partners = {p["partner"]: p for p in get(server, "/api/partners", country="BLR").json()["partners"]}
    assert partners["USA"]["goldstein_mean"] > 0 > partners["EU"]["goldstein_mean"]
    html = get(server, "/api/digest", country="BLR", since="2025-01-01")
    assert html.status_code == 200 and "text/html" in html.headers["content-type"] and "<svg" in html.text
    markdown = get(server, "/api/digest", country="BLR", format="md", lang="es")
    assert markdown.text.startswith("# Bielorrusia: resumen de relaciones exteriores")


def test_stats_give_each_type_its_colour_and_series_count_by_type(server):
    colours = get(server, "/api/stats").json()["type_colours"]
    assert list(colours)[:3] == ["AGREE", "CONSULT", "SUPPORT"] and len(colours) == 16  # the manual's order
    assert colours["CONSULT"] == "#645472" and colours["ASSAULT"] == "#d60000"  # ontology/plover.tsv
    series = get(server, "/api/series", country="USA", partner="BLR").json()
    assert series["periods"] == ["2024-09-01", "2025-02-01", "2025-04-01", "2025-06-01", "2025-09-01"]
    assert series["types"] == {"CONSULT": [0, 1, 1, 1, 0], "SUPPORT": [1, 0, 0, 1, 0], "CONCEDE": [0, 1, 0, 0, 1],
                               "REQUEST": [1, 0, 0, 0, 0]}
    per_period = [sum(counts[i] for counts in series["quads"].values()) for i in range(5)]
    assert [sum(counts[i] for counts in series["types"].values()) for i in range(5)] == per_period


def test_types_and_countries_count_distinct_events(server):
    everything = get(server, "/api/events", limit=500).json()["events"]
    by_type: dict[str, int] = {}
    for event in everything:
        if event["day"]:
            by_type[event["event_type"]] = by_type.get(event["event_type"], 0) + 1
    totals: dict[str, int] = {}
    for row in get(server, "/api/types", by="year").json()["types"]:
        totals[row["event_type"]] = totals.get(row["event_type"], 0) + row["events"]
    assert totals == by_type
    countries = get(server, "/api/countries").json()["countries"]
    blr = len(get(server, "/api/events", country="BLR", limit=500).json()["events"])
    assert countries[0] == {"code": "BLR", "events": blr, "name": "Belarus"}
    assert {"code": "EU", "events": 10, "name": "European Union"} in countries
    assert get(server, "/api/countries", lang="ru").json()["countries"][0]["name"] == "Беларусь"


def test_every_endpoint_is_in_the_readme(server):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path for path in get(server, "/openapi.json").json()["paths"]
               if f"`GET {path}`" not in readme and f"`{path}`" not in readme]
    assert missing == []


def test_undated_events_are_counted_where_charts_leave_them_out(server):
    everything = get(server, "/api/events", limit=500).json()["events"]
    undated = [e for e in everything if e["day"] is None]
    stats = get(server, "/api/stats").json()
    assert stats["distinct_events"] == len(everything) and stats["undated_events"] == len(undated) > 0
    assert (stats["first_day"], stats["last_day"]) == (min(e["day"] for e in everything if e["day"]),
                                                       max(e["day"] for e in everything if e["day"]))
    types = get(server, "/api/types", by="year").json()
    assert types["undated"] == len(undated)
    assert sum(row["events"] for row in types["types"]) + types["undated"] == len(everything)
    blr = get(server, "/api/events", country="Belarus", limit=500).json()["events"]
    assert get(server, "/api/types", country="BLR").json()["undated"] == sum(e["day"] is None for e in blr)
    dyads = get(server, "/api/dyads", country="BLR").json()
    assert dyads["undated"] == sum(e["day"] is None and e["source_country"] is not None for e in blr)
    with_source = sum(e["source_country"] is not None for e in blr)
    assert sum(d["events"] for d in dyads["dyads"]) + dyads["undated"] == with_source
    pair = get(server, "/api/events", country="USA", partner="BLR", limit=500).json()["events"]
    series = get(server, "/api/series", country="USA", partner="BLR").json()
    assert series["undated"] == sum(e["day"] is None for e in pair) > 0
    assert sum(sum(c) for c in series["quads"].values()) + series["undated"] == len(pair)


def test_nothing_writes_and_only_get_is_allowed(server):
    import hashlib

    before = get(server, "/api/stats").json()
    file_before = hashlib.sha256(server[1].read_bytes()).hexdigest()
    assert httpx.post(server[0] + "/api/events", json={}).status_code == 405
    assert httpx.delete(server[0] + "/api/events").status_code == 405
    assert get(server, "/api/stats").json() == before
    assert hashlib.sha256(server[1].read_bytes()).hexdigest() == file_before  # not a byte changed


def test_serve_refuses_a_missing_database(tmp_path, run_parley):
    result = run_parley("serve", "--db", tmp_path / "nothing.duckdb", "--port", str(free_port()))
    assert result.returncode == 1 and "no such database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
