"""Digest: one country's relations in prose, traceable to event records, md and html."""
from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import pytest

from conftest import parley_bin
from parley.digest import Words, digest
from parley.store import Store

ROWS = [{"id": "a", "text": "Lukashenko met the US envoy in Minsk on Wednesday.", "published": "2025-02-15",
         "url": "https://www.nytimes.com/belarus", "source": "nytimes.com"},
        {"id": "b", "text": "Lukashenko met the US envoy in Minsk on Wednesday, officials said.",
         "published": "2025-02-14", "url": "https://www.rferl.org/a/1", "source": "rferl.org"},
        {"id": "c", "text": "On 3 March, the European Union imposed new sanctions on Belarus.",
         "published": "2025-03-04", "url": "https://euobserver.com/x", "source": "euobserver.com"},
        {"id": "d", "text": "On 2 January, Russia and Belarus signed an agreement on <b>gas</b> prices.",
         "published": "2025-01-03", "source": "tass.ru"}]


def _coded(folder, rows, *, stdin: bool = False):
    """A store `parley extract` writes from `rows` (JSONL in a file, or on stdin)."""
    corpus, path = folder / "in.jsonl", folder / "p.duckdb"
    text = "\n".join(json.dumps(r) for r in rows) + "\n"
    corpus.write_text(text, encoding="utf-8")
    done = subprocess.run([parley_bin(), "extract", "-" if stdin else str(corpus), "--db", str(path), "--quiet"],
                          input=text if stdin else None, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return _coded(tmp_path_factory.mktemp("digest"), ROWS)


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
    assert "## Russia" not in text  # January is before --since


def test_digest_says_what_changed_against_the_previous_period(db, run_parley):
    """--since 2025-02-01 to the store's last day (3 March): 31 days, against 1-31 January.
    Goldstein by hand from cameo.tsv: 040 consult +1.0, 163 sanctions -8.0, 057 sign +8.0."""
    text = run_parley("digest", "--db", db, "--country", "BLR", "--since", "2025-02-01").stdout
    assert ("## What changed against the previous 31 days (2025-01-01 to 2025-01-31)\n"
            "- **European Union**: 1 event (was 0, +1); mean Goldstein -8.0\n"
            "- **United States**: 1 event (was 0, +1); mean Goldstein +1.0\n"
            "- **Russia**: 0 events (was 1, -1); mean Goldstein before +8.0\n") in text
    assert "## New partners (none in the previous period)\n\nEuropean Union, United States\n" in text
    assert "Relations that moved most" not in text  # what changed says it, with the numbers
    # partner by partner after it, most events first, each in date order
    assert text.index("## What changed") < text.index("## European Union") < text.index("## United States")
    everything = run_parley("digest", "--db", db, "--country", "BLR").stdout
    assert "What changed" not in everything and "## Relations that moved most" in everything  # no period


def test_digest_compares_a_given_period_with_the_one_as_long_before_it(db, run_parley):
    text = run_parley("digest", "--db", db, "--country", "Belarus", "--since", "2025-03-01",
                      "--until", "2025-03-31", "--lang", "ru").stdout
    # March against 29 January - 28 February: the sanctions are new, the meeting of 12 February gone
    assert ("## Что изменилось по сравнению с предыдущим периодом (31 день: с 2025-01-29 по 2025-02-28)\n"
            "- **Евросоюз**: 1 событие (было 0, +1); средняя оценка Голдстейна -8.0\n"
            "- **Соединенные Штаты**: 0 событий (было 1, -1); средняя оценка Голдстейна прежде +1.0\n") in text
    assert "## Новые партнёры (не было в предыдущем периоде)\n\nЕвросоюз\n" in text


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
    ("ru", "- 03 мар 2025 — Санкции: Евросоюз → Беларусь [1 источник]"),
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


# Who acted: the opposition's thanks are not the state's; a Ukrainian event for a region.
WHO_ROWS = [
    {"id": "opp", "published": "2025-03-10",
     "text": "Belarusian opposition leader Sviatlana Tsikhanouskaya thanked the United States for its support."},
    {"id": "gov", "published": "2025-03-12", "text": "The Belarusian government thanked China for its support."},
    {"id": "ua", "published": "2025-03-11", "text": "Ukraine accused Russia of attacking civilians.",
     "url": "https://example.org/ua"},
]


@pytest.fixture(scope="module")
def who(tmp_path_factory):
    folder = tmp_path_factory.mktemp("who")
    return Store(_coded(folder, WHO_ROWS), read_only=True), folder / "in.jsonl"


@pytest.mark.parametrize("lang, opposition, government", [
    ("en", "Belarusian opposition (Sviatlana Tsikhanouskaya) praised United States", "Belarus praised China"),
    ("es", "Oposición de Bielorrusia (Sviatlana Tsikhanouskaya) elogió a Estados Unidos", "Bielorrusia elogió a China"),
    # in Russian the person in Cyrillic (person_names), inside the acting body
    ("ru", "Похвала: Тихановская (оппозиция, Беларусь) → Соединенные Штаты", "Похвала: Беларусь → Китай"),
])
def test_digest_names_the_acting_body_when_it_is_not_the_government(who, lang, opposition, government):
    text = digest(who[0], "BLR", lang=lang)
    assert f"— {opposition} [" in text and f"— {government} [" in text


def test_digest_of_a_sector_or_an_actor(who):
    store, _ = who
    opposition = digest(store, "BLR", sector="OPP")
    assert opposition.startswith("# Belarusian opposition: foreign relations digest\n")
    assert "## United States" in opposition and "China" not in opposition
    assert "## China" in digest(store, "BLR", sector="GOV") and "United States" not in digest(store, "BLR", sector="GOV")
    assert "China" not in digest(store, "BLR", actor="tsikhanouskaya")


def test_digest_of_a_region(who, run_parley):
    store, _ = who
    text = digest(store, ["BLR", "UKR"], since=date(2025, 3, 1), until=date(2025, 3, 31))
    assert text.startswith("# Belarus, Ukraine: foreign relations digest\n\n"
                           "2025-03-01 to 2025-03-31 · 3 distinct events from 3 mentions in 3 articles · 3 partners")
    assert "## Russia\n- 11 Mar 2025 — Ukraine accused Russia [1 source]" in text
    assert "## New partners (none in the previous period)\n\nChina, Russia, United States\n" in text
    assert digest(store, "BLR,UKR", since=date(2025, 3, 1), until=date(2025, 3, 31)) == text
    db = who[1].with_name("p.duckdb")
    for countries in (["--country", "BLR", "--country", "Ukraine"], ["--country", "Belarus,UKR"]):
        result = run_parley("digest", "--db", db, *countries, "--since", "2025-03-01", "--until", "2025-03-31")
        assert result.returncode == 0 and result.stdout == text, result.stderr
    bad = run_parley("digest", "--db", db, "--country", "BLR,Narnia")
    assert bad.returncode == 2 and "Narnia" in bad.stderr and "Traceback" not in bad.stderr


def test_digest_evidence_links_a_url_else_the_file_never_an_id(who, tmp_path):
    store, corpus = who
    html = digest(store, ["BLR", "UKR"], fmt="html")
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert sorted(hrefs) == sorted([corpus.as_uri() + "#line=0,1", corpus.as_uri() + "#line=1,2",
                                    "https://example.org/ua"])
    # read from stdin, an article has no file: its evidence is named, not linked
    piped = Store(_coded(tmp_path, WHO_ROWS[:1], stdin=True), read_only=True)
    assert '<a href=' not in digest(piped, "BLR", fmt="html")
    assert "(evidence, opp: “Belarusian opposition leader" in digest(piped, "BLR")


@pytest.mark.parametrize("lang, counts", [
    ("en", {0: "0 events", 1: "1 event", 2: "2 events", 21: "21 events"}),
    ("es", {0: "0 eventos", 1: "1 evento", 2: "2 eventos", 1000000: "1000000 de eventos"}),
    ("ru", {0: "0 событий", 1: "1 событие", 2: "2 события", 4: "4 события", 5: "5 событий", 11: "11 событий",
            12: "12 событий", 21: "21 событие", 22: "22 события", 25: "25 событий", 101: "101 событие",
            111: "111 событий"}),
])
def test_digest_says_a_number_with_the_right_plural_form(lang, counts):
    words = Words(lang)
    assert {n: words.count("events", n) for n in counts} == counts


def test_digest_totals_are_singular_and_plural_in_russian(who):
    text = digest(who[0], ["BLR", "UKR"], lang="ru", since=date(2025, 3, 11), until=date(2025, 3, 12))
    assert "с 2025-03-11 по 2025-03-12 · 2 события (2 упоминания, 2 статьи) · 2 партнёра" in text
    assert "(2 дня: с 2025-03-09 по 2025-03-10)" in text and "[1 источник]" in text


def test_a_digest_language_without_a_plural_form_is_one_clear_error(tmp_path, monkeypatch):
    from parley import digest as digest_module
    from parley.datafiles import data_root
    from parley.errors import ParleyError

    lang = tmp_path / "lang" / "ru"
    lang.mkdir(parents=True)
    text = (data_root() / "lang" / "ru" / "digest_text.tsv").read_text(encoding="utf-8")
    (lang / "digest_text.tsv").write_text(text.replace("\nevents_few\t{n} события\n", "\n"), encoding="utf-8")
    monkeypatch.setattr(digest_module, "data_root", lambda: tmp_path)
    with pytest.raises(ParleyError, match="missing key 'events_few'"):
        Words("ru")
