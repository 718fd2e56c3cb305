"""Shared fixtures: the loaded pipeline and its data, built once per test session."""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The example corpus coded into a DuckDB file once per session (read it, never write it)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    subprocess.run([parley_bin(), "extract", str(EXAMPLES), "--db", str(db), "--quiet"], check=True, cwd=ROOT)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The example corpus in a DuckDB file, served by the real `parley serve` on a free port;
    yields (base URL, database path). Shared by the API and the browser tests."""
    import httpx

    db = tmp_path_factory.mktemp("api") / "demo.duckdb"
    subprocess.run([parley_bin(), "extract", str(EXAMPLES), "--db", str(db), "--quiet"], check=True)
    port = free_port()
    process = subprocess.Popen([parley_bin(), "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("parley serve did not start: " + process.stderr.read())
    yield base, db
    process.terminate()
    process.wait(timeout=10)
