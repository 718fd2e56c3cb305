"""Events: find who did what to whom in a sentence, coded in PLOVER (with CAMEO).

A shallow, data-driven grammar, not a dependency parser: no parser with models on
PyPI covers English, Spanish and Russian at the speed Parley needs (hundreds of
articles a second per core), and news sentences about interstate events are regular
enough for a few rules over actor mentions and trigger words.

1. Triggers: lemma sequences from `data/lang/<code>/triggers.tsv`, matched on
   simplemma lemmas (or the lower-cased surface form), longest match first.
2. Source: the nearest actor before the trigger that is not a place ("in Minsk") and
   not a partner ("with Putin"); in the passive ("were released by Belarus") the
   agent after "by"/"por" is the source and the subject the target.
3. Targets: the nearest actor after the trigger, plus actors coordinated with it
   ("visits to Cuba, Ecuador and Nicaragua" gives three events). For symmetric types
   with no actor after the trigger, "X and Y met" gives X and Y.
4. Factuality from cue words in `grammar.tsv`: negation, modality, future and
   conditionals in the few words before the trigger; reporting cues anywhere in the
   sentence; a question is hypothetical.

Confidence (0-1) is a transparent score, not a calibrated probability: 0.35 for a
trigger, +0.25 if a source was found, +0.2 for a target, +0.1 for a verb trigger,
+0.1 when source and target sit on opposite sides of the trigger.

The stage in modules, in the order a sentence goes through them: `grammar` (the data),
`triggers` (1), `dyads` (2, 3), `factuality` (4), and `coding`, which makes `Event`
records and carries date, subject and events from one sentence to the next; `phrases`
holds the small token and text questions they share. `code_events` is the entry point.
"""
from __future__ import annotations

from .coding import code_events, events_in_sentence
from .grammar import PLOVER_TYPES, Coding, EventGrammar, Token, Trigger
from .analysis import analyse, sentence_tokens
from .triggers import find_triggers

__all__ = ["PLOVER_TYPES", "Coding", "EventGrammar", "Token", "Trigger", "code_events", "events_in_sentence",
           "find_triggers", "sentence_tokens", "analyse"]
