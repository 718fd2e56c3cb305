"""Countries: names in any supported language, and codes, resolve to the code events carry."""
from __future__ import annotations

import json
import shutil

import pytest

from parley.countries import CountryIndex, resolve_country
from parley.errors import ParleyError, UnknownCountry

from conftest import ROOT


@pytest.mark.parametrize("text, code", [
    ("Belarus", "BLR"), ("Bielorrusia", "BLR"), ("Беларусь", "BLR"), ("Белоруссии", "BLR"),  # an inflected form
    ("blr", "BLR"), ("BLR", "BLR"), ("  republic of   belarus ", "BLR"), ("Belarús", "BLR"),
    ("EU", "EU"), ("European Union", "EU"), ("Unión Europea", "EU"), ("ЕС", "EU"), ("Европейским союзом", "EU"),
    ("nato", "NATO"), ("OTAN", "NATO"), ("U.S.", "USA"), ("Estados Unidos", "USA"), ("США", "USA"),
    ("Alemania", "DEU"), ("Германии", "DEU"),
    # short, older and regional forms (countries.tsv): successor states, territories, nations of the UK
    ("Bosnia", "BIH"), ("Soviet Union", "RUS"), ("USSR", "RUS"), ("Yugoslavia", "SRB"), ("Zaire", "COD"),
    ("Democratic Republic of the Congo", "COD"), ("Republic of the Congo", "COG"), ("Northern Ireland", "GBR"),
    ("Cisjordania", "PSE"), ("Franja de Gaza", "PSE"), ("URSS", "RUS"), ("ЮАР", "ZAF"), ("Газе", "PSE"),
    ("Советского Союза", "RUS"), ("Папуа-Новой Гвинеи", "PNG"),
])
def test_countries_resolve_names_and_codes(text, code):
    assert resolve_country(text) == code


@pytest.mark.parametrize("text, message", [
    ("Belarsu", "unknown country or organisation 'Belarsu' (did you mean Belarus (BLR)?)"),
    ("Belarusian", "unknown country or organisation 'Belarusian' (did you mean Belarus (BLR)?)"),
    ("Bielorusiia", "unknown country or organisation 'Bielorusiia' (did you mean Bielorusia (BLR)?)"),
    ("BLRR", "unknown country or organisation 'BLRR' (did you mean Belarus (BLR)?)"),
    ("Narnia", "unknown country or organisation 'Narnia'"),
    ("XYZ", "unknown country or organisation 'XYZ'"),
])
def test_countries_unknown_name_is_an_error_with_a_suggestion(text, message):
    with pytest.raises(UnknownCountry) as err:
        resolve_country(text)
    assert str(err.value) == message and isinstance(err.value, ParleyError)


def test_countries_a_name_two_countries_share_is_an_error_naming_both(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "parley" / "data" / "actors", root / "actors")
    with (root / "actors" / "countries.tsv").open("a", encoding="utf-8") as out:
        out.write("en\tThe Congo\tCOG\ttitle\nen\tThe Congo\tCOD\ttitle\n")
    with pytest.raises(UnknownCountry) as err:
        CountryIndex(root).resolve("the congo")
    assert str(err.value).startswith("'the congo' names several countries or organisations: ")
    assert [code for _, code in err.value.candidates] == ["COD", "COG"]


def test_countries_an_organisation_wins_over_a_cldr_territory_of_the_same_name():
    # CLDR lists the European Union as territory QU (QUU); the actor stage reads it as the IGO EU
    assert resolve_country("Union Europea") == "EU"


def _jsonl(result):
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_commands_take_country_names(demo_store, run_parley):
    by_code = _jsonl(run_parley("events", "--db", demo_store, "--country", "BLR", "--format", "jsonl"))
    assert len(by_code) > 10
    for name in ("Belarus", "Bielorrusia", "Беларусь"):
        assert _jsonl(run_parley("events", "--db", demo_store, "--country", name, "--format", "jsonl")) == by_code
    timeline = run_parley("timeline", "--db", demo_store, "--country", "Беларусь", "--with", "Estados Unidos",
                          "--format", "jsonl")
    assert _jsonl(timeline) == _jsonl(run_parley("timeline", "--db", demo_store, "--country", "BLR", "--with", "USA",
                                                 "--format", "jsonl"))
    dyads = _jsonl(run_parley("dyads", "--db", demo_store, "--country", "Unión Europea", "--format", "jsonl"))
    assert dyads and all("EU" in (row["source"], row["target"]) for row in dyads)


@pytest.mark.parametrize("args, message", [
    (["events", "--country", "Belarsu"],
     "parley: error: --country: unknown country or organisation 'Belarsu' (did you mean Belarus (BLR)?)"),
    (["timeline", "--country", "BLR", "--with", "Narnia"],
     "parley: error: --with: unknown country or organisation 'Narnia'"),
    (["dyads", "--country", "XYZ"], "parley: error: --country: unknown country or organisation 'XYZ'"),
    (["plot", "dyad", "США", "Germnay", "--output", "chart.png"],
     "parley: error: PARTNER: unknown country or organisation 'Germnay' (did you mean Germany (DEU)?)"),
    (["digest", "--country", "XYZ", "--output", "digest.md"],
     "parley: error: --country: unknown country or organisation 'XYZ'"),
])
def test_cli_unknown_country_is_one_line_and_exit_2(demo_store, run_parley, tmp_path, args, message):
    result = run_parley(*args, "--db", demo_store, cwd=tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")
    assert list(tmp_path.iterdir()) == []  # no chart, no empty digest
