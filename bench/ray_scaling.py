#!/usr/bin/env python3
"""Throughput of `parley extract --engine ray` with 1 and 2 workers, against the local pool.

Builds a corpus of N real-length articles (about 16 sentences each: paragraphs of the
bundled examples and, if present, ../shared/corpus/dev, combined and varied) as text files
in folders of 100, as a cluster would read them from shared storage. Then codes it through
`run_extraction` (into an events file, so that every run pays the same writing) with:

- local 1: one process; local 2: a pool of 2 processes (`--jobs 2`);
- ray 1, ray 2: a local Ray cluster (started by the engine) with 1 and 2 workers;
- the same four with no stage at all (read, ship and write only): the cost of a batch
  that is not coding, i.e. what each engine adds per batch.

Rates are steady-state (from the first coded batch to the last, so the start-up of
workers and of the cluster, reported apart, is left out); articles per CPU-second of this
process (all the coding for one local process, the driver's own share for the others) do
not depend on what else the machine runs. Parallel efficiency is the
rate with 2 workers over twice the rate with 1. On a machine with 2 cores shared with
other work, expect noise of 10% or more: run it twice.
Usage: python bench/ray_scaling.py [--articles 1500] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES_PER_ARTICLE = 16


def source_paragraphs() -> list[str]:
    from parley.ingest import read_articles

    paths = [str(ROOT / "examples" / "corpus")]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if dev.exists():
        paths.append(str(dev))
    articles = list(read_articles(paths, lambda err: None))
    return [a.text for a in articles]


def build_corpus(root: Path, n: int, seed: int = 11) -> float:
    """`n` articles of about 16 sentences; returns the mean sentence count measured."""
    from parley.sentences import paragraph_spans, sentence_spans

    rng = random.Random(seed)
    texts = source_paragraphs()
    counts = []
    for i in range(n):
        paragraphs: list[str] = []
        sentences = 0
        while sentences < SENTENCES_PER_ARTICLE:
            text = rng.choice(texts)
            for start, end in paragraph_spans(text):
                paragraph = text[start:end]
                paragraphs.append(paragraph)
                sentences += sum(1 for _ in sentence_spans(paragraph, 0, len(paragraph), "en"))
                if sentences >= SENTENCES_PER_ARTICLE:
                    break
        counts.append(sentences)
        folder = root / f"f{i // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:06d}.txt").write_text("\n".join(paragraphs) + f"\nReport {i}.\n", encoding="utf-8")
    return sum(counts) / len(counts)


def timed_run(corpus: Path, out: Path, engine, stages: list[str] | None) -> dict:
    import resource

    from parley.extraction import run_extraction
    from parley.settings import load_settings
    from parley.writers import EventWriter

    settings = load_settings()
    if stages is not None:
        settings["pipeline"]["stages"] = stages
    marks: list[tuple[float, int, float]] = []
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_started = time.process_time()
    started = time.perf_counter()
    with EventWriter(str(out), "jsonl") as writer:
        totals = run_extraction([str(corpus)], settings=settings, writer=writer, engine=engine,
                                progress=lambda n: marks.append((time.perf_counter(), n, time.process_time())))
    ended = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pool_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    driver_cpu = time.process_time() - cpu_started
    # CPU spent coding, wherever it ran: this process (one local process), the pool's processes
    # (with their start-up), or the Ray workers (from the end of their start-up)
    worker_cpu = getattr(engine, "worker_cpu_seconds", 0.0) or pool_cpu
    first_at, first_n, first_cpu = marks[0]
    steady = (totals.articles - first_n) / max(marks[-1][0] - first_at, 1e-9)
    # CPU of this process only: all the coding for one local process, the driver's share otherwise
    per_cpu_second = (totals.articles - first_n) / max(marks[-1][2] - first_cpu, 1e-9)
    batches = len(marks)
    return {"articles": totals.articles, "events": totals.events, "wall_s": round(ended - started, 2),
            "startup_s": round(first_at - started, 2), "steady_articles_per_s": round(steady, 1),
            "articles_per_cpu_second_here": round(per_cpu_second, 1),
            "driver_cpu_s": round(driver_cpu, 1), "worker_cpu_s": round(worker_cpu, 1),
            "batches": batches, "seconds_per_batch": round((marks[-1][0] - first_at) / max(batches - 1, 1), 4)}


def writer_rate(corpus: Path, db: Path, copies: int = 10) -> float:
    """Articles/s the single store writer takes (`--db`): coded articles written through the
    same buffered writer as a run, `copies` times over under new ids."""
    from dataclasses import replace

    from parley.ingest import read_articles
    from parley.pipeline import Pipeline, code_or_skip
    from parley.settings import load_settings
    from parley.store import Store

    files = sorted(corpus.rglob("*.txt"))[:200]
    coded = code_or_skip(Pipeline(load_settings()), list(read_articles([str(f) for f in files], lambda e: None)))
    batches = [[replace(a, id=f"{a.id}-{k}") for a in coded] for k in range(copies)]
    store = Store(db, memory_limit="64MB")
    started, cpu = time.perf_counter(), time.process_time()
    with store.buffered(2000, 10.0) as buffer:
        for batch in batches:
            buffer.add(batch)
    n = len(coded) * copies
    return n / (time.perf_counter() - started), n / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from parley.extraction import LocalEngine
    from parley.ray_engine import RayEngine

    results: dict = {"load_average_before": round(os.getloadavg()[0], 1), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "news"
        results["sentences_per_article"] = round(build_corpus(corpus, args.articles), 1)
        engines = {"local 1": lambda: LocalEngine(1), "local 2": lambda: LocalEngine(2),
                   "ray 1": lambda: RayEngine(1), "ray 2": lambda: RayEngine(2)}
        for stages, label in ((None, "full"), ([], "no stage")):
            for name, make in engines.items():
                key = f"{name}, {label}"
                results[key] = timed_run(corpus, Path(tmp) / "events.jsonl", make(), stages)
                print(f"{key:>18}: {results[key]}", file=sys.stderr)
        wall, cpu = writer_rate(corpus, Path(tmp) / "w.duckdb")
        results["store writer, articles/s"] = round(wall)
        results["store writer, articles per CPU-second"] = round(cpu)
    full = {name: results[f"{name}, full"]["steady_articles_per_s"] for name in engines}
    floor = {name: results[f"{name}, no stage"] for name in engines}
    results["efficiency"] = {
        "local pool, 2 processes": round(full["local 2"] / (2 * full["local 1"]), 2),
        "ray, 2 workers": round(full["ray 2"] / (2 * full["ray 1"]), 2),
        "ray 2 workers against local pool of 2": round(full["ray 2"] / full["local 2"], 2),
        "ray 1 worker against one local process": round(full["ray 1"] / full["local 1"], 2)}
    # CPU per article, wherever it ran: load-independent, unlike the rates on a shared machine
    cpu_ms = {"local 1": 1000 / results["local 1, full"]["articles_per_cpu_second_here"]}
    for name in ("local 2", "ray 1", "ray 2"):
        r = results[f"{name}, full"]
        cpu_ms[name] = 1000 * (r["worker_cpu_s"] + (r["driver_cpu_s"] if name.startswith("ray") else 0)) / r["articles"]
    results["cpu_ms_per_article"] = {name: round(v, 2) for name, v in cpu_ms.items()}
    results["cpu_efficiency"] = {name: round(cpu_ms["local 1"] / v, 2) for name, v in cpu_ms.items()}
    results["cpu_overhead_per_batch_ms"] = {name: round(64 * (v - cpu_ms["local 1"]), 1) for name, v in cpu_ms.items()}
    results["load_average_after"] = round(os.getloadavg()[0], 1)  # other work on the machine skews every figure
    results["overhead_per_batch_ms"] = {name: round(1000 * floor[name]["seconds_per_batch"], 1) for name in engines}
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{args.articles} articles, {results['sentences_per_article']} sentences each on average; "
          f"load average {results['load_average_before']} before, {results['load_average_after']} after "
          f"on {results['cores']} cores")
    for name in engines:
        r = results[f"{name}, full"]
        print(f"{name:>8}: {r['steady_articles_per_s']:7.1f} articles/s steady, start-up {r['startup_s']} s, "
              f"wall {r['wall_s']} s; with no stage: {floor[name]['steady_articles_per_s']:.0f} articles/s, "
              f"{results['overhead_per_batch_ms'][name]} ms per batch of 64")
    print(f"one local process codes {results['local 1, full']['articles_per_cpu_second_here']} articles per "
          f"CPU-second; a Ray driver spends 1 CPU-second per "
          f"{results['ray 2, full']['articles_per_cpu_second_here']} articles")
    for name, value in results["efficiency"].items():
        print(f"{name}: {value}")
    print("CPU per article (ms):", results["cpu_ms_per_article"], "; CPU efficiency against one local process:",
          results["cpu_efficiency"], "; CPU added per batch of 64 (ms):", results["cpu_overhead_per_batch_ms"])
    print(f"the store's single writer takes {results['store writer, articles/s']} articles/s "
          f"({results['store writer, articles per CPU-second']} per CPU-second)")


if __name__ == "__main__":
    main()
