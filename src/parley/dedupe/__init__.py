"""Dedupe: near-duplicate articles grouped, event mentions merged into events.

- `articles`: MinHash fingerprints of each coded article and the groups of copies;
- `events`: mentions of one event merged across sentences, articles and languages.

`dedupe_store` runs both over a store, after every `parley extract --db`.
"""
from __future__ import annotations

from .articles import ArticleFingerprint, ArticleGroup, fingerprint_article, group_articles
from .events import DATE_WINDOW_DAYS, SYMMETRIC_TYPES, EventMention, MergedEvent, dyad_key, merge_events

__all__ = ["ArticleFingerprint", "ArticleGroup", "DATE_WINDOW_DAYS", "EventMention", "MergedEvent",
           "SYMMETRIC_TYPES", "dedupe_store", "dyad_key", "fingerprint_article", "group_articles", "merge_events"]


def dedupe_store(store, codings: dict | None = None) -> tuple[int, int]:
    """Regroup a store's near-duplicate articles, then rebuild its merged events from its
    event mentions; returns (article groups, merged events).

    `codings` maps (type, mode) to (CAMEO code, Goldstein value, quad class); by default
    they come from the ontology tables.
    """
    if codings is None:
        from ..events import EventGrammar

        codings = {key: (c.cameo, c.goldstein, c.quad_class) for key, c in EventGrammar().codings.items()}
    groups = store.write_groups(group_articles(store.fingerprints()))
    return groups, store.write_merged(merge_events(store.mentions_for_dedupe()), codings)
