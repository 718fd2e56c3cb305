"""Near-duplicate articles and event merging on the example corpus and on planted copies.

The expected groups are written by hand from reading the articles: a headline and its
body sentence report one event; a syndicated copy, an edited re-post and a literal
translation are one story with their original; an independent report of the same story
in another language is not.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import EXAMPLES
from parley.dedupe import ArticleFingerprint, group_articles
from parley.dedupe.articles import content_tokens
from parley.ingest import read_file

PLANTED = Path(__file__).parent / "data" / "planted"

# Events of the example corpus that must merge (article, sentence index, type); every other
# event stays alone. A headline and the body sentence that tells the same event; a syndicated
# copy's events and its original's; a Spanish and a Russian report of one meeting
# (12 Feb 2025) and of the release after it.
EXAMPLE_MERGES = [
    {("demo-eu-sanctions-feb24", 0, "SANCTION"), ("demo-eu-sanctions-feb24-copy", 0, "SANCTION")},
    {("demo-eu-sanctions-feb24", 1, "ACCUSE"), ("demo-eu-sanctions-feb24-copy", 1, "ACCUSE")},
    # "После встречи Белоруссия освободила ... гражданина США": the citizen is no partner of the meeting
    {("demo-envoy-feb25", 0, "CONSULT"), ("demo-envoy-feb25-ru", 0, "CONSULT")},
    {("demo-envoy-feb25", 1, "CONCEDE"), ("demo-envoy-feb25-ru", 1, "CONCEDE")},
    {("es/cumbre", 0, "CONSULT"), ("es/cumbre", 1, "CONSULT")},
    # the headline's release is of "presos políticos" (BLR→BLR), the body's names a US citizen
    # (BLR→USA): two dyads; the envoy's visit is one event in both
    {("es/presos", 0, "CONSULT"), ("es/presos", 1, "CONSULT")},
    {("en/border", 0, "THREATEN"), ("en/border", 2, "THREATEN")},  # "..., NATO warns" and "Rutte warned Moscow"
    {("en/envoy-minsk", 0, "CONSULT"), ("en/envoy-minsk", 1, "CONSULT")},
    {("ru/peregovory", 0, "CONSULT"), ("ru/peregovory", 1, "CONSULT")},
    {("ru/sankcii", 0, "SANCTION"), ("ru/sankcii", 1, "SANCTION")},
    {("en/tanker", 0, "COERCE"), ("en/tanker", 1, "COERCE")},
]


def syndicated_copy(text: str) -> str:
    """Another outlet's copy: its own headline and its own footer, the body unchanged."""
    body = text.split("\n", 2)[2]
    body = "\n".join(line for line in body.splitlines() if not line.startswith(("Leave a Reply", "Your email")))
    return "Belarus frees prisoners after rare visit by US diplomat\n\n" + body + "\nSubscribe to our daily newsletter\n"


def edited_repost(text: str) -> str:
    """A re-post with one sentence reworded and one added."""
    text = text.replace("the latest step in a campaign of pressure", "the newest move in a pressure campaign")
    return text + "\nOil prices rose slightly after the news.\n"


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory, request):
    """The example corpus plus planted copies, extracted into a real DuckDB file."""
    from conftest import parley_bin
    import subprocess

    root = tmp_path_factory.mktemp("planted")
    corpus = root / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    (corpus / "en" / "envoy-minsk-copy.txt").write_text(
        syndicated_copy((EXAMPLES / "en" / "envoy-minsk.txt").read_text(encoding="utf-8")), encoding="utf-8")
    (corpus / "en" / "tanker-repost.txt").write_text(
        edited_repost((EXAMPLES / "en" / "tanker.txt").read_text(encoding="utf-8")), encoding="utf-8")
    for name in ("border-ru.txt", "border-en-mt.txt", "border-es.txt"):
        shutil.copy(PLANTED / name, corpus / name)
    db = root / "planted.duckdb"
    result = subprocess.run([parley_bin(), "extract", str(corpus), "--db", str(db), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return db


def merged_groups(db: Path, articles: set[str] | None = None) -> list[set[tuple]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""
            SELECT l.merged_id, list((e.article_id, e.sentence_index, e.event_type))
            FROM event_links l JOIN events e ON e.event_id = l.event_id GROUP BY l.merged_id""").fetchall()
    groups = [{tuple(member.values()) if isinstance(member, dict) else tuple(member) for member in members}
              for _, members in rows]
    return [g for g in groups if articles is None or {a for a, _, _ in g} <= articles]


def test_example_corpus_merges_exactly_the_expected_events(tmp_path, run_parley):
    db = tmp_path / "examples.duckdb"
    assert run_parley("extract", EXAMPLES, "--db", db, "--quiet").returncode == 0
    groups = merged_groups(db)
    assert sorted(map(sorted, (g for g in groups if len(g) > 1))) == sorted(map(sorted, EXAMPLE_MERGES))
    listed = [json.loads(line) for line in run_parley("groups", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert sorted(row["article"] for row in listed) == ["demo-eu-sanctions-feb24", "demo-eu-sanctions-feb24-copy"]


def test_planted_copies_are_grouped_and_nothing_else(planted_db, run_parley):
    listed = [json.loads(line) for line in run_parley("groups", "--db", planted_db, "--format", "jsonl").stdout.splitlines()]
    groups = {}
    for row in listed:
        groups.setdefault(row["group"], set()).add(row["article"])
    assert sorted(map(sorted, groups.values())) == [
        ["border-en-mt", "border-ru"], ["demo-eu-sanctions-feb24", "demo-eu-sanctions-feb24-copy"],
        ["en/envoy-minsk", "en/envoy-minsk-copy"], ["en/tanker", "en/tanker-repost"]]
    assert all(0.6 <= row["similarity"] <= 1.0 for row in listed)
    only = run_parley("groups", "--db", planted_db, "--article", "en/tanker-repost", "--format", "jsonl").stdout
    assert {json.loads(line)["article"] for line in only.splitlines()} == {"en/tanker", "en/tanker-repost"}


def test_copies_join_their_originals_events_and_count_once(planted_db):
    import duckdb

    groups = merged_groups(planted_db)
    for original, copy, sentence_shift in (("en/envoy-minsk", "en/envoy-minsk-copy", 0),
                                           ("en/tanker", "en/tanker-repost", 0)):
        for group in groups:
            if any(a == original for a, _, _ in group):
                twins = {(copy, s + sentence_shift, t) for a, s, t in group if a == original}
                assert twins <= group, f"{copy} did not join {sorted(group)}"
    with duckdb.connect(str(planted_db), read_only=True) as con:
        seizure = con.execute("""
            SELECT num_mentions, num_articles, num_copies FROM merged_events
            WHERE event_type = 'COERCE' AND mode = 'seize'""").fetchall()
    assert seizure == [(2, 1, 1)]  # headline and body, in one story printed twice


def test_translation_joins_its_original_but_not_an_independent_report(planted_db):
    groups = merged_groups(planted_db, {"border-ru", "border-en-mt", "border-es"})
    across = [g for g in groups if {a for a, _, _ in g} == {"border-ru", "border-en-mt"}]
    assert {t for g in across for _, _, t in g} >= {"COERCE", "ACCUSE", "CONSULT"}
    assert not [g for g in groups if "border-es" in {a for a, _, _ in g} and len({a for a, _, _ in g}) > 1]


@pytest.mark.parametrize("name, expected", [
    # actors (a listed person's id, else the country), numbers without separators, event types
    ("border-en-mt.txt", ["POL", "BLR", "2025", "COERCE", "POL", "12", "POL", "BLR", "COERCE", "30000", "RUS", "BLR"]),
    ("border-ru.txt", ["POL", "BLR", "2025", "COERCE", "POL", "12", "POL", "BLR", "COERCE", "30000", "RUS", "BLR"]),
])
def test_content_stream_is_language_neutral(pipeline, name, expected):
    article = pipeline.code_article(next(read_file(PLANTED / name, print)))
    assert content_tokens(article)[:len(expected)] == expected


def fingerprint(article_id: str, values: list[int], lang: str = "en", content: bool = False) -> ArticleFingerprint:
    signature = np.array(values, dtype=np.uint32).tobytes()
    return ArticleFingerprint(article_id, lang, None if content else signature, signature if content else None)


def test_grouping_is_transitive_and_thresholded():
    base = list(range(64))
    near = base[:56] + [999] * 8  # 56/64 = 0.875 alike
    far = base[:32] + [777] * 32  # 0.5 alike: below the threshold
    groups = group_articles([fingerprint("a", base), fingerprint("b", near), fingerprint("c", near[:60] + [5] * 4),
                             fingerprint("d", far)])
    assert [(g.id, g.members) for g in groups] == [("a", ("a", "b", "c"))]


def test_content_fingerprints_only_group_across_languages():
    same = list(range(64))
    english = [fingerprint("a", same, "en", content=True), fingerprint("b", same, "en", content=True)]
    assert group_articles(english) == []  # one language: the words decide, not the actor stream
    assert [g.members for g in group_articles(english + [fingerprint("c", same, "ru", content=True)])] == [
        ("a", "b", "c")]
