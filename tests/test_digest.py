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


@pytest.mark.parametrize("lang, line", [
    ("es", "- 03 mar 2025 — Unión Europea impuso sanciones a Bielorrusia [1 fuente]"),
    ("ru", "- 03 мар 2025 — Санкции: Евросоюз → Беларусь [источников: 1]"),
])
def test_digest_in_spanish_and_russian_is_a_data_change(db, run_parley, lang, line):
    result = run_parley("digest", "--db", db, "--country", "BLR", "--since", "2025-02-01", "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert line in result.stdout and "distinct events" not in result.stdout


@pytest.mark.parametrize("lang, person", [("ru", "Лукашенко (Беларусь)"), ("es", "Alexander Lukashenko (Bielorrusia)")])
def test_digest_names_people_in_its_script(db, run_parley, lang, person):
    result = run_parley("digest", "--db", db, "--country", "BLR", "--lang", lang)
    assert result.returncode == 0, result.stderr
    prose = "\n".join(line.split(" ([")[0] for line in result.stdout.splitlines())  # without the quoted evidence
    assert person in prose and (lang != "ru" or "Lukashenko" not in prose)


def test_person_names_come_from_the_people_tables():
    from parley.digest import person_names

    russian = person_names("ru")
    assert russian["Alexander Lukashenko"] == "Лукашенко"  # not "Лукашэнка" (Belarusian), listed after it
    assert russian["Vladimir Putin"] == "Путин" and russian["Sviatlana Tsikhanouskaya"] == "Тихановская"
    assert russian["Charles III"] == "Карл III"  # a regnal number stays in Latin letters
    assert person_names("es") == {} and person_names("en") == {}  # Latin script: the tables' names


@pytest.mark.parametrize("lang, words", [
    ("en", ("Goldstein mean", "BLR and all partners: cooperation (+) and conflict (−)")),
    ("es", ("media de Goldstein", "BLR y todas sus contrapartes: cooperación (+) y conflicto (−)")),
    ("ru", ("среднее по шкале Голдстейна", "BLR и все партнёры: сотрудничество (+) и конфликт (−)")),
])
def test_digest_chart_speaks_the_digest_language(db, run_parley, tmp_path, lang, words):
    html = tmp_path / f"blr-{lang}.html"
    assert run_parley("digest", "--db", db, "--country", "BLR", "--format", "html", "--lang", lang,
                      "-o", html).returncode == 0
    chart = html.read_text(encoding="utf-8").split("<svg", 1)[1]
    assert all(word in chart for word in words)
    assert lang == "en" or "Goldstein mean" not in chart


def test_digest_carries_its_chart(db, run_parley, tmp_path):
    html = tmp_path / "blr.html"
    assert run_parley("digest", "--db", db, "--country", "BLR", "--format", "html", "-o", html).returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "<figure" in page and "<svg" in page and "Cooperation and conflict over time" in page
    md = tmp_path / "blr.md"
    result = run_parley("digest", "--db", db, "--country", "BLR", "-o", md)
    assert result.returncode == 0 and "![Cooperation and conflict over time](blr-chart.png)" in md.read_text("utf-8")
    assert (tmp_path / "blr-chart.png").read_bytes()[:4] == b"\x89PNG"


def test_digest_unknown_language_is_one_line(db, run_parley):
    result = run_parley("digest", "--db", db, "--country", "BLR", "--lang", "fr")
    assert result.returncode == 1 and result.stderr.startswith("parley: error: no digest in 'fr'")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_every_plover_type_has_a_phrase_and_every_word_is_there(lang):
    from parley.datafiles import data_root, read_table
    from parley.digest import WORD_KEYS, load_phrases, load_words

    types = {row["type"] for row in read_table(data_root() / "ontology" / "plover.tsv", ("type",))}
    phrases = load_phrases(lang)
    assert types <= {t for t, mode in phrases if mode is None}
    assert all("{source}" in phrase for phrase in phrases.values())
    words = load_words(lang)
    assert set(WORD_KEYS) <= set(words) and len(words["months"].split()) == 12
