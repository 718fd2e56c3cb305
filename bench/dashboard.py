"""The dashboard on a big store: time until each view is drawn, in Debian's headless chromium.

Builds the synthetic 100k-event store of `api_load.py`, starts the real `parley serve`,
and opens each view `--repeat` times in a fresh page (no cache), timing from navigation to
the moment the view marks itself ready (every API call answered and drawn). The floor is
the bare page with no view work: `/ui/` up to DOMContentLoaded, scripts included.

    python bench/dashboard.py [--events 100000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402
from api_load import build_store  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

VIEWS = {"overview": "/", "map": "/map?country=BLR", "dyad": "/dyad?a=USA&b=BLR",
         "events": "/events?country=BLR", "events+text": "/events?q=Sentence%2099",
         "digest": "/digest?country=BLR&since=2025-06-01"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.duckdb"
        build_store(db, args.events)
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
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
                print(f"{args.events} events; median of {args.repeat} fresh loads, ms")
                floor = []
                for _ in range(args.repeat):
                    page = browser.new_page()
                    start = time.perf_counter()
                    page.goto(base + "/ui/vendor/MANIFEST.json")  # no view work: server + browser round trip
                    floor.append((time.perf_counter() - start) * 1000)
                    page.close()
                print(f"{'floor (static file)':<20} {statistics.median(floor):7.0f}")
                for name, view in VIEWS.items():
                    times = []
                    for _ in range(args.repeat):
                        page = browser.new_page()
                        start = time.perf_counter()
                        page.goto(f"{base}/ui/#{view}")
                        page.wait_for_selector("#view[data-ready]", timeout=60_000)
                        times.append((time.perf_counter() - start) * 1000)
                        page.close()
                    median = statistics.median(times)
                    print(f"{name:<20} {median:7.0f}   ({median / statistics.median(floor):.0f}x floor)")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
