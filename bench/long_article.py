#!/usr/bin/env python3
"""Cost of coding one article against its length: linear, or not.

Builds single articles of growing length by repeating the bundled examples' paragraphs
(100 KB, 200 KB, 400 KB, 800 KB by default), codes each with the full pipeline, and
reports seconds, sentences and the time ratio of each size to the one half as long.
A linear pipeline gives ratios near 2.0; a quadratic step shows as ratios near 4.0.
Usage: python bench/long_article.py [--sizes 100,200,400,800] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def paragraphs() -> list[str]:
    from parley.ingest import read_articles

    english = [a for a in read_articles([str(ROOT / "examples" / "corpus" / "en")], lambda err: None)]
    return [p for a in english for p in a.text.split("\n") if len(p.split()) > 6]


def article_of(size_kb: int, pool: list[str]) -> str:
    out, total, i = [], 0, 0
    while total < size_kb * 1000:
        text = pool[i % len(pool)] + f" (part {i})"
        out.append(text)
        total += len(text.encode()) + 1
        i += 1
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,200,400,800", help="article sizes in KB, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    from parley.pipeline import Pipeline
    from parley.records import Article

    pipeline = Pipeline()
    pool = paragraphs()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        article = Article(id=f"long-{size}", text=article_of(size, pool), lang="en")
        start = time.perf_counter()
        pipeline.code_article(article)
        seconds = time.perf_counter() - start
        rows.append({"kb": size, "seconds": round(seconds, 3), "sentences": len(article.sentences),
                     "events": len(article.events)})
    for before, row in zip(rows, rows[1:]):
        row["ratio_to_half"] = round(row["seconds"] / before["seconds"], 2) if before["seconds"] else None
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'KB':>6} {'seconds':>8} {'sentences':>9} {'events':>7} {'time ratio':>10}")
    for row in rows:
        print(f"{row['kb']:>6} {row['seconds']:>8.2f} {row['sentences']:>9} {row['events']:>7} "
              f"{row.get('ratio_to_half') or '':>10}")
    print("linear cost gives ratios near 2.0 for each doubling; quadratic near 4.0", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
