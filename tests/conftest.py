"""Shared fixtures: the loaded pipeline and its data, built once per test session."""
from __future__ import annotations

import shutil
import subprocess
import sys
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
