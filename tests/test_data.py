"""Data files: bundled tables load, generated ones are current, mistakes name file:line:field."""
from __future__ import annotations

import subprocess
import sys

import pytest

from parley.actors import ActorLexicon
from parley.datafiles import one_of, read_table
from parley.errors import DataFileError
from parley.events import EventGrammar
from parley.textnorm import fold

from conftest import ROOT


def test_data_generated_files_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_actor_data.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_data_table_error_names_file_line_field(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("# comment\ntype\tpos\nCONSULT\tverb\nHUG\tverb\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        list(read_table(path, ("type", "pos"), checks={"type": one_of("CONSULT")}))
    assert str(err.value).startswith(f"{path}:4: field 'type'")


def test_data_missing_column(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("pattern\tpos\nmeet\tverb\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="field 'type': column missing"):
        list(read_table(path, ("pattern", "type")))


@pytest.mark.parametrize("path, row, message", [
    (("lang", "en", "triggers.tsv"), "embrace\tHUG\t\tverb\n", r"triggers.tsv:\d+: field 'type'"),
    (("lang", "es", "judgements.tsv"), "terrible\tACCUSE:hug\n", r"judgements.tsv:\d+: field 'reading'"),
])
def test_data_bad_event_grammar_row_is_reported(tmp_path, path, row, message):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "parley" / "data", root)
    with root.joinpath(*path).open("a", encoding="utf-8") as out:
        out.write(row)
    with pytest.raises(DataFileError, match=message):
        EventGrammar(root)


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_data_judgement_words_are_written_once_and_each_makes_a_trigger_with_each_naming_verb(grammar, lang):
    path = ROOT / "src" / "parley" / "data" / "lang" / lang / "judgements.tsv"
    rows = list(read_table(path, ("text", "reading")))
    texts = [row["text"] for row in rows]
    assert len(rows) >= 100 and len(texts) == len(set(texts))
    namings = grammar.words[lang]["naming"]
    assert namings
    patterns = {t.words for candidates in grammar.triggers[lang].values() for t in candidates}
    first = fold(rows[0]["text"]).split()
    for naming in namings:
        assert any(p[:len(naming)] == naming and list(p[-len(first):]) == first for p in patterns), (naming, first)


def test_data_person_variant_must_be_capitalised(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "parley" / "data", root)
    with (root / "actors" / "people" / "americas.tsv").open("a", encoding="utf-8") as out:
        out.write("x\tX Y\tUSA\tGOV\tofficial\t\t\tlowercase\n")
    with pytest.raises(DataFileError, match=r"americas.tsv:\d+: field 'variants'"):
        ActorLexicon(root)


def test_data_every_plover_type_has_triggers_in_each_language(grammar):
    from parley.events import PLOVER_TYPES

    assert {"en", "es", "ru", "uk"} <= set(grammar.triggers)
    for lang in grammar.triggers:
        covered = {t.event_type for triggers in grammar.triggers[lang].values() for t in triggers} - {"-"}
        assert covered == set(PLOVER_TYPES), (lang, set(PLOVER_TYPES) - covered)


def test_data_a_military_reading_must_name_a_plover_type(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "parley" / "data", root)
    with (root / "lang" / "en" / "triggers.tsv").open("a", encoding="utf-8") as out:
        out.write("land\t-\t\tverb\tMOBILISE:troops\n")
    with pytest.raises(DataFileError, match=r"field 'military'.*unknown PLOVER type 'MOBILISE'"):
        EventGrammar(root)


@pytest.mark.parametrize("lang, sentence, hidden", [
    ("ru", "Вашингтон принял решение снять санкции с «Белавиа».", "CONSULT"),   # "принять решение", not "принять" (host)
    ("ru", "Генассамблея ООН приняла резолюцию по Украине.", "CONSULT"),
])
def test_data_a_stop_phrase_hides_the_shorter_trigger_inside_it(grammar, lang, sentence, hidden):
    """A '-' pattern with no military reading is never an event, and the trigger it contains is not read."""
    from parley.events import find_triggers, sentence_tokens
    from parley.pipeline import code_text

    article = code_text(sentence, lang=lang)
    found = find_triggers(sentence_tokens(article.sentences[0], grammar), lang, grammar)
    assert any(t.event_type == "-" and not t.military for _, _, t in found)
    assert hidden not in {t.event_type for _, _, t in found}
    assert hidden not in {e.event_type for e in article.events}


def _coverage_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("people_coverage", ROOT / "scripts" / "people_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_people_tables_name_every_leader_of_the_g20_corpus_countries_and_neighbours_since_2000():
    coverage = _coverage_script()
    rows = coverage.role_rows()
    missing = {country: [g for g in coverage.gaps(rows, country, 2025) if g.startswith("lead")]
               for country in coverage.G20 + coverage.CORPUS + coverage.NEIGHBOURS}
    assert {c: g for c, g in missing.items() if g} == {}


def test_people_tables_name_every_foreign_and_defence_minister_of_the_g20_since_2000():
    coverage = _coverage_script()
    rows = coverage.role_rows()
    missing = {country: coverage.gaps(rows, country, 2025) for country in coverage.G20}
    assert {c: g for c, g in missing.items() if g} == {}


def test_people_ids_name_one_person():
    names: dict[str, set[str]] = {}
    for row in _coverage_script().role_rows():
        names.setdefault(row["id"], set()).add(row["name"])
    assert {i: n for i, n in names.items() if len(n) > 1} == {}


def test_data_every_trigger_mode_is_in_the_ontology(grammar):
    """A mode the ontology lacks would silently take its type's plain CAMEO code."""
    unknown = set()
    for lang, index in grammar.triggers.items():
        for triggers in index.values():
            for t in triggers:
                armed = t.military
                for event_type, mode in ((t.event_type, t.mode), (armed.event_type, armed.mode) if armed else (None, None)):
                    if event_type not in (None, "-") and mode and (event_type, mode) not in grammar.codings:
                        unknown.add((lang, " ".join(t.words), event_type, mode))
    assert not unknown, sorted(unknown)
