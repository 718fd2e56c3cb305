"""Screenshots of the dashboard for the README, taken from `parley serve` over the demo database.

    make demo && .venv/bin/python scripts/screenshot_dashboard.py [--db parley.duckdb]

Starts the real server on a free port, opens each view in Debian's headless chromium
(Playwright) and writes docs/dashboard-<view>.png.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"map": "/map?country=BLR", "dyad": "/dyad?a=USA&b=BLR", "events": "/events?country=BLR&sector=OPP"}


def python_path() -> dict[str, str]:
    """PYTHONPATH, when set, for the server too: a work tree's `src` run with another venv's Python."""
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "parley.duckdb"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "parley.api:app_from_environment",
                               "--port", str(port), "--log-level", "warning"],
                              env={"PARLEY_DB": args.db, "PATH": "", **python_path()})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            for name, view in VIEWS.items():
                page.goto(f"{base}/ui/#{view}")
                page.wait_for_selector("#view[data-ready]")
                if name == "events":
                    page.locator("tr.event").first.click()
                out = ROOT / "docs" / f"dashboard-{name}.png"
                page.screenshot(path=str(out))
                print(f"wrote {out.relative_to(ROOT)}")
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
