"""Evaluate: `parley eval` scores like the shared scorer, with a confusion table."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.evaluate import GoldEvent, load_gold, pair_up, score, triple
from parley.errors import InputError

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

ARTICLES = {
    "a1": "Lukashenko met the US envoy in Minsk on Tuesday. Belarus released 31 prisoners.",
    "a2": "Estados Unidos impuso sanciones a Venezuela. Rusia criticó las sanciones.",
}
GOLD = {
    "a1": {"lang": "en", "events": [{"type": "CONSULT", "source": "USA", "target": "BLR"},
                                    {"type": "CONCEDE", "source": "BLR", "target": None},
                                    {"type": "SANCTION", "source": "EU", "target": "BLR"}]},
    "a2": {"lang": "es", "events": [{"type": "SANCTION", "source": "USA", "target": "VEN"},
                                    {"type": ["ACCUSE", "REJECT"], "source": "RUS", "target": "USA",
                                     "optional": True}]},
}


@pytest.fixture
def corpus(tmp_path):
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    for doc_id, text in ARTICLES.items():
        (docs / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (gold / f"{doc_id}.json").write_text(json.dumps({"doc_id": doc_id, **GOLD[doc_id]}), encoding="utf-8")
    return gold, docs


def test_eval_prints_the_scorers_figures_and_a_confusion_table(run_parley, corpus):
    gold, docs = corpus
    result = run_parley("eval", gold, docs)
    assert result.returncode == 0, result.stderr
    # three core gold events are found (CONSULT, CONCEDE, SANCTION USA->VEN), one is missed
    assert result.stdout.strip().endswith("event F1 0.857 (P 1.000 R 0.750; tp 3 fp 0 fn 1) on 2 docs")
    assert "gold \\ predicted" in result.stdout
    assert any(line.startswith("SANCTION") for line in result.stdout.splitlines())


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared scorer is not next to this checkout")
def test_eval_agrees_with_the_shared_scorer(run_parley, corpus, tmp_path):
    gold, docs = corpus
    pred = tmp_path / "pred.jsonl"
    assert run_parley("extract", docs, "--output", pred, "--quiet").returncode == 0
    shared = subprocess.run([sys.executable, str(SHARED_SCORER), str(gold), str(pred)],
                            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    ours = run_parley("eval", gold, docs).stdout.strip().splitlines()[-1]
    assert ours == shared


def test_eval_json(run_parley, corpus):
    gold, docs = corpus
    figures = json.loads(run_parley("eval", gold, docs, "--json").stdout)
    assert (figures["tp"], figures["fn"], figures.get("fp", 0)) == (3, 1, 0)
    assert figures["confusion"]["SANCTION"] == {"SANCTION": 1, "-": 1}


def test_eval_bad_gold_is_one_line(run_parley, tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "x.json").write_text("{not json", encoding="utf-8")
    result = run_parley("eval", tmp_path / "g", tmp_path)
    assert result.returncode != 0 and "x.json" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_load_gold_rejects_unknown_types(tmp_path):
    (tmp_path / "d.json").write_text(json.dumps({"events": [{"type": "HUG", "source": "USA"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown event type 'HUG'"):
        load_gold(tmp_path)


@pytest.mark.parametrize("gold, pred, matched", [
    (GoldEvent(("CONSULT",), "USA", "BLR"), triple("CONSULT", "BLR", "USA"), True),  # symmetric
    (GoldEvent(("COERCE",), "USA", "VEN"), triple("COERCE", "VEN", "USA"), False),  # directed
    (GoldEvent(("CONCEDE",), "BLR", None), triple("CONCEDE", "BLR", "USA"), True),  # null target: any
    (GoldEvent(("COERCE", "SANCTION"), "EU", "BLR"), triple("SANCTION", "EU", "BLR"), True),  # either type
])
def test_gold_matching_rules(gold, pred, matched):
    assert gold.matches(pred) is matched


def test_pairing_is_one_to_one_and_maximal():
    core = [GoldEvent(("CONSULT",), "USA", None), GoldEvent(("CONSULT",), "USA", "BLR")]
    predicted = [triple("CONSULT", "USA", "BLR"), triple("CONSULT", "USA", "RUS")]
    assert len(pair_up(core, predicted)) == 2
    scores = score({"d": ("en", core)}, {"d": set(predicted)})
    assert (scores.total["tp"], scores.total["fp"], scores.total["fn"]) == (2, 0, 0)


def test_confusion_table_numbers_its_columns_when_names_do_not_fit():
    from collections import Counter

    from parley.evaluate import Scores, format_confusion

    scores = Scores()
    scores.confusion.update({"ACCUSE": Counter({"ACCUSE": 2, "REJECT": 1}), "CONSULT": Counter({"CONSULT": 12}),
                             "-": Counter({"THREATEN": 1})})
    assert format_confusion(scores, 200).splitlines()[1].split() == ["ACCUSE", "CONSULT", "REJECT", "THREATEN", "-"]
    assert format_confusion(scores, 40).splitlines() == [
        "gold \\ predicted (columns numbered as the rows; 3 REJECT, 4 THREATEN)",
        "             1  2  3  4  -",
        "ACCUSE    1  2  .  1  .  .",
        "CONSULT   2  . 12  .  .  .",
        "-         -  .  .  .  1  .",
    ]


def test_sentence_table_may_group_rows_by_kind(tmp_path):
    from parley.evaluate import load_sentence_table

    table = tmp_path / "kinds.tsv"
    table.write_text("id\tkind\ttext\tevents\n"
                     "en-pair-01\tplural_anaphora\tA met B. Both sides agreed.\tAGREE USA>CAN ; CONSULT USA>CAN\n"
                     "en-pair-02\tplural_anaphora\tNothing happened.\tnone\n", encoding="utf-8")
    rows = load_sentence_table(table)
    assert [(r.id, r.lang, r.written_for, len(r.events)) for r in rows] == [
        ("en-pair-01", "en", "plural_anaphora", 2), ("en-pair-02", "en", "plural_anaphora", 0)]


def test_sentence_table_by_type_still_checks_the_type(tmp_path):
    from parley.errors import InputError
    from parley.evaluate import load_sentence_table

    table = tmp_path / "types.tsv"
    table.write_text("id\ttype\ttext\tevents\nen-x-01\tHUG\tA hugged B.\tnone\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"types.tsv.*unknown event type 'HUG'"):
        load_sentence_table(table)
