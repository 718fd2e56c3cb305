#!/usr/bin/env python3
"""Throughput and memory of `parley extract`, against a floor run in the same process.

Builds a synthetic corpus of N real-length articles (default 20,000; about 16
sentences each, like a wire story) by joining shuffled paragraphs of the bundled
examples (and, if present, ../shared/corpus/dev) of one language into one JSONL file,
then measures, in this order and in this process:

- floor: ingest + sentence splitting only (reading and splitting the files);
- full:  the whole pipeline (clean, language, sentences, actors, events), streaming
         batch by batch into a DuckDB store. Loading the data files and lemmatiser
         dictionaries (start-up, paid once per process) is timed and reported apart.

It reports articles/s and sentences/s per core (one worker), peak RSS after each run, the full/floor
time ratio and the share of time spent in each stage (from a profile of a sample).
Usage: python bench/throughput.py [--articles 20000] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


ARTICLE_SENTENCES = 16  # a wire story's length: the bundled examples are 3 to 10 sentences long


def source_articles() -> list[dict]:
    """The bundled examples (and the dev articles if present), with their language."""
    from parley.ingest import read_articles
    from parley.language import LanguageIdentifier

    paths = [str(ROOT / "examples" / "corpus")]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if dev.exists():
        paths.append(str(dev))
    identifier = LanguageIdentifier(("en", "es", "ru"))
    return [{"text": a.text, "lang": identifier.classify(a.text)[0]} for a in read_articles(paths, lambda err: None)]


def sentence_count(text: str, lang: str) -> int:
    from parley.sentences import paragraph_spans, sentence_spans

    return sum(1 for start, end in paragraph_spans(text) for _ in sentence_spans(text, start, end, lang))


def build_corpus(path: Path, n: int, seed: int = 7) -> float:
    """Write `n` articles of about ARTICLE_SENTENCES sentences, each of paragraphs of one
    language drawn at random, so every article has its own text and hash; return the mean
    number of sentences an article has."""
    rng = random.Random(seed)
    paragraphs: dict[str, list[tuple[str, int]]] = {}
    for article in source_articles():
        for para in article["text"].split("\n"):
            if para.strip():
                paragraphs.setdefault(article["lang"], []).append((para, sentence_count(para, article["lang"])))
    langs = sorted(paragraphs)
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            pool = paragraphs[langs[i % len(langs)]]
            chosen, count = [], 0
            while count < ARTICLE_SENTENCES:
                para, k = rng.choice(pool)
                chosen.append(para)
                count += max(k, 1)
            total += count
            out.write(json.dumps({"id": f"synthetic-{i}", "text": "\n".join(chosen)}, ensure_ascii=False) + "\n")
    return total / max(n, 1)


def run_floor(path: Path) -> int:
    from parley.ingest import read_articles
    from parley.sentences import paragraph_spans, sentence_spans

    count = 0
    for article in read_articles([str(path)], lambda err: None):
        for start, end in paragraph_spans(article.text):
            for _ in sentence_spans(article.text, start, end, "en"):
                pass
        count += 1
    return count


def load_pipeline():
    """The loaded data files and lemmatiser dictionaries: a start-up cost paid once per process."""
    from parley.pipeline import Pipeline
    from parley.settings import load_settings

    return Pipeline(load_settings())


def run_full(path: Path, db: Path, pipeline) -> int:
    from parley.ingest import read_articles
    from parley.pipeline import code_articles
    from parley.store import Store

    settings = pipeline.settings
    store = Store(db, memory_limit=settings["store"]["memory_limit"])
    count = 0
    with store.buffered(int(settings["store"]["write_every_articles"]),
                        float(settings["store"]["write_every_seconds"])) as buffer:
        for batch in code_articles(read_articles([str(path)], lambda err: None), settings, jobs=1, pipeline=pipeline):
            buffer.add(batch)
            count += len(batch)
    return count


def stage_shares(path: Path, sample: int = 500) -> dict[str, float]:
    """Seconds per stage on the first `sample` articles, as shares of the total."""
    from parley.actors import resolve_actors
    from parley.clean import clean
    from parley.events import code_events
    from parley.ingest import read_articles
    from parley.language import detect_language
    from parley.pipeline import Pipeline
    from parley.sentences import split_sentences

    p = Pipeline()
    steps = {"clean": lambda a: clean(a, p.boilerplate), "language": lambda a: detect_language(a, p.identifier),
             "sentences": lambda a: split_sentences(a, p.identifier), "actors": lambda a: resolve_actors(a, p.lexicon),
             "events": lambda a: code_events(a, p.grammar)}
    spent = dict.fromkeys(steps, 0.0)
    for i, article in enumerate(read_articles([str(path)], lambda err: None)):
        if i >= sample:
            break
        for name, step in steps.items():
            t = time.perf_counter()
            step(article)
            spent[name] += time.perf_counter() - t
    total = sum(spent.values()) or 1.0
    return {name: round(s / total, 3) for name, s in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        mean_sentences = build_corpus(corpus, args.articles)
        rss_start = peak_rss_mb()
        t = time.perf_counter()
        floor_n = run_floor(corpus)
        floor_s = time.perf_counter() - t
        rss_floor = peak_rss_mb()
        t = time.perf_counter()
        pipeline = load_pipeline()
        startup_s = time.perf_counter() - t
        t = time.perf_counter()
        full_n = run_full(corpus, Path(tmp) / "bench.duckdb", pipeline)
        full_s = time.perf_counter() - t
        rss_full = peak_rss_mb()
        shares = stage_shares(corpus)
    figures = {
        "articles": args.articles,
        "floor_articles_per_s": round(floor_n / floor_s, 1),
        "sentences_per_article": round(mean_sentences, 1),
        "full_articles_per_s_per_core": round(full_n / full_s, 1),
        "full_sentences_per_s_per_core": round(full_n * mean_sentences / full_s, 1),
        "full_over_floor_time": round(full_s / floor_s, 2),
        "startup_s": round(startup_s, 2),
        "peak_rss_mb_before": round(rss_start, 1),
        "peak_rss_mb_floor": round(rss_floor, 1),
        "peak_rss_mb_full": round(rss_full, 1),
        "stage_share": shares,
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            print(f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
