"""The records that flow through Parley's pipeline, all in one place.

An `Article` enters at ingest and every stage fills in its own fields: clean text,
language, `Sentence`s, actor `Mention`s and `Event`s. The records are plain
dataclasses so that a coded article pickles cheaply across a process pool.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

FACTUALITY_COUNTED = ("asserted", "reported")


def content_hash(text: str) -> str:
    """A short stable hash of an article's text, used to skip unchanged articles."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True, kw_only=True)
class Actor:
    """A resolved political actor: who acts, for which country or IGO, in which sector."""

    country: str | None
    sector: str | None = None
    name: str | None = None
    id: str | None = None
    text: str = ""
    span: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict:
        return {"country": self.country, "sector": self.sector, "name": self.name,
                "id": self.id, "text": self.text, "span": list(self.span)}


@dataclass(slots=True, kw_only=True)
class Mention:
    """One match of the actor lexicon in a sentence, before and after resolution.

    `kind` says what matched: a country name, a demonym, a metonym (capital, seat of
    power), a role noun, a named person or body. `actor` is the resolution.
    """

    kind: str
    start: int
    end: int
    text: str
    actor: Actor
    preposition: str | None = None  # the word right before the mention, folded
    before: tuple[str, ...] = ()  # up to three folded words before the mention
    posted_to: Actor | None = None  # where a diplomat or mission serves: "its ambassador to Guyana"


@dataclass(slots=True)
class Token:
    """A word of a sentence: offsets in the article, surface, folded form, lemma, and the
    shallow tags the analysis gives it (a universal part of speech and features such as
    `VerbForm=Part`, `Voice=Pass`)."""

    start: int
    end: int
    surface: str
    folded: str
    lemma: str
    pos: str = ""
    feats: tuple[str, ...] = ()


@dataclass(slots=True, kw_only=True)
class Phrase:
    """An actor mention as a phrase of the sentence: the word that governs it (a preposition
    of a grammar category: locative, comitative, agent, ...) and the clause it stands in."""

    mention: int  # index into `Sentence.mentions`
    governed_by: str | None  # the grammar category of the words before it, or None
    clause: int  # index into `Analysis.clauses`
    joined_to: int | None = None  # the mention it is coordinated with ("Chile, Peru and Bolivia"), if any


@dataclass(slots=True, kw_only=True)
class Analysis:
    """What the events stage knows of a sentence's form, computed once (see `events.analysis`):
    tokens with tags, where clauses start (token indices), quotations (character offsets in
    the article), the triggers found (first token, last token + 1, trigger), the actors as phrases."""

    tokens: list[Token]
    clauses: list[int]
    quotes: list[tuple[int, int]]
    triggers: list[tuple]
    phrases: list[Phrase]


@dataclass(slots=True, kw_only=True)
class Sentence:
    """A sentence of the clean text with its character offsets in the article."""

    index: int
    start: int
    end: int
    text: str
    lang: str
    mentions: list[Mention] = field(default_factory=list)
    folded: str = ""  # `textnorm.fold(text)`, computed once for every matcher
    analysis: Analysis | None = None  # filled by the events stage for sentences with actors


@dataclass(slots=True)
class Dateline:
    """The place a wire story is filed from, before its first sentence ("MAIDUGURI, Nigeria
    (Reuters) -", "JARTUM, 14 nov (EFE).-", "МОСКВА, 12 окт —"): where what it tells happens,
    unless its sentences say otherwise. Offsets in the clean text; `country` is the one
    country its words name (set by the actors stage; the events stage may find it from a
    city)."""

    start: int
    end: int
    text: str
    country: str | None = None


@dataclass(slots=True, kw_only=True)
class Event:
    """One coded event mention: who did what to whom, when and where, and the evidence."""

    doc_id: str
    event_type: str
    mode: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None
    source: Actor | None
    target: Actor | None
    factuality: str  # asserted, reported (counted); planned, hypothetical, alleged, negated, background
    date: str | None
    location: dict | None
    sentence: str
    sentence_index: int
    span: tuple[int, int]
    trigger: str
    confidence: float
    lang: str
    rules: list[str] = field(default_factory=list)  # the rules that decided it (`parley explain`; not stored)

    @property
    def counted(self) -> bool:
        """Whether the event counts by default (asserted or reported, not planned/negated)."""
        return self.factuality in FACTUALITY_COUNTED

    def to_dict(self) -> dict:
        """The event as plain JSON-ready data (written field by field: `asdict` deep-copies and is slow)."""
        return {"doc_id": self.doc_id, "event_type": self.event_type, "mode": self.mode, "cameo": self.cameo,
                "goldstein": self.goldstein, "quad_class": self.quad_class,
                "source": self.source.to_dict() if self.source else None,
                "target": self.target.to_dict() if self.target else None,
                "factuality": self.factuality, "date": self.date,
                "location": dict(self.location) if self.location else None, "sentence": self.sentence,
                "sentence_index": self.sentence_index, "span": list(self.span), "trigger": self.trigger,
                "confidence": self.confidence, "lang": self.lang}


@dataclass(slots=True, kw_only=True)
class Article:
    """One news article and everything the pipeline learns about it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = None  # given, metadata, text or url (see `pubdate`)
    source: str | None = None
    lang: str | None = None
    path: str | None = None
    hash: str = ""
    clean_text: str = ""
    offset_map: list[tuple[int, int]] = field(default_factory=list)  # clean -> original offsets
    dropped_lines: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    dateline: Dateline | None = None  # where the story is filed from (see `sentences.find_dateline`)
    events: list[Event] = field(default_factory=list)
    text_fingerprint: bytes | None = None  # MinHash of its word shingles (see `dedupe.articles`)
    content_fingerprint: bytes | None = None  # MinHash of its language-neutral actor/event stream
    repeated: bool = False  # its id was given before in the same run (the later record wins)

    def __post_init__(self) -> None:
        if self.published is not None and self.published_source is None:
            self.published_source = "given"  # a date handed in with the article (JSONL, code_text)
        if not self.hash:
            self.hash = content_hash((self.title or "") + "\n" + self.text)
