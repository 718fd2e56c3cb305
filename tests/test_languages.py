"""Adding a language is adding data files and tests (issue 19): the Ukrainian folder
`data/lang/uk/` loads as a Language, and no Python file of Parley names it."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import parley
from parley.lang import load_languages
from parley.pipeline import code_text

SRC = Path(parley.__file__).parent


def test_uk_loads_as_a_cyrillic_language_that_matches_lemmas():
    uk = load_languages()["uk"]
    assert uk.script == "Cyrillic"
    assert uk.match_lemmas
    assert set("ґєії") <= set(uk.letters)
    assert {"і", "та"} <= uk.singles("coord") and ("не",) in uk.phrases("negation")


def test_uk_has_every_data_file_the_other_languages_need():
    folder = SRC / "data" / "lang" / "uk"
    assert {"grammar.tsv", "triggers.tsv", "roles.tsv", "dates.tsv"} <= {p.name for p in folder.iterdir()}


# Where a list of language codes is data, not a decision: the language identifier's
# script groups (which langid codes are written in Cyrillic) lists every Cyrillic language
# langid knows, whether Parley has data for it or not.
CODE_LISTS = {"language.py"}


def test_no_python_file_names_uk():
    """No decision code was changed to add Ukrainian: "uk" appears in no .py file under
    src/parley but the language identifier's list of Cyrillic langid codes."""
    code = re.compile(r"""["']uk["']""")
    naming = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                    if p.name not in CODE_LISTS and code.search(p.read_text(encoding="utf-8")))
    assert naming == []


def test_a_ukrainian_article_is_identified_and_coded():
    article = code_text("Президент України Володимир Зеленський зустрівся з президентом Франції "
                        "Емманюелем Макроном у Парижі.", published=date(2025, 6, 1))
    assert article.lang == "uk"
    assert {(e.event_type, e.source.country, e.target.country) for e in article.events} == {("CONSULT", "UKR", "FRA")}


@pytest.mark.parametrize("sentence, day", [
    ("Вчора Росія атакувала Україну дронами.", "2025-05-31"),
    ("3 травня Польща вислала російських дипломатів.", "2025-05-03"),
])
def test_ukrainian_dates_resolve(sentence, day):
    article = code_text(sentence, lang="uk", published=date(2025, 6, 1))
    assert [e.date for e in article.events if e.counted] == [day]
