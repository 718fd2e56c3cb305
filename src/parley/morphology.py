"""Grammatical case from a morphological analyser, for languages whose grammar.tsv names
one (`morphology pymorphy3`): the case of a word tells a subject from an object where word
order does not ("Российских дипломатов выслали Эстония и Латвия": the countries, in the
nominative, expel).

pymorphy3 (MIT; its OpenCorpora dictionary ships in the `pymorphy3-dicts-<lang>` wheel) is
loaded once per process and language, on first use; its answers are cached per word.
"""
from __future__ import annotations

from functools import lru_cache

# pymorphy3's case tags and the Universal Dependencies names the analysis shows.
CASE_NAMES = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc", "acc2": "Acc",
              "ablt": "Ins", "loct": "Loc", "loc2": "Loc", "voct": "Voc"}
CASE_CACHE_WORDS = 100_000


@lru_cache(maxsize=8)
def _analyser(lang: str):
    """The language's analyser, or None where it has no dictionary: the answer is cached
    either way, so that a language without one (English, Spanish) does not try to load one for
    every new word, which costs as much as loading it."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, LookupError, ImportError):  # no dictionary for the language
        return None


@lru_cache(maxsize=CASE_CACHE_WORDS)
def _readings(word: str, lang: str) -> tuple[tuple[str | None, str | None, str | None, str | None], ...] | None:
    """(case, number, gender, part of speech) of each dictionary reading of `word`, parsed
    once; () for a word the dictionary does not know, None for a language the analyser lacks."""
    analyser = _analyser(lang)
    if analyser is None:
        return None
    parses = analyser.parse(word)
    return tuple((_str(p.tag.case), _str(p.tag.number), _str(p.tag.gender), _str(p.tag.POS))
                 for p in parses if p.is_known)


def cases(word: str, lang: str) -> frozenset[str]:
    """Every case `word` may be in (UD names: Nom, Gen, Dat, Acc, Ins, Loc), by any of its
    dictionary readings; every case for a word the dictionary does not know (a foreign name:
    the analyser's guesses from its ending are not evidence), none for a word with no case
    (a verb) or a language the analyser lacks."""
    readings = _readings(word, lang)
    if readings is None:
        return frozenset()
    if not readings:
        return frozenset(CASE_NAMES.values())
    return frozenset(CASE_NAMES[case] for case, _, _, _ in readings if case in CASE_NAMES)


NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF"})  # nouns, full adjectives and participles


def may_be_genitive_noun(word: str, lang: str) -> bool:
    """Whether a word the dictionary knows may be a noun or adjective in the genitive
    ("внутренних", "дел"); a word that may be a preposition, conjunction or particle ("в", also
    read as the letter's name) or an unknown word may not."""
    readings = _readings(word, lang) or ()
    return any(case in ("gent", "gen2") and pos in NOMINAL_POS for case, _, _, pos in readings) \
        and not any(pos in FUNCTION_POS for _, _, _, pos in readings)


FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})


def may_be_nominative(text: str, lang: str) -> bool:
    """Whether a phrase may be a subject: one of its words may be in the nominative (an
    indeclinable name may be in any case)."""
    return any("Nom" in cases(word, lang) for word in text.split() if any(c.isalpha() for c in word))


def is_gerund(word: str, lang: str) -> bool:
    """Whether a dictionary reading of `word` is an adverbial participle ("обвинив", "требуя"),
    for languages whose gerunds no ending tells apart from adjectives."""
    return any(pos == "GRND" for _, _, _, pos in _readings(word.lower(), lang) or ())


def is_participle_form(word: str, lang: str) -> bool:
    """Whether a dictionary reading of `word` is a full participle ("введенный", "задержанных"),
    for languages whose participles no short ending tells apart from adjectives."""
    return any(pos == "PRTF" for _, _, _, pos in _readings(word.lower(), lang) or ())


def _verb_forms(word: str, lang: str) -> frozenset[tuple[str | None, str | None]]:
    """(number, gender) of each finite verb reading of `word` (gender only in the past
    singular: "поддержала" is singular feminine); empty if it is no known finite verb."""
    return frozenset((number, gender) for _, number, gender, pos in _readings(word, lang) or () if pos == "VERB")


def _nominatives(word: str, lang: str) -> frozenset[tuple[str | None, str | None]] | None:
    """(number, gender) of each nominative reading of `word`; None for a word the dictionary
    does not know (it may be anything)."""
    readings = _readings(word, lang)
    if not readings:
        return None
    return frozenset((number, gender) for case, number, gender, _ in readings if case == "nomn")


def may_be_subject_of(text: str, verb: str, lang: str) -> bool:
    """Whether a phrase may be the subject of a finite verb: one of its words may be in the
    nominative and agree with the verb in number (and, in the past singular, gender):
    "Заявку Молдавии поддержала Румыния" — "Молдавии" may be a nominative plural, but
    "поддержала" is singular, so Romania supports."""
    forms = _verb_forms(verb.lower(), lang)
    if not forms:
        return may_be_nominative(text, lang)
    for word in text.split():
        if not any(c.isalpha() for c in word):
            continue
        nominatives = _nominatives(word.lower().strip("«»\"“”'"), lang)
        if nominatives is None:
            return True
        for number, gender in nominatives:
            for verb_number, verb_gender in forms:
                if number == verb_number and (verb_gender is None or gender in (None, verb_gender, "ms-f")):
                    return True
    return False


def _str(value) -> str | None:
    """pymorphy3's grammeme as a plain string (its own objects refuse comparison with unknown names)."""
    return None if value is None else str(value)
