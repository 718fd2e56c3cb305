"""The grammar as data: the ontology's type properties, the rule book of rules.tsv, decision
code that names no event type and no word of a language, and `parley explain`."""
from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from parley.datafiles import data_root
from parley.errors import DataFileError
from parley.events.grammar import GRAMMAR_CATEGORIES
from parley.events.rules import REGISTRY, STAGES, load_rules
from parley.explain import explain_text
from parley.ontology import PLOVER_TYPES, PROPERTIES, Ontology

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "parley"
# The modules that decide: they may name Parley's own vocabulary (grammar categories, mention
# kinds, sector codes, factuality values, ontology properties, table columns, language codes),
# never an event type or a word of a language.
DECISION_MODULES = tuple(f"events/{m}.py" for m in ("analysis", "coding", "dyads", "factuality", "phrases",
                                                     "rules/__init__", "rules/book", "rules/reading",
                                                     "rules/attachment", "rules/implied",
                                                     "triggers")) + ("actors.py", "dates.py", "sentences.py", "lang.py")
OWN_VOCABULARY = set(GRAMMAR_CATEGORIES) | PROPERTIES | {"symmetric"} | {
    "country", "city", "igo", "body", "person", "role", "demonym", "metonym",  # mention kinds
    "asserted", "reported", "planned", "hypothetical", "alleged", "negated",  # factuality values
    "verb", "noun", "case", "month", "latin"} | {folder.name for folder in (data_root() / "lang").iterdir()} \
    | {line.split("\t")[2] for path in (data_root() / "lang").glob("*/roles.tsv")  # role names ("diplomat")
       for line in path.read_text(encoding="utf-8").splitlines()[1:]
       if line and not line.startswith("#") and line.count("\t") >= 2}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def _language_words() -> set[str]:
    """Every word and ending of every language's grammar.tsv: the words the grammar decides by
    (trigger patterns are data by nature; the English words among them, "target" or "source",
    are also the names of fields)."""
    words = set()
    for path in (data_root() / "lang").glob("*/grammar.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line and not line.startswith(("#", "category\t")) and "\t" in line:
                words.update(w.lower() for w in line.split("\t")[1].split())
    return words


def test_decision_code_names_no_event_type_and_no_word_of_a_language():
    modes = {mode for info in Ontology().types.values() for mode in info.mode_properties}
    words = _language_words() - OWN_VOCABULARY
    found = []
    for module in DECISION_MODULES:
        for line, value in _code_strings(PACKAGE / module):
            if value in PLOVER_TYPES or value in modes:
                found.append(f"{module}:{line}: event type or mode {value!r}")
            elif any(c.isalpha() for c in value) and value.lower() in words:
                found.append(f"{module}:{line}: word of a language {value!r}")
    assert not found, "\n".join(found)


def test_the_check_finds_a_type_name_and_a_word(tmp_path):
    """The search above can fail: a module naming a type and a word is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text('def f(t):\n    """ACCUSE in a docstring is fine."""\n    return t == "ACCUSE" or t == "against"\n')
    values = [v for _, v in _code_strings(bad)]
    assert "ACCUSE" in values and "against" in values and "against" in _language_words()
    assert "ACCUSE in a docstring is fine." not in values


def test_ontology_properties_of_types_and_modes():
    onto = Ontology()
    assert onto.has("PROTEST", "targetless") and not onto.has("SANCTION", "targetless")
    assert onto.has("CONSULT", "symmetric") and onto.has("CONSULT", "travel", "visit")
    assert not onto.has("CONSULT", "travel") and not onto.has("CONSULT", "travel", "phone")
    assert onto.by_state("PROTEST") == ("ACCUSE", "disapprove") and onto.by_state("ACCUSE") is None
    assert onto.coding("CONSULT", "visit").cameo == "042" and onto.coding("CONSULT", "no-such-mode").cameo == "040"


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_root(), root)
    return root


def test_ontology_unknown_property_names_file_line_and_field(tmp_path):
    root = _data_copy(tmp_path)
    plover = root / "ontology" / "plover.tsv"
    plover.write_text(plover.read_text(encoding="utf-8").replace("cooperative,city", "cooperative,cty"),
                      encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        Ontology(root)
    assert "plover.tsv" in str(err.value) and "properties" in str(err.value) and "'cty'" in str(err.value)


def test_ontology_colours_one_per_type_in_manual_order():
    colours = Ontology().colours()
    assert list(colours) == list(PLOVER_TYPES)
    # colorcet's glasbey_dark, first 16, from ASSAULT back to AGREE (written out by hand here)
    assert colours["ASSAULT"] == "#d60000" and colours["COERCE"] == "#8c3bff" and colours["CONSULT"] == "#645472"
    assert colours["AGREE"] == "#790000" and colours["ACCUSE"] == "#573b00"
    assert len(set(colours.values())) == 16


def test_ontology_colours_are_colorcet_glasbey_dark():
    colorcet = pytest.importorskip("colorcet")  # a build-data extra: the palette the column was copied from
    assert list(Ontology().colours().values()) == colorcet.palette["glasbey_dark"][:16][::-1]


@pytest.mark.parametrize("old, new, problem", [
    ("cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#645472", "cooperative,city,scheduled,announced=AGREE,refused=REJECT\t645472", "'645472' is not a colour #rrggbb"),
    ("cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#645472", "cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#64547", "'#64547' is not a colour"),
    ("cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#645472", "cooperative,city", "needs a colour"),
    ("cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#645472", "cooperative,city,scheduled,announced=AGREE,refused=REJECT\t#790000", "#790000 is already AGREE's colour"),
    ("CONSULT\tphone\t041\tyes\t", "CONSULT\tphone\t041\tyes\t\t#123456", "not a mode's"),
])
def test_ontology_colour_errors_name_file_line_and_field(tmp_path, old, new, problem):
    source = data_root() / "ontology"
    onto = tmp_path / "ontology"
    onto.mkdir()
    shutil.copy(source / "cameo.tsv", onto / "cameo.tsv")
    text = (source / "plover.tsv").read_text(encoding="utf-8")
    assert old in text
    (onto / "plover.tsv").write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if old in l)
    with pytest.raises(DataFileError) as err:
        Ontology(tmp_path)
    assert f"plover.tsv:{line}:" in str(err.value) and "'colour'" in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize("edit, problem", [
    (lambda text: text.replace("passive_agent\tattachment", "passive_agnet\tattachment"), "no rule named 'passive_agnet'"),
    (lambda text: text + "no_source\tattachment\t*\t*\n", "listed twice"),
    (lambda text: text.replace("own_people\timplied_target\tinheriting", "own_people\timplied_target\tinheritng"),
     "'inheritng' is no property"),
    (lambda text: text.replace("active_subject\tattachment", "active_subject\treading"), "belongs to stage"),
    (lambda text: "\n".join(l for l in text.splitlines() if not l.startswith("stated_reason")) + "\n",
     "missing from the file: stated_reason"),
])
def test_rule_book_errors_name_file_line_and_field(tmp_path, edit, problem):
    root = _data_copy(tmp_path)
    path = root / "grammar" / "rules.tsv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    load_rules.cache_clear()
    try:
        with pytest.raises(DataFileError) as err:
            load_rules(root)
    finally:
        load_rules.cache_clear()
    assert "rules.tsv" in str(err.value) and problem in str(err.value)


def test_rule_book_orders_every_registered_rule_by_stage():
    book = load_rules()
    names = [r.name for r in book.all()]
    assert sorted(names) == sorted(REGISTRY) and len(names) == len(set(names))
    assert [r.stage for r in book.all()] == sorted((r.stage for r in book.all()), key=STAGES.index)
    assert all(r.doc for r in book.all()), "every rule says what it decides in its docstring"


def test_rule_book_order_is_data(tmp_path, pipeline):
    """Moving a rule in rules.tsv changes what the grammar does: a passive read before
    `passive_agent` runs takes the subject before the verb as its source."""
    text = "Three prisoners were released by Belarus to the United States."
    assert {(e.source.country, e.target.country) for e in pipeline.code_article(_article(text)).events} == {("BLR", "USA")}
    root = _data_copy(tmp_path)
    path = root / "grammar" / "rules.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [l for l in lines if not l.startswith("passive_agent")] + ["passive_agent\tattachment\t*\t*"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_rules.cache_clear()
    try:
        book = load_rules(root)
    finally:
        load_rules.cache_clear()
    assert [r.name for r in book.of("attachment")][-1] == "passive_agent"


def _article(text: str, lang: str = "en"):
    from parley.records import Article

    return Article(id="t", text=text, lang=lang)


@pytest.mark.parametrize("lang, text, rules", [
    ("en", "Three prisoners were released by Belarus to the United States.", {"passive_agent"}),
    ("es", "Las declaraciones de Lavrov fueron criticadas por Polonia y Lituania.", {"passive_agent"}),
    ("ru", "Санкции против Белоруссии были введены Евросоюзом.", {"passive_agent"}),
    ("en", "Poland, Lithuania and Latvia accused Belarus of hybrid attacks.", {"active_subject", "joined_subjects"}),
    ("es", "Venezuela retiró a su embajador en Guyana.", {"diplomat_posting"}),
    ("ru", "Белоруссия освободила 14 заключённых.", {"own_people"}),
])
def test_explain_names_the_rules_behind_each_event(pipeline, lang, text, rules):
    explained = explain_text(text, lang, pipeline=pipeline)
    assert explained["events"], text
    for event in explained["events"]:
        names = [r["rule"] for r in event["rules"]]
        assert names[0].startswith("trigger:") and rules <= set(names), names
        assert {r["decides"] for r in event["rules"]} >= {"type", "factuality", "date", "location"}
        assert any(r["decides"] in ("source", "source+target") for r in event["rules"])
        assert all(r["says"] for r in event["rules"]), event["rules"]


def test_explain_passive_list_gives_each_agent(pipeline):
    explained = explain_text("Iran's decision was criticised by France, Germany and Britain.", "en", pipeline=pipeline)
    assert {(e["source"]["country"], e["target"]["country"]) for e in explained["events"]} == \
        {("FRA", "IRN"), ("DEU", "IRN"), ("GBR", "IRN")}


def test_explain_analysis_tags_tokens_clauses_and_actors(pipeline):
    [sentence] = explain_text("31 prisoners were released by Belarus, which the EU criticised.", "en",
                              pipeline=pipeline)["sentences"]
    by_text = {t["text"]: t for t in sentence["tokens"]}
    assert by_text["released"]["pos"] == "VERB" and "Voice=Pass" in by_text["released"]["feats"]
    assert by_text["were"]["pos"] == "AUX" and by_text["by"]["pos"] == "ADP" and by_text["31"]["pos"] == "NUM"
    assert len(sentence["clauses"]) == 2  # "which" opens a clause
    belarus = next(a for a in sentence["actors"] if a["text"] == "Belarus")
    assert belarus["country"] == "BLR" and belarus["governed_by"] == "agent" and belarus["clause"] == 0
    assert [t["type"] for t in sentence["triggers"]][:1] == ["CONCEDE"]


def test_cli_explain_text_and_json(run_parley):
    text = run_parley("explain", "Germany sent weapons to Ukraine.", "--lang", "en")
    assert text.returncode == 0 and "Event AID" in text.stdout and "active_subject" in text.stdout
    as_json = run_parley("explain", "Rusia atacó Ucrania con misiles.", "--lang", "es", "--json")
    data = json.loads(as_json.stdout)
    assert set(data) >= {"sentences", "events"} and data["events"] and all(e["rules"] for e in data["events"])
    assert data["events"][0]["event_type"] == "ASSAULT"
    none = run_parley("explain", "The weather was fine.", "--lang", "en")
    assert none.returncode == 0 and "No event." in none.stdout
    empty = run_parley("explain", "  ")
    assert empty.returncode != 0 and "TEXT is empty" in empty.stderr and "Traceback" not in empty.stderr


def test_explain_analysis_gives_russian_case_and_coordination(pipeline):
    [sentence] = explain_text("Российских дипломатов выслали Эстония, Латвия и Литва.", "ru",
                              pipeline=pipeline)["sentences"]
    by_text = {t["text"]: t for t in sentence["tokens"]}
    assert "Case=Nom" in by_text["Эстония"]["feats"] and "Case=Acc,Gen" in by_text["дипломатов"]["feats"]
    joined = {a["text"]: a["joined_to"] for a in sentence["actors"]}
    assert joined["Эстония"] is None and joined["Латвия"] == 1 and joined["Литва"] == 2
