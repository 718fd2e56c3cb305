"""Actors: mention -> actor resolution, a table of real news phrasing in three languages."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parley.actors import find_mentions

CASES_FILE = Path(__file__).parent / "data" / "actors.tsv"


def load_cases() -> list[dict[str, str]]:
    """The rows of tests/data/actors.tsv: one expected mention (or non-actor) each."""
    lines = [line for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


CASES = load_cases()


def case_id(case: dict[str, str]) -> str:
    return f"{case['lang']}:{case['text']}:{case['sentence'][:30]}"


def check_case(lexicon, case: dict[str, str]) -> str | None:
    """None when the case holds, else what went wrong."""
    when = date.fromisoformat(case["date"]) if case["date"] else date(2025, 6, 1)
    mentions = find_mentions(case["sentence"], case["lang"], lexicon, when)
    if case["country"] == "-":
        places = lexicon.locatives.get(case["lang"], ())
        bad = [m for m in mentions if case["text"] in m.text and m.actor.country and m.actor.sector != "MED"
               and not any(" ".join(m.before).endswith(place) for place in places)]
        return f"{case['text']!r} resolved to {bad[0].actor}" if bad else None
    found = {m.text: m.actor for m in mentions}
    actor = found.get(case["text"])
    if actor is None:
        return f"{case['text']!r} not found; found {list(found)}"
    for field in ("country", "sector", "name"):
        if case[field] and getattr(actor, field) != case[field]:
            return f"{case['text']!r}: {field} {getattr(actor, field)!r}, expected {case[field]!r}"
    return None


def test_actor_cases_cover_three_languages():
    per_lang = {lang: sum(c["lang"] == lang for c in CASES) for lang in ("en", "es", "ru")}
    assert len(CASES) >= 300 and min(per_lang.values()) >= 80, per_lang
    assert sum(c["country"] == "-" for c in CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_actors_resolve(lexicon, case):
    problem = check_case(lexicon, case)
    assert problem is None, problem


@pytest.mark.parametrize("when, sector", [(date(2010, 6, 1), "GOV"), (date(2022, 6, 1), "GOV"), (date(2018, 6, 1), "ELI")])
def test_actors_roles_are_date_bounded(lexicon, when, sector):
    [mention] = find_mentions("Biden spoke.", "en", lexicon, when)
    assert (mention.actor.country, mention.actor.sector) == ("USA", sector)


def test_actors_spans_are_offsets(lexicon):
    sentence = "Yesterday the Kremlin said so."
    [m] = find_mentions(sentence, "en", lexicon, offset=100)
    assert (m.start, m.end) == (114, 121) and sentence[m.start - 100:m.end - 100] == "Kremlin"


def test_actors_place_after_locative_is_marked(lexicon):
    mentions = find_mentions("Talks were held in Minsk.", "en", lexicon)
    assert mentions[0].text == "Minsk" and mentions[0].preposition == "in"


def test_actors_title_case_roles_need_a_capital(lexicon):
    """roles.tsv `case` title: "la Armada" is the navy, "una tregua armada" an armed truce."""
    navy = find_mentions("La Armada incautó una lancha frente a Cartagena.", "es", lexicon)
    truce = find_mentions("El grupo mantiene una tregua armada con el Gobierno.", "es", lexicon)
    assert [(m.text, m.actor.sector) for m in navy if m.text == "Armada"] == [("Armada", "MIL")]
    assert not [m for m in truce if "armada" in m.text]


def test_actors_operating_table_is_validated(tmp_path):
    """actors/operating.tsv: a country list that is not ISO codes is named by file, line and field."""
    import shutil
    from parley.actors import operating_countries
    from parley.datafiles import DataFileError, data_root

    assert operating_countries()["JNIM"][:2] == ("MLI", "BFA")
    root = tmp_path / "data"
    shutil.copytree(data_root(), root)
    with open(root / "actors" / "operating.tsv", "a", encoding="utf-8") as out:
        out.write("Made-up Front\tMLI|Burkina\t\n")
    with pytest.raises(DataFileError, match=r"operating.tsv:\d+: field 'acts_in'"):
        operating_countries(root)
