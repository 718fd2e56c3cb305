"""Dedupe: merge event mentions that report the same event into one merged event.

Twenty articles in three languages report one meeting; an analyst wants it once, with
its twenty mentions behind it. Two mentions are the same event when they have the same
type, the same actors (in either order for CONSULT, AGREE and COOPERATE, which have no
direction), compatible modes (equal, or one unknown) and compatible dates: the same day,
or within `DATE_WINDOW_DAYS` when one of them is only known by its article's publication
date. Mentions with no date at all (neither in the text nor of the article) merge only
within their own article or story: nothing else says two of them are one event. Only counted mentions (asserted or reported) are merged.

Near-duplicate articles (see `articles.py`) are one story: an event's counts and its
merged confidence take each story once, however many copies printed it; every mention of
every copy stays linked to the event.

Cost is linear in the number of mentions: mentions are blocked by (type, dyad) and each
block is swept once in date order, so no two mentions of different blocks are compared.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# A mention dated only by its article's publication date joins an event this close to it.
DATE_WINDOW_DAYS = 3


@dataclass(frozen=True, slots=True)
class EventMention:
    """What dedup needs of a stored event mention."""

    event_id: str
    article_id: str
    source: str | None  # the article's outlet (or URL host); None when unknown
    event_type: str
    mode: str | None
    source_country: str | None
    target_country: str | None
    date: date | None  # the event's own date, from the text
    published: date | None  # the article's publication date
    confidence: float
    story: str | None = None  # the article's near-duplicate group; None when it has no copies
    coding: tuple[str, float, float] | None = None  # its (CAMEO code, Goldstein, quad class) as coded

    @property
    def story_key(self) -> str:
        return self.story or self.article_id


@dataclass(slots=True)
class MergedEvent:
    """One event and the mentions that report it (GDELT's NumMentions/NumArticles/NumSources)."""

    event_type: str
    mode: str | None
    source_country: str | None
    target_country: str | None
    date: date | None
    mentions: list[EventMention] = field(default_factory=list)

    @property
    def id(self) -> str:
        first = min(self.mentions, key=lambda m: m.event_id)
        return f"m:{first.event_id}"

    @property
    def day(self) -> date | None:
        """The day an analyst files the event under: its own date, else the day it was first
        reported. Every dated view (dyads, timeline, digest, export, API filters) uses this."""
        return self.date or min((m.published for m in self.mentions if m.published), default=None)

    def coding(self, codings: dict) -> tuple:
        """(CAMEO code, Goldstein value, quad class): the code its mentions were coded with when
        they agree (a trigger may carry a finer code than its type and mode), else the one of
        its type and mode in `codings`."""
        coded = {m.coding for m in self.mentions}
        if len(coded) == 1 and None not in coded:
            return next(iter(coded))
        return codings.get((self.event_type, self.mode)) or codings[(self.event_type, None)]

    @property
    def num_mentions(self) -> int:
        """Mentions, a story counted as its copy with the most mentions of the event."""
        per_article: dict[str, int] = defaultdict(int)
        for mention in self.mentions:
            per_article[mention.article_id] += 1
        per_story: dict[str, int] = {}
        for mention in self.mentions:
            per_story[mention.story_key] = max(per_story.get(mention.story_key, 0), per_article[mention.article_id])
        return sum(per_story.values())

    @property
    def num_articles(self) -> int:
        """Distinct stories: near-duplicate copies count once."""
        return len({m.story_key for m in self.mentions})

    @property
    def num_copies(self) -> int:
        """Articles beyond the first of each story (what near-duplicate grouping took out)."""
        return len({m.article_id for m in self.mentions}) - self.num_articles

    @property
    def num_sources(self) -> int:
        return len({m.source or m.article_id for m in self.mentions})

    @property
    def confidence(self) -> float:
        """1 - the chance that every story is wrong, taking stories as independent (a story
        counts with its most confident mention: copies of one story are not independent)."""
        best: dict[str, float] = {}
        for mention in self.mentions:
            best[mention.story_key] = max(best.get(mention.story_key, 0.0), mention.confidence)
        doubt = 1.0
        for confidence in best.values():
            doubt *= 1.0 - confidence
        return round(1.0 - doubt, 3)


def dyad_key(mention: EventMention) -> tuple[str, str | None, str | None]:
    """The block a mention belongs to: its type and its actors (unordered when symmetric)."""
    source, target = mention.source_country, mention.target_country
    if mention.event_type in SYMMETRIC_TYPES and source and target:
        source, target = sorted((source, target))
    return mention.event_type, source, target


def merge_events(mentions: Iterable[EventMention]) -> list[MergedEvent]:
    """Merged events, each with the mentions that report it, in block then date order."""
    blocks: dict[tuple, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        blocks[dyad_key(mention)].append(mention)
    merged: list[MergedEvent] = []
    for (event_type, source, target), block in sorted(blocks.items(), key=lambda kv: str(kv[0])):
        merged += _sweep(event_type, source, target, block)
    return merged


def _sweep(event_type: str, source: str | None, target: str | None, block: list[EventMention]) -> list[MergedEvent]:
    """One pass over a block in date order: a mention joins the open event it fits, else opens one."""
    dated = sorted((m for m in block if m.date or m.published), key=lambda m: (_when(m), m.event_id))
    undated = sorted((m for m in block if not (m.date or m.published)), key=lambda m: m.event_id)
    events: list[MergedEvent] = []
    open_events: list[MergedEvent] = []  # events still within the window of the mention at hand
    for mention in dated:
        when = _when(mention)
        open_events = [e for e in open_events if (when - e.date).days <= DATE_WINDOW_DAYS]
        home = next((e for e in open_events if _fits(e, mention)), None)
        if home is None:  # oriented as its first mention tells it
            home = MergedEvent(event_type, mention.mode, mention.source_country, mention.target_country, when)
            events.append(home)
            open_events.append(home)
        home.mentions.append(mention)
        if mention.date and home.date != mention.date and not any(m.date for m in home.mentions[:-1]):
            home.date = mention.date  # a date from the text beats a publication date
        home.mode = home.mode or mention.mode
    by_story: dict[str, list[MergedEvent]] = defaultdict(list)
    for mention in undated:  # no date to compare: one event per block, mode and story
        home = next((e for e in by_story[mention.story_key] if _modes_fit(e.mode, mention.mode)), None)
        if home is None:
            home = MergedEvent(event_type, mention.mode, mention.source_country, mention.target_country, None)
            events.append(home)
            by_story[mention.story_key].append(home)
        home.mentions.append(mention)
        home.mode = home.mode or mention.mode
    return events


def _when(mention: EventMention) -> date:
    return mention.date or mention.published  # type: ignore[return-value]


def _fits(event: MergedEvent, mention: EventMention) -> bool:
    if not _modes_fit(event.mode, mention.mode):
        return False
    own_dates = {m.date for m in event.mentions if m.date}
    if mention.date and own_dates:
        return mention.date in own_dates  # two text dates must agree to the day
    return True  # one side known only by publication date: the window decides


def _modes_fit(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b
