"""Extraction: one complete run of `parley extract`, from input paths to stored, merged events.

A run reads the inputs (`ingest`), codes them batch by batch (`pipeline`), writes the
coded articles to a store and/or an events file, and finishes the store with its dedupe
(`dedupe`). Dedupe is part of what makes a run complete: a store whose last run was
killed between its final write and its dedupe is marked (see `Store.dedupe_pending`),
and the next run redoes the dedupe even when it has nothing new to code, so that a
killed run followed by a rerun always equals a clean run.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import InputError
from .ingest import ErrorHandler, read_articles
from .pipeline import code_articles
from .pubdate import apply_given_dates
from .records import Article

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class RunTotals:
    """What a run did: articles coded, events found, articles stored, and the store's dedupe."""

    articles: int = 0
    events: int = 0
    stored: int = 0
    written_events: int = 0
    groups: int | None = None
    merged: int | None = None
    problems: list[InputError] = field(default_factory=list)


def run_extraction(paths: Iterable[str], *, settings: dict[str, Any], store: Any = None, writer: Any = None,
                   jobs: int | None = None, counted_only: bool = True, on_error: ErrorHandler | None = None,
                   progress: Callable[[int], None] | None = None,
                   given_dates: dict[str, date] | None = None) -> RunTotals:
    """Code every article under `paths` into `store` (a `Store`) and/or `writer` (an `EventWriter`).

    Problems with single inputs go to `on_error` and the run goes on; a failure of the
    store itself raises `StoreError` (what was written before it stays intact).
    `given_dates` (from `--dates`, see `pubdate.read_date_sidecar`) maps files to their
    publication dates.
    """
    totals = RunTotals()

    def report(err: InputError) -> None:
        totals.problems.append(err)
        if on_error is not None:
            on_error(err)

    articles = read_articles(paths, report, int(settings["pipeline"]["max_article_bytes"]))
    if given_dates is not None:
        articles = apply_given_dates(articles, given_dates, paths)
    known = store.known_hashes() if store is not None and writer is None else {}
    articles = unchanged_left_out(later_wins(articles, report), known)
    buffer = store.buffered(int(settings["store"]["write_every_articles"]),
                            float(settings["store"]["write_every_seconds"]), report) if store is not None else None
    with buffer if buffer is not None else _Nothing():
        for batch in code_articles(articles, settings, jobs):
            if buffer is not None:
                buffer.add(batch)
            if writer is not None:
                writer.write([e for a in batch for e in a.events if e.counted or not counted_only])
            totals.articles += len(batch)
            totals.events += sum(len(a.events) for a in batch)
            if progress is not None:
                progress(len(batch))
    if buffer is not None:
        totals.stored = buffer.written
    if writer is not None:
        totals.written_events = writer.count
    if store is not None and (totals.stored or store.dedupe_pending()):
        from .dedupe import dedupe_store

        totals.groups, totals.merged = dedupe_store(store)
    return totals


def later_wins(articles: Iterable[Article], on_error: ErrorHandler) -> Iterator[Article]:
    """Pass articles on, reporting each id seen before in this run: the later record is
    stored over the earlier one (as a changed article is across runs). Repeated articles
    are marked, so that a later copy equal to the stored one is still written over the
    earlier copy of this run."""
    seen: dict[str, str] = {}
    for article in articles:
        first = seen.get(article.id)
        if first is not None:
            article.repeated = True
            on_error(InputError(article.path or article.id, f"id '{article.id}' was given before ({first}); "
                                "the later record wins", severity="warning"))
        else:
            seen[article.id] = article.path or article.id
        yield article


def unchanged_left_out(articles: Iterable[Article], known: dict[str, str]) -> Iterator[Article]:
    """Articles whose id and content hash are already stored are not coded again."""
    if not known:
        yield from articles
        return
    for article in articles:
        if article.repeated or known.get(article.id) != article.hash:
            yield article


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
