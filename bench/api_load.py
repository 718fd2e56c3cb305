"""Load on the API: 2,000 requests against /api/events on a 100k-event database.

Builds a synthetic store (100k distinct events, one mention each, 60 countries, three
years) or, with `--demo`, codes the bundled examples (the demo store: 25 articles), starts
the real `parley serve` on a free port, and sends the requests from each number of client
threads in `--concurrency` (default 4 and 8: twice and four times the cores here) with a mix
of filters (country, type, date range, text, paging). Reports p50/p90/p99 latency and
requests/s, and a floor: the same number of requests to /api/health (the server's fixed cost
per request, with the store's cheap check).

`--write-every S` adds a run with a writer in this process that stores a small batch of
synthetic articles every S seconds while the requests flow (what `parley extract` does to a
store the dashboard reads): it reports the requests' latency under writes, how long each
write waited for the server to let go of the file, and how many writes failed.

    python bench/api_load.py [--events 100000 | --demo] [--requests 2000] [--concurrency 4,8]
                             [--write-every 1]
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402

from parley.errors import StoreError  # noqa: E402
from parley.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

TYPES = ["CONSULT", "AGREE", "SUPPORT", "ACCUSE", "SANCTION", "COERCE", "REQUEST", "MOBILIZE"]
COUNTRIES = ["USA", "RUS", "BLR", "UKR", "POL", "LTU", "CHN", "VEN", "CUB", "EU", "NATO", "DEU", "FRA", "GBR", "IRN",
             "TUR", "KAZ", "ARM", "AZE", "GEO"] + [f"C{i:02d}" for i in range(40)]


def build_store(path: Path, events: int) -> None:
    """A store of `events` synthetic distinct events written with set-based SQL (seconds, not minutes)."""
    store = Store(path)
    countries = "[" + ",".join(f"'{c}'" for c in COUNTRIES) + "]"
    types = "[" + ",".join(f"'{t}'" for t in TYPES) + "]"
    with store.connect() as con:
        con.execute(f"""
            INSERT INTO articles SELECT 'a' || i, 'h' || i, 'Article ' || i, 'https://example.org/' || i,
                DATE '2023-01-01' + CAST(i % 1000 AS INTEGER), 'outlet' || (i % 50), 'en', NULL, 500, 5, 1, 0,
                NULL, NULL, now()
            FROM range({events}) t(i)""")
        con.execute(f"""
            INSERT INTO events SELECT 'a' || i || ':0', 'a' || i, {types}[1 + i % 8], NULL, '040', 1.0, 1,
                {countries}[1 + i % 60], 'GOV', NULL, NULL, 'x', {countries}[1 + (i * 7 + 3) % 60], 'GOV', NULL, NULL,
                'y', 'asserted', true, DATE '2023-01-01' + CAST(i % 1000 AS INTEGER), NULL, NULL,
                'Sentence ' || i || ' about talks between officials in ' || {countries}[1 + i % 60] || '.',
                0, 0, 40, 'talks', 0.8, 'en'
            FROM range({events}) t(i)""")
        con.execute(f"""
            INSERT INTO merged_events SELECT 'm:a' || i || ':0', {types}[1 + i % 8], NULL, '040', 1.0, 1,
                {countries}[1 + i % 60], {countries}[1 + (i * 7 + 3) % 60],
                DATE '2023-01-01' + CAST(i % 1000 AS INTEGER), DATE '2023-01-01' + CAST(i % 1000 AS INTEGER),
                1, 1, 1, 0, 0.8
            FROM range({events}) t(i)""")
        con.execute(f"INSERT INTO event_links SELECT 'm:a' || i || ':0', 'a' || i || ':0' FROM range({events}) t(i)")


def build_demo(path: Path) -> None:
    """The demo store: the bundled examples coded by the real `parley extract`."""
    parley = Path(sys.executable).with_name("parley")
    subprocess.run([str(parley), "extract", str(ROOT / "examples" / "corpus"), "--db", str(path), "--quiet"],
                   check=True)


def request_mix(rng: random.Random, n: int) -> list[dict]:
    mix = []
    for _ in range(n):
        params: dict = {"limit": 50}
        roll = rng.random()
        if roll < 0.4:
            params["country"] = rng.choice(COUNTRIES[:20])
        if 0.2 < roll < 0.6:
            params["type"] = rng.choice(TYPES)
        if 0.5 < roll < 0.8:
            year = rng.choice((2023, 2024, 2025))
            params.update(since=f"{year}-01-01", until=f"{year}-06-30")
        if roll > 0.9:
            params["q"] = rng.choice(("talks", "officials in BLR", "Sentence 99"))
        mix.append(params)
    return mix


def timed(client: httpx.Client, url: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(url, params=params)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def run_load(base: str, path: str, mix: list[dict], concurrency: int) -> tuple[list[float], float]:
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(concurrency) as pool:
        start = time.perf_counter()
        latencies = list(pool.map(lambda p: timed(client, base + path, p), mix))
        return latencies, time.perf_counter() - start


def report(name: str, latencies: list[float], wall: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(f"{name:<22} {len(ms)} requests  p50 {q[49]:6.1f} ms  p90 {q[89]:6.1f} ms  p99 {q[98]:6.1f} ms  "
          f"max {ms[-1]:6.1f} ms  {len(ms) / wall:6.0f} req/s", flush=True)


class Writer(threading.Thread):
    """Stores one synthetic article with one event every `every` seconds until stopped, timing
    how long each write took from asking for the file to having written (lock wait included)."""

    def __init__(self, path: Path, every: float) -> None:
        super().__init__(daemon=True)
        self.path, self.every = path, every
        self.waits: list[float] = []
        self.failures: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        store = None
        n = 0
        while not self.done.wait(self.every):
            n += 1
            start = time.perf_counter()
            try:
                store = store or Store(self.path)
                with store.connect() as con:
                    con.execute("INSERT INTO articles (id, content_hash, title, lang) VALUES (?, ?, 'written', 'en')",
                                [f"w{os.getpid()}-{n}", f"h{n}"])
                self.waits.append(time.perf_counter() - start)
            except StoreError as err:
                self.failures.append(str(err))

    def report(self) -> None:
        if self.waits:
            ms = sorted(x * 1000 for x in self.waits)
            print(f"{'  writes':<22} {len(ms)} written, each waited p50 {statistics.median(ms):6.1f} ms, "
                  f"max {ms[-1]:6.1f} ms; {len(self.failures)} failed", flush=True)
        else:
            print(f"{'  writes':<22} none written; {len(self.failures)} failed"
                  + (f": {self.failures[0][:160]}" if self.failures else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--demo", action="store_true", help="the demo store (examples/corpus) instead")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", default="4,8", help="client threads, comma-separated runs")
    parser.add_argument("--write-every", type=float, default=None, help="also a run with a writer (seconds)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.duckdb"
        start = time.perf_counter()
        if args.demo:
            build_demo(db)
            print(f"coded the demo store in {time.perf_counter() - start:.1f} s")
        else:
            build_store(db, args.events)
            print(f"built a store of {args.events} events in {time.perf_counter() - start:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        parley = Path(sys.executable).with_name("parley")
        server = subprocess.Popen([str(parley), "serve", "--db", str(db), "--port", str(port)],
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            mix = request_mix(random.Random(7), args.requests)
            for threads in (int(n) for n in args.concurrency.split(",")):
                print(f"{threads} client threads:")
                run_load(base, "/api/events", mix[:50], threads)  # warm up
                report("floor /health", *run_load(base, "/api/health", [{}] * args.requests, threads))
                report("/api/events", *run_load(base, "/api/events", mix, threads))
                if args.write_every:
                    writer = Writer(db, args.write_every)
                    writer.start()
                    try:
                        report("/api/events + writes", *run_load(base, "/api/events", mix, threads))
                    except httpx.HTTPError as err:
                        print(f"{'/api/events + writes':<22} failed: {err}", flush=True)
                    writer.done.set()
                    writer.join()
                    writer.report()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
