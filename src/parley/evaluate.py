"""Evaluate: score coded events against gold annotations, the way the shared scorer does.

Gold is a folder of JSON files, one per document: `{"doc_id", "lang", "events": [{"type":
"CONSULT" | [types], "source": "USA", "target": "BLR" | null, "optional": false}]}`. An
event is the triple (type, source country, target country) of a document, counted once.
CONSULT, AGREE and COOPERATE compare their pair unordered; a gold target of null matches
any predicted target; an optional gold event is neither a miss nor a false alarm. Gold
and predictions are paired one to one, as many as possible (maximum bipartite matching).

Besides precision, recall and F1 per type and per language, `confusion` tells, for each
gold type, what Parley predicted for the same pair of countries in the same document
("-" when nothing), which is where a wrong trigger lexicon shows first.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .records import Event

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
Triple = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    types: tuple[str, ...]
    source: str | None
    target: str | None
    optional: bool = False
    evidence: str = ""

    def matches(self, pred: Triple) -> bool:
        ptype, psrc, ptgt = pred
        if ptype not in self.types:
            return False
        if self.target is None:
            return psrc == self.source or (ptype in SYMMETRIC and ptgt == self.source)
        return any(triple(t, self.source, self.target) == pred for t in self.types)

    def label(self) -> str:
        return f"{'/'.join(self.types)} {self.source}->{self.target}"


@dataclass
class Scores:
    """Counts of true positives, false positives and misses, overall and broken down."""

    total: Counter = field(default_factory=Counter)
    by_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_lang: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)
    docs: int = 0

    def count(self, outcome: str, event_type: str, lang: str) -> None:
        for counter in (self.total, self.by_type[event_type], self.by_lang[lang]):
            counter[outcome] += 1

    def headline(self) -> str:
        p, r, f = prf(self.total["tp"], self.total["fp"], self.total["fn"])
        return (f"event F1 {f:.3f} (P {p:.3f} R {r:.3f}; tp {self.total['tp']} fp {self.total['fp']} "
                f"fn {self.total['fn']}) on {self.docs} docs")


def actor_code(value: object) -> str | None:
    """An actor (object or string) reduced to its upper-case country or IGO code."""
    if isinstance(value, dict):
        value = value.get("country") or value.get("code")
    return str(value).strip().upper() or None if value else None


def triple(event_type: str, source: str | None, target: str | None) -> Triple:
    if event_type in SYMMETRIC and source and target:
        source, target = sorted((source, target))
    return (event_type, source, target)


def load_gold(gold_dir: str | Path) -> dict[str, tuple[str, list[GoldEvent]]]:
    """doc id -> (language, gold events) of every `*.json` file in `gold_dir`."""
    from .events import PLOVER_TYPES

    gold = {}
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise InputError(str(gold_dir), "no gold files (*.json) in this folder")
    for path in paths:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            events = []
            for raw in doc["events"]:
                types = tuple(raw["type"] if isinstance(raw["type"], list) else [raw["type"]])
                unknown = set(types) - set(PLOVER_TYPES)
                if unknown:
                    raise InputError(str(path), f"unknown event type {sorted(unknown)[0]!r}")
                events.append(GoldEvent(types, actor_code(raw.get("source")), actor_code(raw.get("target")),
                                        bool(raw.get("optional", False)), raw.get("evidence", "")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(str(path), f"not a gold file ({type(err).__name__}: {err})") from None
        gold[doc.get("doc_id") or path.stem] = (doc.get("lang", "?"), events)
    return gold


def predicted_triples(events: Iterable[Event | dict]) -> dict[str, set[Triple]]:
    """doc id -> the set of (type, source, target) triples of coded events or JSONL records."""
    pred: dict[str, set[Triple]] = defaultdict(set)
    for event in events:
        record = event.to_dict() if isinstance(event, Event) else event
        pred[str(record["doc_id"])].add(triple(str(record["event_type"]).upper(), actor_code(record.get("source")),
                                               actor_code(record.get("target"))))
    return pred


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pair_up(core: list[GoldEvent], predicted: list[Triple]) -> dict[int, int]:
    """Prediction index -> gold index, a maximum one-to-one matching (augmenting paths)."""
    owner: dict[int, int] = {}

    def claim(g: int, seen: set[int]) -> bool:
        for p, pred in enumerate(predicted):
            if p in seen or not core[g].matches(pred):
                continue
            seen.add(p)
            if p not in owner or claim(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(core)):
        claim(g, set())
    return owner


def score(gold: dict[str, tuple[str, list[GoldEvent]]], pred: dict[str, set[Triple]]) -> Scores:
    """Score predictions against gold; documents without gold are ignored."""
    scores = Scores(docs=len(gold))
    for doc_id, (lang, events) in gold.items():
        predicted = sorted(pred.get(doc_id, set()), key=str)
        core = [g for g in events if not g.optional]
        optional = [g for g in events if g.optional]
        owner = pair_up(core, predicted)
        found = set(owner.values())
        for g, event in enumerate(core):
            scores.count("tp" if g in found else "fn", event.types[0], lang)
            got = event.types[0] if g in found else _same_pair_type(event, predicted, owner)
            scores.confusion[event.types[0]][got] += 1
            if g not in found:
                scores.errors.append(f"  MISS  {doc_id}: {event.label()}  | {event.evidence[:90]}")
        for p, pred_event in enumerate(predicted):
            if p in owner or any(o.matches(pred_event) for o in optional):
                continue
            scores.count("fp", pred_event[0], lang)
            if not any({g.source, g.target} == {pred_event[1], pred_event[2]} for g in core):
                scores.confusion["-"][pred_event[0]] += 1
            scores.errors.append(f"  FALSE {doc_id}: {pred_event[0]} {pred_event[1]}->{pred_event[2]}")
    return scores


def _same_pair_type(event: GoldEvent, predicted: list[Triple], owner: dict[int, int]) -> str:
    """The type Parley gave the gold event's pair of countries instead, or "-"."""
    pair = {event.source, event.target}
    for p, (ptype, psrc, ptgt) in enumerate(predicted):
        if p not in owner and (pair == {psrc, ptgt} or (event.target is None and psrc == event.source)):
            return ptype
    return "-"


def format_table(scores: Scores) -> str:
    """Per-type and per-language figures, then the headline (as the shared scorer prints)."""
    lines = [f"{'':10} {'tp':>4} {'fp':>4} {'fn':>4}   P     R     F1"]
    rows = sorted(scores.by_type.items()) + [("--", Counter())] + sorted(scores.by_lang.items())
    for name, c in rows:
        if name == "--":
            lines.append("-" * 46)
            continue
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"{name:10} {c['tp']:4} {c['fp']:4} {c['fn']:4}  {p:.2f}  {r:.2f}  {f:.2f}")
    lines.append(scores.headline())
    return "\n".join(lines)


def format_confusion(scores: Scores, width: int | None = None) -> str:
    """Rows: gold type ("-" for no gold event on that pair); columns: predicted type ("-": none).
    Columns are headed by the type's name when the table fits `width` (or no width is given),
    else by a number, the type's number among the rows (a legend names the others)."""
    gold_types = sorted(t for t in scores.confusion if t != "-") + (["-"] if "-" in scores.confusion else [])
    pred_types = sorted({p for row in scores.confusion.values() for p in row} - {"-"}) + ["-"]
    name_width = max([len(t) for t in pred_types + gold_types] + [4])
    if width is None or (name_width + 1) * (len(pred_types) + 1) <= width:
        lines = ["gold \\ predicted",
                 " " * (name_width + 1) + " ".join(f"{t[:name_width]:>{name_width}}" for t in pred_types)]
        for gold_type in gold_types:
            row = scores.confusion[gold_type]
            lines.append(f"{gold_type:<{name_width}} "
                         + " ".join(f"{row.get(t, 0) or '.':>{name_width}}" for t in pred_types))
        return "\n".join(lines)
    number = {t: str(n) for n, t in enumerate(sorted(set(gold_types + pred_types) - {"-"}), 1)} | {"-": "-"}
    cell = max([len(n) for n in number.values()] + [len(str(c)) for r in scores.confusion.values() for c in r.values()])
    others = [f"{number[t]} {t}" for t in pred_types if t not in gold_types and t != "-"]
    lines = ["gold \\ predicted (columns numbered as the rows" + (f"; {', '.join(others)}" if others else "") + ")",
             " " * (name_width + cell + 2) + " ".join(f"{number[t]:>{cell}}" for t in pred_types)]
    for gold_type in gold_types:
        row = scores.confusion[gold_type]
        lines.append(f"{gold_type:<{name_width}} {number[gold_type]:>{cell}} "
                     + " ".join(f"{row.get(t, 0) or '.':>{cell}}" for t in pred_types))
    return "\n".join(lines)


# -- sentence tables: texts and their expected events in one TSV file -----------------

TABLE_COLUMNS = ("id", "type", "text", "events")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One sentence of a test table: its id, language, the PLOVER type it was written for,
    its text and the events it asserts (none for a trap)."""

    id: str
    lang: str
    written_for: str
    text: str
    events: tuple[GoldEvent, ...]


def load_sentence_table(path: str | Path) -> list[TableRow]:
    """The rows of a TSV table with columns id, type, text, events (optionally lang); a
    table may group its rows by a `kind` of expression ("pronoun_subject") instead of the
    PLOVER type they were written for, and its figures are then per kind.

    `events` lists `TYPE SOURCE>TARGET` separated by ';' (`-` for no target), or `none`.
    The language is the `lang` column, else the id's prefix before its first '-'.
    Used for blind test sentences, written by people who had not seen the lexicons.
    """
    from .events import PLOVER_TYPES

    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read the table ({err})") from None
    if not lines:
        raise InputError(str(path), "empty table")
    header = lines[0].split("\t")
    if "type" not in header and "kind" in header:  # rows grouped by kind of expression, not by type
        header = ["type" if c == "kind" else c for c in header]
        by_kind = True
    else:
        by_kind = False
    missing = [c for c in TABLE_COLUMNS if c not in header]
    if missing:
        raise InputError(str(path), f"header lacks column '{missing[0]}' (expected {', '.join(TABLE_COLUMNS)})", 1)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise InputError(str(path), f"{len(cells)} cells, the header has {len(header)}", number)
        record = dict(zip(header, cells))
        if not by_kind and record["type"] not in PLOVER_TYPES:
            raise InputError(str(path), f"field 'type': unknown event type {record['type']!r}", number)
        events = tuple(_table_event(part.strip(), str(path), number, PLOVER_TYPES)
                       for part in record["events"].split(";") if record["events"].strip() != "none")
        lang = record.get("lang") or record["id"].split("-", 1)[0]
        rows.append(TableRow(record["id"], lang, record["type"], record["text"], events))
    return rows


def _table_event(text: str, path: str, number: int, known: Iterable[str]) -> GoldEvent:
    try:
        event_type, pair = text.split()
        source, target = pair.split(">")
    except ValueError:
        raise InputError(path, f"field 'events': {text!r} is not 'TYPE SOURCE>TARGET'", number) from None
    if event_type not in known:
        raise InputError(path, f"field 'events': unknown event type {event_type!r}", number)
    return GoldEvent((event_type,), actor_code(source), None if target == "-" else actor_code(target))


def table_gold(rows: Iterable[TableRow]) -> dict[str, tuple[str, list[GoldEvent]]]:
    """A table's rows as gold documents for `score`."""
    return {row.id: (row.lang, list(row.events)) for row in rows}


def pass_rates(rows: Iterable[TableRow], pred: dict[str, set[Triple]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(language, type written for) -> (sentences coded exactly right, sentences): a sentence
    passes when every expected event is found and nothing else is."""
    rates: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        result = score({row.id: (row.lang, list(row.events))}, {row.id: pred.get(row.id, set())})
        rates[(row.lang, row.written_for)][0] += not result.total["fp"] and not result.total["fn"]
        rates[(row.lang, row.written_for)][1] += 1
    return {key: (passed, total) for key, (passed, total) in rates.items()}


def format_pass_rates(rates: dict[tuple[str, str], tuple[int, int]]) -> str:
    """A type-by-language table of pass rates (percent of sentences coded exactly right)."""
    langs = sorted({lang for lang, _ in rates})
    types = sorted({t for _, t in rates})
    lines = [f"{'sentences right':16}" + "".join(f"{lang:>8}" for lang in langs)]
    for event_type in types:
        cells = []
        for lang in langs:
            passed, total = rates.get((lang, event_type), (0, 0))
            cells.append(f"{100 * passed / total:7.0f}%" if total else f"{'-':>8}")
        lines.append(f"{event_type:16}" + "".join(cells))
    totals = [sum(p for (l, _), (p, _) in rates.items() if l == lang) /
              max(1, sum(n for (l, _), (_, n) in rates.items() if l == lang)) for lang in langs]
    lines.append(f"{'all':16}" + "".join(f"{100 * t:7.0f}%" for t in totals))
    return "\n".join(lines)
