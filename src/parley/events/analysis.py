"""The analysis of a sentence that every rule shares, computed once and kept on the
`Sentence`: tokens with lemma, a universal part of speech and features, where clauses
start, quotations, the triggers found and the actor mentions as phrases with the word
class that governs them.

It is a shallow analysis over the grammar words of `data/lang/<code>/grammar.tsv`, not a
dependency parse: a word class comes from the grammar category that lists it, a
participle from the language's `participle_ending`s, a passive from a participle after a
`passive_aux`. Parsers that run here without model downloads (natasha for Russian) cover
one language of three; the spaCy pipelines for Spanish on PyPI are third-party GPL-3.0
uploads, and none exists for Russian. A shallow analysis keeps one mechanism for every
language and the pipeline at its speed (see the README, "How events are coded").
"""
from __future__ import annotations

from ..morphology import CASE_NAMES, cases
from ..records import Analysis, Phrase, Sentence, Token
from ..textnorm import fold, tokens
from .grammar import EventGrammar
from .phrases import ends_with_phrase, in_mention, is_participle, quoted_spans
from .triggers import find_triggers

# Grammar categories of grammar.tsv and the universal part of speech of the words they list.
CATEGORY_POS = (("determiner", "DET"), ("possessive", "DET"), ("quantifier", "DET"), ("pronoun", "PRON"),
                ("passive_aux", "AUX"), ("modal", "AUX"), ("coord", "CCONJ"), ("complementizer", "SCONJ"),
                ("negation", "PART"), ("preposition", "ADP"), ("locative", "ADP"), ("genitive", "ADP"))

# Categories of the words that may govern an actor mention, most telling first.
GOVERNING = ("agent", "comitative", "on_behalf", "mediator", "between", "forum", "topic", "directional",
             "locative", "genitive", "preposition")

CASE_NAMES_ALL = frozenset(CASE_NAMES.values())
PASSIVE_REACH = 3  # an auxiliary at most this many words before a participle makes it passive


def sentence_tokens(sentence: Sentence, grammar: EventGrammar) -> list[Token]:
    """The sentence's words with folded forms and lemmas (the text is folded once)."""
    folded = sentence.folded or fold(sentence.text)
    return [Token(s + sentence.start, e + sentence.start, w, folded[s:e], grammar.lemma(w, sentence.lang))
            for s, e, w in tokens(sentence.text)]


def analyse(sentence: Sentence, grammar: EventGrammar) -> Analysis:
    """The sentence's analysis, computed on first use and kept on the sentence."""
    if sentence.analysis is None:
        words = grammar.words.get(sentence.lang, {})
        toks = sentence_tokens(sentence, grammar)
        # a trigger word inside an actor's own name is no event ("a U.S. carrier strike group arrived")
        triggers = [(first, last, trigger) for first, last, trigger in find_triggers(toks, sentence.lang, grammar, sentence.mentions)
                    if not all(in_mention(tok, sentence.mentions) for tok in toks[first:last])]
        clauses = clause_starts(toks, words)
        sentence.analysis = Analysis(tokens=toks, clauses=clauses, quotes=quoted_spans(sentence),
                                     triggers=triggers, phrases=actor_phrases(sentence, toks, clauses, words))
    return sentence.analysis


def tag(analysis: Analysis, sentence: Sentence, words: dict) -> Analysis:
    """Give each token a universal part of speech and features (only `parley explain` needs
    them: the rules ask the grammar categories directly, which is faster)."""
    toks = analysis.tokens
    by_category = {}
    for category, pos in CATEGORY_POS:
        for phrase in words.get(category, ()):
            if len(phrase) == 1:
                by_category.setdefault(phrase[0], pos)
    heads = {first: trigger.pos.upper() for first, _, trigger in analysis.triggers}
    aux = {p[0] for p in words.get("passive_aux", ()) if len(p) == 1}
    morphology = bool(words.get("morphology"))
    for i, tok in enumerate(toks):
        feats = []
        if is_participle(tok, words):
            feats.append("VerbForm=Part")
            if any(t.folded in aux for t in toks[max(0, i - PASSIVE_REACH):i]):
                feats.append("Voice=Pass")
        if any(tok.folded.endswith(e[0]) and len(tok.folded) > len(e[0]) + 2 for e in words.get("gerund_ending", ())):
            feats.append("VerbForm=Ger")
        if in_mention(tok, sentence.mentions):
            pos = "PROPN" if tok.surface[:1].isupper() else "NOUN"
        else:
            pos = heads.get(i) or by_category.get(tok.folded) or ("VERB" if feats else "NUM" if tok.surface[:1].isdigit()
                                                                  else "X")
        if morphology and pos in ("NOUN", "PROPN", "X"):
            found = cases(tok.folded, sentence.lang)
            if found and len(found) < len(CASE_NAMES_ALL):  # an unknown word may be in any case: no feature
                feats.append("Case=" + ",".join(sorted(found)))
        tok.pos, tok.feats = pos, tuple(feats)
    return analysis


def clause_starts(toks: list[Token], words: dict) -> list[int]:
    """Token indices where a clause starts: the first token, and each token after a clause
    word ("which", "but", "que", "который")."""
    clause_words = {p[0] for p in words.get("clause", ()) if len(p) == 1}
    return [0] + [i + 1 for i, tok in enumerate(toks[:-1]) if tok.folded in clause_words]


def actor_phrases(sentence: Sentence, toks: list[Token], clauses: list[int], words: dict) -> list[Phrase]:
    """Each actor mention with the category of the words that govern it and its clause."""
    phrases = []
    for index, mention in enumerate(sentence.mentions):
        governed = next((c for c in GOVERNING if ends_with_phrase(mention.before, words.get(c, ()))), None)
        first = next((i for i, t in enumerate(toks) if t.start >= mention.start), len(toks))
        clause = max((k for k, start in enumerate(clauses) if start <= first), default=0)
        joined = index - 1 if index and _joined(sentence, sentence.mentions[index - 1], mention, words) else None
        phrases.append(Phrase(mention=index, governed_by=governed, clause=clause, joined_to=joined))
    return phrases


def _joined(sentence: Sentence, left, right, words: dict) -> bool:
    """Whether only a comma or a `coord` word (and determiners) stand between two mentions."""
    gap = fold(sentence.text[left.end - sentence.start:right.start - sentence.start]).replace(",", " , ").split()
    glue = {p[0] for c in ("coord", "determiner") for p in words.get(c, ()) if len(p) == 1} | {","}
    return bool(gap) and all(w in glue for w in gap)
