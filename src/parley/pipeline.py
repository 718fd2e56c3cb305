"""The pipeline: run the stages over articles, one process or many.

Coding an article is a pure function of the article and the data files: a
`Pipeline` loads the data once and `code_article` touches nothing else, so the same
code runs in a process pool here or on a cluster (any executor that can pickle an
`Article`). Storage, dedup and aggregation are separate stages over coded records.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from itertools import islice
from typing import Any

from .actors import ActorLexicon, resolve_actors
from .clean import Boilerplate, clean, load_boilerplate, original_offset
from .datafiles import data_root
from .dedupe.articles import fingerprint_article
from .errors import ParleyError
from .events import EventGrammar, code_events
from .events.rules import load_rules
from .language import LanguageIdentifier, detect_language
from .pubdate import PubdateLexicon, date_article, parse_default
from .records import Article
from .sentences import split_sentences
from .settings import load_settings

LOGGER = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h
STAGES = ("clean", "language", "pubdate", "sentences", "actors", "events", "fingerprint")


class Pipeline:
    """The loaded data of every stage, and the stages in order."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings or load_settings()
        stages = tuple(self.settings["pipeline"]["stages"])
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ParleyError(f"unknown pipeline stage '{unknown[0]}' (known: {', '.join(STAGES)})")
        self.stages = stages
        root = data_root()
        self.boilerplate: Boilerplate = load_boilerplate(root / "lang")
        self.identifier = LanguageIdentifier(self.settings["pipeline"]["languages"])
        self.pubdates = PubdateLexicon(root)
        self.published_default = parse_default(self.settings["pipeline"].get("published"))
        self.lexicon = ActorLexicon(root)
        self.grammar = EventGrammar(root)
        if "events" in stages:
            self.grammar.warm_up()
            load_rules(root)  # the rule book is checked now, not on the first sentence

    def code_article(self, article: Article) -> Article:
        """Run every stage on one article and return it, coded."""
        for stage in self.stages:
            if stage == "clean":
                clean(article, self.boilerplate)
            elif stage == "language":
                detect_language(article, self.identifier)
            elif stage == "pubdate":
                date_article(article, self.pubdates, self.published_default)
            elif stage == "sentences":
                split_sentences(article, self.identifier)
            elif stage == "actors":
                resolve_actors(article, self.lexicon)
            elif stage == "events":
                code_events(article, self.grammar)
            elif stage == "fingerprint":
                fingerprint_article(article)
        return map_spans_to_original(article)


def map_spans_to_original(article: Article) -> Article:
    """Turn the clean-text offsets of sentences, mentions and events into original offsets."""
    if not article.offset_map:
        return article
    for sentence in article.sentences:
        sentence.start, sentence.end = (original_offset(article, sentence.start),
                                        original_offset(article, sentence.end))
        for mention in sentence.mentions:
            mention.start, mention.end = original_offset(article, mention.start), original_offset(article, mention.end)
            mention.actor.span = (mention.start, mention.end)
    for event in article.events:
        event.span = (original_offset(article, event.span[0]), original_offset(article, event.span[1]))
        for actor in (event.source, event.target):
            if actor:
                actor.span = (original_offset(article, actor.span[0]), original_offset(article, actor.span[1]))
    return article


def code_text(text: str, *, lang: str | None = None, published: date | None = None,
              doc_id: str = "text", pipeline: Pipeline | None = None) -> Article:
    """Code a piece of text: the shortest way from a string to events."""
    return (pipeline or Pipeline()).code_article(Article(id=doc_id, text=text, lang=lang, published=published))


# -- many articles -------------------------------------------------------------------
_WORKER: Pipeline | None = None


def _init_worker(settings: dict[str, Any]) -> None:
    global _WORKER  # one Pipeline per worker process, built once
    die_with_parent()
    _WORKER = Pipeline(settings)


def die_with_parent() -> None:
    """Make this worker process end when the process that started it ends, even by kill -9:
    a pool worker holds hundreds of MB of data files and would otherwise live on, orphaned.

    On Linux the kernel does it (prctl PR_SET_PDEATHSIG); elsewhere a daemon thread
    watches the parent's pid.
    """
    parent = os.getppid()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parley-parent-watch", daemon=True).start()


def _code_batch(batch: list[Article]) -> list[Article]:
    assert _WORKER is not None
    return code_or_skip(_WORKER, batch)


def code_or_skip(pipe: Pipeline, batch: list[Article]) -> list[Article]:
    """The batch's articles, coded. An article a stage fails on (a bug, not bad input: bad input
    is refused at ingest) is left out with a warning naming it, rather than ending a run of
    thousands; it is not stored, so a later run codes it again. The sentences leave without
    their analysis (tokens, clauses: see `events.analysis`), which only the events stage and
    `parley explain` read: it would cost pickling between processes and memory until stored."""
    coded = []
    for article in batch:
        try:
            coded.append(_without_analysis(pipe.code_article(article)))
        except Exception as err:  # a bug in one article must not lose the others
            LOGGER.warning("%s: not coded, skipped (internal error %s: %s); please report it",
                           article.id, type(err).__name__, err)
    return coded


def _without_analysis(article: Article) -> Article:
    for sentence in article.sentences:
        sentence.analysis = None
    return article


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def code_articles(articles: Iterable[Article], settings: dict[str, Any] | None = None, jobs: int | None = None,
                  pipeline: Pipeline | None = None) -> Iterator[list[Article]]:
    """Code a stream of articles batch by batch; memory stays flat whatever the corpus size.

    With `jobs` > 1 the batches go to a process pool, at most `2 * jobs` in flight.
    """
    settings = settings or load_settings()
    size = int(settings["pipeline"]["batch_size"])
    jobs = jobs if jobs is not None else int(settings["pipeline"]["jobs"])
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        pipe = pipeline or Pipeline(settings)
        for batch in batches(articles, size):
            yield code_or_skip(pipe, batch)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        pending = []
        for batch in batches(articles, size):
            pending.append(pool.submit(_code_batch, batch))
            if len(pending) >= 2 * jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

