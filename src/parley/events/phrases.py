"""Small questions about tokens and the text between them: does a phrase stand in a
window, where does the clause start, is a word inside a quotation or an actor's name."""
from __future__ import annotations

from functools import lru_cache

from ..records import Mention, Sentence
from ..textnorm import fold
from .grammar import NO_PHRASES, Phrases, Token


def has_phrase(toks: list[Token], lo: int, hi: int, phrases: Phrases) -> bool:
    return phrase_end(toks, lo, hi, phrases) is not None


def phrase_end(toks: list[Token], lo: int, hi: int, phrases: Phrases) -> int | None:
    """The index of the token after the first of `phrases` within toks[lo:hi], or None."""
    lo = max(lo, 0)
    window = [t.folded for t in toks[lo:hi]]
    for i in range(len(window)):
        for n in phrases.lengths:
            if i + n <= len(window) and tuple(window[i:i + n]) in phrases:
                return lo + i + n
    return None


def after_last_mark(toks: list[Token], first: int, sentence: Sentence, marks) -> int:
    """The first token after the last of `marks` before token `first`: cues do not reach past a
    quotation mark or colon, a denial not past a comma ("denies all accusations, insisting
    that the U.S. ..." insists, it does not deny)."""
    text = sentence.text[:toks[first].start - sentence.start]
    mark = max(text.rfind(ch) for ch in marks)
    if mark < 0:
        return 0
    return next((i for i in range(first) if toks[i].start - sentence.start > mark), first)


def after_coordinated_predicate(toks: list[Token], first: int, sentence: Sentence, words: dict) -> int:
    """The first token after the last comma-and-coordinator (", y", ", and", ", и") before token
    `first`: a predicate coordinated after a comma is a clause of its own, so the cues of the one
    before ("si no deroga la ley, y exigió un calendario": no negation) do not reach it."""
    coord = {p[0] for p in words.get("coord", ()) if len(p) == 1}
    for i in range(first - 1, 0, -1):
        if toks[i].folded in coord and "," in sentence.text[toks[i - 1].end - sentence.start:toks[i].start - sentence.start]:
            return i + 1
    return 0


def has_suffix(tok: Token, words: dict, category: str) -> bool:
    word = tok.surface.lower()
    return any(word.endswith(s[0]) and len(word) > len(s[0]) + 2 for s in words.get(category, []))


def clause_start_of(toks: list[Token], first: int, words: dict) -> int:
    """Where the clause of the token at `first` starts: after the last `clause` word before it
    that is not the end of a `modal` phrase ("tiene que permitir": one clause)."""
    clause_words = {p[0] for p in words.get("clause", []) if len(p) == 1}
    modals = words.get("modal", ())
    for i in range(first - 1, -1, -1):
        if toks[i].folded in clause_words \
                and not (i and (toks[i - 1].folded, toks[i].folded) in modals):
            return i + 1
    return 0


PARTICIPLE_ENDINGS_KEY = "participle_ending"  # the grammar.tsv category of a language's participle endings


def is_participle(tok: Token, words: dict) -> bool:
    """Whether a token is an inflected form with a participle's ending of its language
    (`participle_ending` in grammar.tsv: "released", "impuestas", "задержан"), or one of its
    irregular participles ("shot", `irregular_participle`, none of them also a base form): the
    lemmatiser took it back to another form."""
    return (tok.folded != tok.lemma and tok.folded.endswith(participle_endings(words))) \
        or (tok.folded,) in words.get("irregular_participle", ())


def participle_endings(words: dict) -> tuple[str, ...]:
    return tuple(p[0] for p in words.get(PARTICIPLE_ENDINGS_KEY, ()))


def prep_in(mention: Mention, phrases: list[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` ("in", "cerca de", "по поводу") stands right before the mention."""
    return ends_with_phrase(mention.before, phrases)


def ends_with_phrase(words: tuple[str, ...], phrases) -> bool:
    lengths = getattr(phrases, "lengths", None)
    if lengths is None:  # a plain list of phrases
        return any(words[-len(p):] == p for p in phrases if len(p) <= len(words))
    count = len(words)  # a Phrases set: one lookup per phrase length
    return any(tuple(words[count - n:]) in phrases for n in lengths if n <= count)


SPEECH_BREAKS = frozenset(':;"«»“”')


def speech_break(sentence: Sentence, start: int, end: int) -> bool:
    """Whether a colon, semicolon or quotation mark stands between two offsets: what follows
    is another statement."""
    return any(ch in SPEECH_BREAKS for ch in sentence.text[start - sentence.start:end - sentence.start])


def in_mention(tok: Token, mentions: list[Mention]) -> bool:
    return any(m.start <= tok.start and tok.end <= m.end for m in mentions)


QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "\u201e": "\u201c"}


def quoted_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of quoted words ("stated that “Maduro’s days are numbered” and did not rule out"):
    an actor inside a closed quotation is never the subject of a verb after it."""
    return [(sentence.start + s, sentence.start + e) for s, e in _quote_spans(sentence.text)]


@lru_cache(maxsize=256)
def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each closed quotation in `text`; cached, as every trigger of a sentence asks."""
    spans, i = [], 0
    while True:
        i = min((j for j in (text.find(q, i) for q in QUOTE_PAIRS) if j >= 0), default=-1)
        if i < 0:
            return tuple(spans)
        end = text.find(QUOTE_PAIRS[text[i]], i + 1)
        if end > i:
            spans.append((i, end + 1))
            i = end + 1
        else:
            i += 1


def breaks_between(sentence: Sentence, start: int, end: int, words: dict) -> bool:
    """Whether a clause break (";", "but", ", y") stands between two offsets of the sentence."""
    between = fold(sentence.text[start - sentence.start:end - sentence.start])
    return contains_phrase(between.replace(";", " ; ").replace(":", " : ").replace(",", " , ").split(),
                            words.get("clause", NO_PHRASES))


def contains_phrase(text: list[str], phrases: Phrases) -> bool:
    """Whether any of `phrases` occurs in the word list `text` (one set lookup per position and length)."""
    return any(tuple(text[i:i + n]) in phrases for n in phrases.lengths for i in range(len(text) - n + 1))


def after_preposition(toks: list[Token], i: int, words: dict) -> bool:
    """Whether a preposition stands before token `i`, past at most two determiners or
    possessives ("after the talks", "in exchange for the lifting", "tras su visita")."""
    fillers = words.get("determiner", NO_PHRASES) | words.get("possessive", NO_PHRASES)
    for j in range(i - 1, max(i - 4, -1), -1):
        if (toks[j].folded,) in words.get("preposition", NO_PHRASES):
            return True
        if (toks[j].folded,) not in fillers:
            return False
    return False
