"""Why an event came out as it did: the analysis of each sentence of a text and, for each
event, its trigger and the rules that decided each field (`parley explain`)."""
from __future__ import annotations

import textwrap
from datetime import date

from .events.analysis import analyse, tag
from .events.rules import REGISTRY
from .pipeline import Pipeline
from .records import Article, Event, Sentence

# What the steps that are not attachment rules decide, by the prefix of their name.
STEP_FIELDS = {"trigger": "type", "factuality": "factuality", "date": "date", "location": "location",
               "target": "target"}
STEP_DOCS = {
    "trigger": "the trigger pattern of triggers.tsv that matched, which gives the type and mode",
    "factuality": "the cue word category of grammar.tsv that decided the factuality (none: asserted)",
    "date:sentence": "the date expression nearest the trigger in the sentence",
    "date:carried_from_before": "no date in the sentence: the date of the events told just before",
    "date:none": "no date in the sentence or just before it",
    "location:sentence": "the first country, capital or city after a locative word",
    "location:where_the_story_is_set": "the sentence names no place: the article's dateline, else "
                                       "the place its first sentence named",
    "location:none": "the sentence names no place, nor the article before it",
    "target:place_named_before": "a move with no target whose sentence points back to a place: "
                                 "the last foreign country the sentence before named",
    "target:at_home": "a rally or deployment with no target (or a rebels' truce), where it happens in its "
                      "doer's own country: that country (a move at home)",
    "no_target": "no implied-target rule found a target: the event has none (a type that needs one is dropped)",
    "echoed_event": "a reaction naming an earlier event by its noun is aimed at that event's source",
}


def explain_text(text: str, lang: str | None = None, published: date | None = None,
                 pipeline: Pipeline | None = None) -> dict:
    """The analysis of each sentence and every event (whatever its factuality) with the
    rules behind it, as JSON-ready data: `{"sentences": [...], "events": [...]}`."""
    pipe = pipeline or Pipeline()
    article = pipe.code_article(Article(id="text", text=text, lang=lang, published=published))
    return {"lang": article.lang,
            "sentences": [_sentence(s, pipe) for s in article.sentences],
            "events": [_event(e) for e in article.events]}


def _sentence(sentence: Sentence, pipe: Pipeline) -> dict:
    grammar = pipe.grammar
    analysis = tag(analyse(sentence, grammar), sentence, grammar.words.get(sentence.lang, {}))
    toks = analysis.tokens
    return {
        "index": sentence.index, "lang": sentence.lang, "text": sentence.text,
        "tokens": [{"text": t.surface, "lemma": t.lemma, "pos": t.pos, "feats": list(t.feats)} for t in toks],
        "clauses": analysis.clauses,
        "quotes": [[s - sentence.start, e - sentence.start] for s, e in analysis.quotes],
        "actors": [{"text": m.text, "kind": m.kind, **m.actor.to_dict(), "governed_by": p.governed_by,
                    "clause": p.clause, "joined_to": p.joined_to} for m, p in zip(sentence.mentions, analysis.phrases)],
        "triggers": [{"text": " ".join(t.surface for t in toks[first:last]), "type": trigger.event_type,
                      "mode": trigger.mode, "pos": trigger.pos, "pattern": " ".join(trigger.words)}
                     for first, last, trigger in analysis.triggers],
    }


def _event(event: Event) -> dict:
    record = event.to_dict()
    record["rules"] = [describe(name) for name in event.rules]
    return record


def describe(name: str) -> dict:
    """A rule's name, the field it decides and what it says."""
    if name in REGISTRY:
        rule = REGISTRY[name]
        return {"rule": name, "decides": rule.decides, "says": rule.doc}
    prefix = name.split(":", 1)[0]
    doc = STEP_DOCS.get(name) or STEP_DOCS.get(prefix, "")
    return {"rule": name, "decides": STEP_FIELDS.get(prefix, "target"), "says": doc}


def format_explanation(explained: dict, width: int = 100) -> str:
    """The explanation as text: each sentence's analysis, then each event and its rules."""
    lines = []
    for s in explained["sentences"]:
        lines.append(f"Sentence {s['index']} ({s['lang']}): {s['text']}")
        lines.append("  tokens:   " + " ".join(f"{t['text']}/{t['pos'] or 'X'}"
                                             + (f"[{','.join(t['feats'])}]" if t["feats"] else "")
                                             for t in s["tokens"]))
        if len(s["clauses"]) > 1:
            lines.append("  clauses:  start at tokens " + ", ".join(str(c) for c in s["clauses"]))
        for a in s["actors"]:
            who = "/".join(str(v) for v in (a["country"], a["sector"], a["name"]) if v)
            joined = s["actors"][a["joined_to"]]["text"] if a["joined_to"] is not None else None
            lines.append(f"  actor:    {a['text']!r} -> {who or '?'} ({a['kind']}"
                         + (f"; governed by a '{a['governed_by']}' word" if a["governed_by"] else "")
                         + (f"; joined to {joined!r}" if joined else "") + ")")
        for t in s["triggers"]:
            lines.append(f"  trigger:  {t['text']!r} -> {t['type']}{':' + t['mode'] if t['mode'] else ''} ({t['pos']})")
    if not explained["events"]:
        lines.append("\nNo event.")
    for e in explained["events"]:
        target = e["target"]["country"] if e["target"] else "-"
        lines.append(f"\nEvent {e['event_type']}{':' + e['mode'] if e['mode'] else ''} "
                     f"{e['source']['country']} -> {target} ({e['factuality']}; CAMEO {e['cameo']}), "
                     f"sentence {e['sentence_index']}, trigger {e['trigger']!r}")
        for r in e["rules"]:
            said = textwrap.wrap(r["says"], max(width - 43, 30)) or [""]
            lines.append(f"  {r['decides']:<13} {r['rule']:<26} {said[0]}")
            lines += [" " * 43 + more for more in said[1:]]
    return "\n".join(lines)
