"""The attachment grammar as named rules: who is the source and who the target of a trigger.

Each rule is a small function registered under a name with the field it decides. Which
rules run, in which order, for which event types (a property of `ontology/plover.tsv`) and
for which languages is data: `data/grammar/rules.tsv`. A rule looks at the `Attachment` of
one trigger (the candidate subjects before it, the candidate objects after it, its clause,
what earlier rules decided) and either passes (returns None), narrows the candidates or
sets a field (returns True), or decides the dyads (returns a list, which ends the run;
an empty list means no event). The names of the rules that acted are kept with each
dyad, so that `parley explain` can say why an event came out as it did.

Rules are written once over the shared analysis and the grammar words of `grammar.tsv`;
none names a word of a language or an event type.
"""
from __future__ import annotations

from ...records import Mention, Sentence
from ..dyads import subjects_before
from ..grammar import Token, Trigger
from . import attachment, implied, reading
from .book import REGISTRY, STAGES, Attachment, Dyad, Implied, Reading, RuleBook, load_rules, rule_names
from .reading import collect_objects

# the rule modules register their rules when imported; the rule book's file says which run
RULE_MODULES = (reading, attachment, implied)
__all__ = ["REGISTRY", "RULE_MODULES", "STAGES", "Attachment", "Dyad", "Implied", "Reading", "RuleBook", "attach",
           "dyad_readings", "load_rules", "rule_names"]


def attach(toks: list[Token], first: int, last: int, trigger: Trigger, actors: list[Mention],
           sentence: Sentence, words: dict, earlier, places: set[int] | None, stop: int | None,
           book: RuleBook, setting: str | None = None) -> tuple[list[Dyad], list[str]]:
    """The dyads of one trigger read as `trigger`, and the names of the rules that decided them."""
    a = Attachment(toks, first, last, trigger, actors, sentence, words, list(earlier), places, stop, setting=setting)
    a.left = subjects_before(actors, toks, first, trigger, sentence, words)
    lang = sentence.lang
    for r in book.of("candidates"):
        if r.applies(trigger, lang) and r.func(a):
            a.fired.append(r.name)
    collect_objects(a)
    a.earlier = [(p, t) for p, t in a.earlier if p >= a.clause]  # earlier verbs of another clause govern nothing here
    for r in book.of("attachment"):
        if not r.applies(trigger, lang):
            continue
        out = r.func(a)
        if out is None:
            continue
        a.fired.append(r.name)
        if out is not True:
            return out, a.fired
    dyads = []
    for source in a.doers():
        pending = Implied(a, source)
        target, by = None, "no_target"
        for r in book.of("implied_target"):
            if r.applies(trigger, lang):
                target = r.func(pending)
                if target is not None:
                    by = r.name
                    break
        dyads.append((source, target, False))
        if by not in a.fired:
            a.fired.append(by)
    return dyads, a.fired


def dyad_readings(toks, first, last, trigger, actors, sentence, words, earlier, places, stop, book: RuleBook,
                  setting: str | None = None):
    """(trigger, source, target, passive, rules) for each dyad of one trigger, the reading
    rules choosing the trigger's type by who does it."""
    def attach_as(reading: Trigger) -> tuple[list[Dyad], list[str]]:
        return attach(toks, first, last, reading, actors, sentence, words, earlier, places, stop, book, setting)

    context = Attachment(toks, first, last, trigger, actors, sentence, words, list(earlier), places, stop,
                         setting=setting)
    r = Reading(trigger, attach_as, context=context)
    reading_fired: list[str] = []
    for rule_ in book.of("reading"):
        if not rule_.applies(r.trigger, sentence.lang):
            continue
        if rule_.func(r):
            reading_fired.append(rule_.name)
        if r.done:
            break
    return [(r.trigger, source, target, passive, reading_fired + r.fired) for source, target, passive in r.dyads]
