"""Events: find who did what to whom in a sentence, coded in PLOVER (with CAMEO).

A shallow, data-driven grammar over an analysis of each sentence, not a dependency parser
(see the README, "How events are coded", for why):

1. Analysis (`analysis`): tokens with lemma, part of speech and features, clauses,
   quotations, the triggers found and the actor mentions as phrases, computed once per
   sentence and kept on it.
2. Triggers (`triggers`): lemma sequences from `data/lang/<code>/triggers.tsv`, longest
   match first; a trigger carries the properties its type has in `ontology/plover.tsv`.
3. Attachment (`rules`): named rules, in the order of `data/grammar/rules.tsv`, decide
   the trigger's reading, its source and its targets; `dyads` holds the questions they
   ask about mentions (is it a place, joined to another, after an agent word ...).
4. Factuality (`factuality`): cue words of `grammar.tsv` around the trigger and the other
   triggers of its clause.
5. Coding (`coding`): `Event` records, each field decided once by its resolver, with what
   earlier sentences told (`discourse`).

Every event keeps the names of the rules that decided it (`parley explain`). Confidence
(0-1) is a transparent score, not a calibrated probability: 0.35 for a trigger, +0.25 if a
source was found, +0.2 for a target, +0.1 for a verb trigger, +0.1 when source and target
sit on opposite sides of the trigger. `code_events` is the entry point.
"""
from __future__ import annotations

from .coding import code_events, events_in_sentence
from .grammar import PLOVER_TYPES, Coding, EventGrammar, Token, Trigger
from .analysis import analyse, sentence_tokens
from .triggers import find_triggers

__all__ = ["PLOVER_TYPES", "Coding", "EventGrammar", "Token", "Trigger", "code_events", "events_in_sentence",
           "find_triggers", "sentence_tokens", "analyse"]
