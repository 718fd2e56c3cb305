"""Shared fixtures: the loaded pipeline and its data, built once per test session."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def lexicon(pipeline):
    return pipeline.lexicon


@pytest.fixture(scope="session")
def grammar(pipeline):
    return pipeline.grammar


def parley_bin() -> str:
    exe = Path(sys.executable).with_name("parley")
    return str(exe) if exe.exists() else shutil.which("parley") or "parley"


@pytest.fixture
def run_parley():
    """Run the real `parley` command; returns the CompletedProcess."""

    def run(*args: str, input: str | None = None, cwd: Path | None = None):
        return subprocess.run([parley_bin(), *map(str, args)], capture_output=True, text=True,
                              input=input, cwd=cwd, timeout=300)

    return run


# Fields of /proc/PID/stat after the command name: 1 is the parent's pid, 3 the session id.
PARENT_PID, SESSION_ID = 1, 3


def processes_where(field: int, value: int) -> list[int]:
    """Pids of the live processes whose /proc stat `field` (PARENT_PID, SESSION_ID) is `value`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[field]) == value:
                pids.append(int(entry.name))
    return pids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """The real `parley serve` over `db` on a free loopback port, once /api/health answers;
    returns (process, base URL). The caller stops it (`stop_server`)."""
    import httpx

    port = free_port()
    process = subprocess.Popen([parley_bin(), "serve", "--db", str(db), "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("parley serve did not start: " + process.communicate()[1])


def stop_server(process: subprocess.Popen) -> str:
    """Stops a server from `start_server`; returns what it wrote on stderr."""
    process.terminate()
    return process.communicate(timeout=10)[1]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The example corpus coded into a DuckDB file by the real `parley extract` (read, never written)."""
    db = tmp_path_factory.mktemp("api") / "demo.duckdb"
    subprocess.run([parley_bin(), "extract", str(EXAMPLES), "--db", str(db), "--quiet"], check=True)
    return db


def coded_store(tmp_path_factory, name: str, records: list[dict]) -> Path:
    """A store the real `parley extract` writes from `records` (JSONL), in a fresh folder."""
    folder = tmp_path_factory.mktemp(name)
    corpus = folder / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    subprocess.run([parley_bin(), "extract", str(corpus), "--db", str(folder / "store.duckdb"), "--quiet"],
                   check=True)
    return folder / "store.duckdb"


# Belarus's government and opposition face to face (a, d), the police acting on the opposition
# (b), the opposition with the US (c): who acted, for the sector and actor filters.
ACTORS_CORPUS = [
    {"id": "a", "published": "2025-03-03",
     "text": "Belarusian opposition leader Sviatlana Tsikhanouskaya condemned the Belarusian government on Monday."},
    {"id": "b", "published": "2025-03-05", "text": "Belarusian police detained opposition activists in Minsk."},
    {"id": "c", "published": "2025-04-02", "text": "The Belarusian opposition praised the United States."},
    {"id": "d", "published": "2025-04-09", "text": "Belarusian opposition leader Sviatlana Tsikhanouskaya condemned "
                                                   "the Belarusian government again."},
]


@pytest.fixture(scope="session")
def actors_server(tmp_path_factory):
    """`ACTORS_CORPUS` coded and served by the real `parley serve`; yields (base URL, database
    path). Shared by the API and the browser tests."""
    db = coded_store(tmp_path_factory, "actors", ACTORS_CORPUS)
    process, base = start_server(db)
    yield base, db
    stop_server(process)


@pytest.fixture(scope="session")
def demo_server(demo_store):
    """The demo store served by the real `parley serve` on a free port; yields (base URL, database
    path). Shared by the API and the browser tests."""
    process, base = start_server(demo_store)
    yield base, demo_store
    stop_server(process)


CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """Debian's chromium (`make test` installs it when missing), or $PARLEY_CHROMIUM."""
    return os.environ.get("PARLEY_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium driven by Playwright (no browser download)."""
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra: make test")
    path = chromium_path()
    if path is None:
        pytest.skip("no chromium: `make test` installs Debian's chromium (scripts/ensure_chromium.sh)")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
