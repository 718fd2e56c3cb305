"""Extraction: one complete run of `parley extract`, from input paths to stored, merged events.

A run reads the inputs (`ingest`), codes them batch by batch (`pipeline`), writes the
coded articles to a store and/or an events file, and finishes the store with its dedupe
(`dedupe`). Dedupe is part of what makes a run complete: a store whose last run was
killed between its final write and its dedupe is marked (see `Store.dedupe_pending`),
and the next run redoes the dedupe even when it has nothing new to code, so that a
killed run followed by a rerun always equals a clean run.

Where the coding runs is an `Engine`: `LocalEngine` reads here and codes in this process
or a process pool (`--jobs N`); `ray_engine.RayEngine` has workers on a Ray cluster read
and code. Either hands back coded batches in input order, after the same "later record
wins" and unchanged-article rules, so the rest of a run (writing, totals, dedupe) is one
code path and a cluster run equals a local one.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

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


@dataclass(slots=True, kw_only=True)
class Job:
    """What an engine needs to code one run's inputs."""

    settings: dict[str, Any]
    report: ErrorHandler  # every input problem, in input order
    known: dict[str, str] = field(default_factory=dict)  # id -> hash of stored articles, not coded again
    given_dates: dict[str, date] | None = None  # `--dates` (see `pubdate.read_date_sidecar`)
    dataset: Any = None  # a `dataset.ParquetDataset` the coded articles are written to, or None


@dataclass(slots=True)
class CodedBatch:
    """Coded articles in input order, as an engine hands them back. When the engine wrote them
    to the job's dataset itself, `articles` hold only id, path and hash; `events` counts theirs."""

    articles: list[Article]
    events: int


class Engine(Protocol):
    """Where the coding of a run happens: reads `paths` and yields coded batches in input order,
    each article once (a repeated id's later record after the earlier), with every input
    problem reported through `job.report` in input order."""

    def code(self, paths: list[str], job: Job) -> Iterator[CodedBatch]: ...


class LocalEngine:
    """Read on this machine and code in this process, or in a pool of `jobs` processes."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs

    def code(self, paths: list[str], job: Job) -> Iterator[CodedBatch]:
        articles = read_articles(paths, job.report, int(job.settings["pipeline"]["max_article_bytes"]))
        if job.given_dates is not None:
            articles = apply_given_dates(articles, job.given_dates, paths)
        articles = unchanged_left_out(later_wins(articles, job.report), job.known)
        for index, batch in enumerate(code_articles(articles, job.settings, self.jobs)):
            if job.dataset is not None:
                job.dataset.write(batch, unit=index)
            yield CodedBatch(batch, sum(len(a.events) for a in batch))


def run_extraction(paths: Iterable[str], *, settings: dict[str, Any], store: Any = None, writer: Any = None,
                   jobs: int | None = None, counted_only: bool = True, on_error: ErrorHandler | None = None,
                   progress: Callable[[int], None] | None = None,
                   given_dates: dict[str, date] | None = None, engine: Engine | None = None,
                   dataset: Any = None) -> RunTotals:
    """Code every article under `paths` into `store` (a `Store`), `writer` (an `EventWriter`)
    and/or `dataset` (a `dataset.ParquetDataset`), on `engine` (default: `LocalEngine(jobs)`).

    Problems with single inputs go to `on_error` and the run goes on; a failure of the
    store itself raises `StoreError` (what was written before it stays intact).
    `given_dates` (from `--dates`, see `pubdate.read_date_sidecar`) maps files to their
    publication dates.
    """
    totals = RunTotals()
    paths = list(paths)

    def report(err: InputError) -> None:
        totals.problems.append(err)
        if on_error is not None:
            on_error(err)

    known = store.known_hashes() if store is not None and writer is None else {}
    job = Job(settings=settings, report=report, known=known, given_dates=given_dates, dataset=dataset)
    engine = engine if engine is not None else LocalEngine(jobs)
    buffer = store.buffered(int(settings["store"]["write_every_articles"]),
                            float(settings["store"]["write_every_seconds"]), report) if store is not None else None
    with buffer if buffer is not None else _Nothing(), closing(engine.code(paths, job)) as coded:
        for batch in coded:
            if buffer is not None:
                buffer.add(batch.articles)
            if writer is not None:
                writer.write([e for a in batch.articles for e in a.events if e.counted or not counted_only])
            totals.articles += len(batch.articles)
            totals.events += batch.events
            if progress is not None:
                progress(len(batch.articles))
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
