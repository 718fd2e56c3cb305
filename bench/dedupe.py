#!/usr/bin/env python3
"""Cost of merging event mentions (dedupe.merge_events) as the number of mentions grows.

Builds synthetic mentions (random types, dyads among 60 countries, dates over two years,
a third known only by publication date, some repeated across articles) at 10k, 100k and 1M,
and times the merge against a floor run in the same process that only groups the mentions
by (type, dyad). Linear cost shows as a flat time per mention and a flat ratio to the floor.
Usage: python bench/dedupe.py [--sizes 10000 100000 1000000] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from parley.dedupe import EventMention, dyad_key, merge_events  # noqa: E402

TYPES = ("CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT")
COUNTRIES = [f"C{i:02d}" for i in range(60)]


def synthetic_mentions(n: int, seed: int = 11) -> list[EventMention]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(730))
        dated = rng.random() > 0.33
        out.append(EventMention(f"a{i // 3}:{i % 3}", f"a{i // 3}", f"outlet{rng.randrange(50)}",
                                rng.choice(TYPES), None, rng.choice(COUNTRIES), rng.choice(COUNTRIES),
                                day if dated else None, day + timedelta(days=rng.randrange(3)), 0.7))
    return out


def floor(mentions: list[EventMention]) -> int:
    blocks = defaultdict(list)
    for m in mentions:
        blocks[dyad_key(m)].append(m)
    return len(blocks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        mentions = synthetic_mentions(n)
        t = time.perf_counter()
        floor(mentions)
        floor_s = time.perf_counter() - t
        t = time.perf_counter()
        merged = merge_events(mentions)
        merge_s = time.perf_counter() - t
        results.append({"mentions": n, "merged_events": len(merged), "merge_s": round(merge_s, 3),
                        "us_per_mention": round(merge_s / n * 1e6, 2), "merge_over_floor": round(merge_s / floor_s, 2)})
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            print("  ".join(f"{k} {v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
