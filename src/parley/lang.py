"""Language knowledge as data: one `Language` per folder `data/lang/<code>/`, loaded once
and shared by the actor, date and event stages.

A language's grammar words (`grammar.tsv`: function words, cue words, morphology endings,
name particles, its script and alphabet) are what the code asks by category, never by
writing a word: adding a language is adding a folder of data files and tests.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import data_root, one_of, read_table
from .textnorm import fold

# The categories of grammar.tsv; what each means is written at the top of en/grammar.tsv.
GRAMMAR_CATEGORIES = (
    "connector", "locative", "agent", "passive_aux", "coord", "negation", "modal", "future", "condition", "report",
    "comitative", "clause", "future_suffix", "conditional_suffix", "irrealis", "speech", "topic", "title", "not_name",
    "determiner", "posted_to", "preposition", "complementizer", "genitive", "denial", "participle", "pronoun",
    "adversary", "place_anaphor", "directional", "place_ending", "border", "on_behalf", "called_off", "forum",
    "command", "impersonal_in", "impersonal_ending", "opener", "gerund_ending", "between", "possessive",
    "quantifier", "allegation", "commentator", "mediator", "held", "match_lemmas", "past_marker",
    "participle_ending", "possessive_suffix", "script", "alphabet", "name_particle", "surname_ending",
    "ordinal_suffix", "month_of", "year_of", "agent_case_ending", "subject_after_verb", "morphology",
    "future_in_past", "uncommitted", "grievance", "pair_anaphor", "reciprocal", "mutual", "former", "aspectual", "place_kind", "local_organ", "epithet", "commissive", "refusal", "act_anaphor",
    "reaction_cause", "object_relative", "object_pronoun", "relative", "clause_anaphor", "response", "measure", "origin", "ethnic", "direction", "owner_from", "unless", "when", "person_relative",
    "infinitive_suffix", "implicative", "calls_off",
    "purpose_phrase", "free_relative", "reversal", "reversed", "member", "request_noun", "circumstance", "inference",
    "irregular_participle", "stance_prefix", "ruled_out", "inquiry", "supposed", "noun_compound", "place_state", "ago", "time_unit", "past_perfect", "subordinate", "retelling",
    "toward", "area", "naming", "manner")
# Categories whose text keeps its accents: verb endings ("-rá" is a future, "-ra" is not),
# pronouns ("Él" is he, "El" is the), letters.
ACCENTED_CATEGORIES = frozenset({"future_suffix", "conditional_suffix", "pronoun", "alphabet"})


class Phrases(frozenset):
    """A set of folded word tuples ("did", "not") that knows which lengths it holds,
    so that a window of tokens is checked in one pass per length, not per phrase."""

    def __new__(cls, phrases=()):
        self = super().__new__(cls, phrases)
        self.lengths = tuple(sorted({len(p) for p in self}))
        return self


NO_PHRASES = Phrases()


@dataclass(frozen=True, slots=True)
class Language:
    """What Parley knows of one language, from `data/lang/<code>/grammar.tsv`."""

    code: str
    words: dict[str, Phrases]  # category -> word tuples, folded (accents kept for ACCENTED_CATEGORIES)

    def phrases(self, category: str) -> Phrases:
        return self.words.get(category, NO_PHRASES)

    def singles(self, category: str) -> frozenset[str]:
        """The one-word entries of a category."""
        return frozenset(p[0] for p in self.phrases(category) if len(p) == 1)

    def texts(self, category: str) -> frozenset[str]:
        """The entries of a category as strings ("cerca de")."""
        return frozenset(" ".join(p) for p in self.phrases(category))

    @property
    def script(self) -> str:
        """The Unicode script its words are written in ("Latin", "Cyrillic")."""
        return next(iter(self.singles("script")), "Latin").capitalize()

    @property
    def letters(self) -> str:
        """The letters of its alphabet, lower case (`alphabet` in grammar.tsv)."""
        return "".join(sorted(set("".join(self.texts("alphabet")))))

    @property
    def match_lemmas(self) -> bool:
        """Whether trigger patterns also match by lemma (a `match_lemmas` row, "on", is present)."""
        return bool(self.phrases("match_lemmas"))


def load_languages(root: Path | None = None) -> dict[str, Language]:
    """Every language with a grammar.tsv under `lang/`, validated (errors name file, line,
    field), loaded once per data folder."""
    return _load_languages(Path(root or data_root()).resolve())


@lru_cache(maxsize=4)
def _load_languages(root: Path) -> dict[str, Language]:
    languages = {}
    for folder in sorted((root / "lang").iterdir()):
        path = folder / "grammar.tsv"
        if path.exists():
            words: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for row in read_table(path, ("category", "text"), (), {"category": one_of(*GRAMMAR_CATEGORIES)}):
                text = row["text"].lower() if row["category"] in ACCENTED_CATEGORIES else fold(row["text"])
                words[row["category"]].append(tuple(text.split()))
            languages[folder.name] = Language(folder.name, {c: Phrases(p) for c, p in words.items()})
    return languages


def script_of(text: str) -> str | None:
    """The Unicode script of the first letter of `text` ("Latin", "Cyrillic"), or None."""
    letter = next((c for c in text if c.isalpha()), None)
    if letter is None:
        return None
    return unicodedata.name(letter, "UNKNOWN").split()[0].capitalize()


def capital_letters(languages: dict[str, Language]) -> str:
    """A regular-expression class body of the capital letters of every language's alphabet."""
    letters = "".join(sorted({c.upper() for lang in languages.values() for c in lang.letters if c.upper() != c}))
    return "".join("\\" + c if c in "\\]^-" else c for c in letters)
