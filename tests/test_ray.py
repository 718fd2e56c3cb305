"""`parley extract --engine ray` on a real local Ray cluster (a head on loopback, 2 CPUs)
gives what a local run gives: the same articles, events, merged events, groups and input
problems; a worker killed mid-run loses and duplicates nothing; `--parquet` and `parley
load` give the same store."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, SESSION_ID, free_port, parley_bin, processes_where
from test_extraction import snapshot

NO_RAY = "Ray is not installed (pip install 'parley[ray]'; `make test` installs it)"
# Ray would otherwise advertise the machine's network address; and the test cluster, on
# loopback only, does without token authentication whatever ~/.ray holds.
CLUSTER_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "disabled"}
HEAD_START_SECONDS = 120


def _session_processes(sid: int) -> list[int]:
    """Every process of session `sid`: the head started below and all it started."""
    return processes_where(SESSION_ID, sid)


def _process_title(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Cluster:
    """A Ray head started with `ray start --head --block` in a session of its own; stopped by
    ending that session's processes (by their ids: never `ray stop`, which ends every Ray
    process of the machine)."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.log = tmp / "head.log"
        ray_bin = str(Path(sys.executable).with_name("ray"))
        self.process = subprocess.Popen(
            [ray_bin, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(self.port),
             "--num-cpus", "2", "--include-dashboard=false", "--disable-usage-stats", "--block"],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, **CLUSTER_ENV})
        deadline = time.monotonic() + HEAD_START_SECONDS
        while "Ray runtime started" not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("the Ray head did not start:\n" + self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.5)

    def workers(self) -> dict[int, str]:
        """pid -> title of the cluster's coding workers (`ray::CodingWorker...`)."""
        titles = {pid: _process_title(pid) for pid in _session_processes(self.process.pid)}
        return {pid: t for pid, t in titles.items() if t.startswith("ray::CodingWorker")}

    def env(self) -> dict[str, str]:
        return {**os.environ, "RAY_ADDRESS": self.address, "RAY_AUTH_MODE": "disabled"}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # the head stops what it started
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        for pid in _session_processes(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    pytest.importorskip("ray", reason=NO_RAY)
    head = Cluster(tmp_path_factory.mktemp("ray"))
    try:
        yield head
    finally:
        head.stop()
        assert not _session_processes(head.process.pid), "Ray processes left behind"


def _extract(*args, env=None, input=None) -> subprocess.CompletedProcess:
    return subprocess.run([parley_bin(), "extract", *map(str, args)], capture_output=True, text=True,
                          env=env, input=input, timeout=600)


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("parley: ")]


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    """The examples, plus what a run must report: a repeated id, a broken JSON line, an
    unsupported file, an empty file and an empty folder; and one JSONL shard."""
    root = tmp_path_factory.mktemp("mixed") / "news"
    shutil.copytree(EXAMPLES, root)
    lines = [json.dumps({"id": "x", "text": "Chile and Peru signed a trade agreement in Lima."}),
             "{not json",
             json.dumps({"id": "y", "text": "Russia expelled two Polish diplomats on Monday."}),
             json.dumps({"id": "x", "text": "Brazil and Argentina signed an energy agreement in Brasilia."})]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "en" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "es" / "empty.txt").write_text("", encoding="utf-8")
    (root / "nothing").mkdir()
    return root


@pytest.fixture(scope="module")
def local_mixed(tmp_path_factory, mixed_corpus) -> dict:
    """A local run of the mixed corpus: its store, events file and messages."""
    tmp = tmp_path_factory.mktemp("local")
    (tmp / "dates.csv").write_text("path,published\nen/border.txt,2025-03-04\n", encoding="utf-8")
    result = _extract(mixed_corpus, "--db", tmp / "local.duckdb", "--output", tmp / "local.jsonl", "-q",
                      "--dates", tmp / "dates.csv")
    assert result.returncode == 3, result.stderr
    assert any("id 'x' was given before" in line for line in _problems(result.stderr))
    return {"snapshot": snapshot(tmp / "local.duckdb"), "events": (tmp / "local.jsonl").read_text(),
            "problems": _problems(result.stderr), "dates": tmp / "dates.csv"}


def test_ray_extract_equals_local_run(tmp_path, cluster, mixed_corpus, local_mixed):
    """The issue's check: RAY_ADDRESS=127.0.0.1:PORT parley extract DIR --db X --engine ray
    gives what parley extract DIR --db Y gives, problems reported alike and in the same order;
    run again, it codes nothing (the workers ask for the stored hashes) and changes nothing."""
    db = tmp_path / "ray.duckdb"
    remote = _extract(mixed_corpus, "--db", db, "--output", tmp_path / "ray.jsonl", "-q", "--dates",
                      local_mixed["dates"], "--engine", "ray", "--jobs", "2", env=cluster.env())
    assert remote.returncode == 3, remote.stderr
    assert _problems(remote.stderr) == local_mixed["problems"]
    assert "Traceback" not in remote.stderr
    assert snapshot(db) == local_mixed["snapshot"]
    assert (tmp_path / "ray.jsonl").read_text() == local_mixed["events"]
    again = _extract(mixed_corpus, "--db", db, "--dates", local_mixed["dates"], "--engine", "ray", env=cluster.env())
    # as a local rerun: only the repeated id's two records are coded (the later equals the stored one)
    assert "coded 2 articles, 2 events; 0 articles stored" in again.stderr
    assert snapshot(db) == local_mixed["snapshot"]


def test_ray_extract_stdin_is_read_by_the_driver(tmp_path, cluster):
    """Standard input is read by the driver and coded by the workers; its problems (a repeated
    id, then a broken line) come in the order a local run gives."""
    text = (EXAMPLES / "demo.jsonl").read_text(encoding="utf-8") + "\n".join([
        json.dumps({"id": "demo-kyiv-aid", "text": "Poland closed two border crossings with Belarus."}),
        "{broken", json.dumps({"id": "z", "text": "Brazil and Argentina signed an energy agreement."})]) + "\n"
    local = _extract("-", "--db", tmp_path / "local.duckdb", "-q", input=text)
    remote = _extract("-", "--db", tmp_path / "ray.duckdb", "-q", "--engine", "ray", "--jobs", "1",
                      env=cluster.env(), input=text)
    assert (local.returncode, remote.returncode) == (3, 3), remote.stderr
    assert len(_problems(local.stderr)) == 2
    assert _problems(remote.stderr) == _problems(local.stderr)
    assert snapshot(tmp_path / "ray.duckdb") == snapshot(tmp_path / "local.duckdb")


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_ray_parquet_dataset_loads_into_the_same_store(tmp_path, cluster, mixed_corpus, local_mixed, run_parley,
                                                       engine):
    """--parquet DIR (written by the workers themselves on Ray) then `parley load DIR --db`
    gives the store a local run gives; loading twice adds nothing."""
    dataset = tmp_path / "news.parquet"
    written = _extract(mixed_corpus, "--parquet", dataset, "-q", "--dates", local_mixed["dates"],
                       "--engine", engine, "--jobs", "1", env=cluster.env())
    assert written.returncode == 3, written.stderr
    assert _problems(written.stderr) == local_mixed["problems"]
    days = sorted(p.name for p in (dataset / "articles").iterdir())
    assert "day=undated" in days and "day=2025-03-04" in days
    loaded = run_parley("load", dataset, "--db", tmp_path / "loaded.duckdb")
    assert loaded.returncode == 0, loaded.stderr
    assert snapshot(tmp_path / "loaded.duckdb") == local_mixed["snapshot"]
    again = run_parley("load", dataset, "--db", tmp_path / "loaded.duckdb")
    assert "stored 0 articles" in again.stderr
    assert snapshot(tmp_path / "loaded.duckdb") == local_mixed["snapshot"]


def _long_corpus(root: Path, articles: int) -> Path:
    """`articles` files of about 16 sentences each (paragraphs of the examples, varied), in
    folders of 50: long enough for a worker to be killed while it codes."""
    from parley.ingest import read_articles

    texts = [a.text for a in read_articles([str(EXAMPLES)], lambda err: None)]
    for i in range(articles):
        paragraphs = [p for k in range(3) for p in texts[(i * 7 + k * 5) % len(texts)].split("\n") if p.strip()]
        folder = root / f"f{i // 50:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:05d}.txt").write_text("\n".join(paragraphs) + f"\nReport number {i}.\n", encoding="utf-8")
    return root


def test_ray_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, cluster):
    """SIGKILL a worker while it codes: Ray restarts it and runs its units again; the store
    and the events file equal a clean local run's (a duplicate would show in the file)."""
    corpus = _long_corpus(tmp_path / "news", 800)
    (tmp_path / "s.toml").write_text("[pipeline]\nbatch_size = 8\n", encoding="utf-8")
    clean = _extract(corpus, "--db", tmp_path / "clean.duckdb", "--output", tmp_path / "clean.jsonl", "-q")
    assert clean.returncode == 0, clean.stderr
    run = subprocess.Popen([parley_bin(), "extract", str(corpus), "--db", str(tmp_path / "ray.duckdb"),
                            "--output", str(tmp_path / "ray.jsonl"), "--engine", "ray", "--jobs", "2", "-q",
                            "--config", str(tmp_path / "s.toml")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cluster.env())
    deadline = time.monotonic() + 300
    victim = None
    while victim is None and time.monotonic() < deadline and run.poll() is None:
        coding = [pid for pid, title in cluster.workers().items() if "code_unit" in title]
        if coding:  # a worker in the middle of a unit (of about 100 units): kill it now
            victim = coding[0]
            os.kill(victim, signal.SIGKILL)
        time.sleep(0.05)
    assert victim is not None, "no worker was seen coding"
    assert run.poll() is None, "the run ended before the kill"
    _, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr
    assert victim not in cluster.workers()
    assert snapshot(tmp_path / "ray.duckdb") == snapshot(tmp_path / "clean.duckdb")
    ray_lines = (tmp_path / "ray.jsonl").read_text().splitlines()
    assert ray_lines == (tmp_path / "clean.jsonl").read_text().splitlines()


def test_ray_without_ray_installed_is_one_line(tmp_path):
    """Without Ray (here hidden from the import system), --engine ray says so in one line."""
    code = ("import sys; sys.modules['ray'] = None; from parley.cli import main; "
            f"sys.argv = ['parley', 'extract', {str(EXAMPLES / 'en')!r}, '--db', {str(tmp_path / 'p.duckdb')!r}, "
            "'--engine', 'ray']; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == "parley: error: --engine ray needs Ray, which is not installed " \
                                    "(pip install 'parley[ray]')"
    assert not (tmp_path / "p.duckdb").exists()


def test_ray_bad_address_is_one_line(tmp_path):
    pytest.importorskip("ray", reason=NO_RAY)
    result = _extract(EXAMPLES / "en", "--db", tmp_path / "p.duckdb", "--engine", "ray",
                      env={**os.environ, "RAY_ADDRESS": f"127.0.0.1:{free_port()}"})
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("parley:")]
    assert len(lines) == 1 and "cannot join the Ray cluster at 127.0.0.1:" in lines[0]
    assert "Traceback" not in result.stderr


def test_ray_worker_that_cannot_start_is_one_line(tmp_path, cluster):
    """A worker whose pipeline cannot load (here an unknown stage) ends the run with Parley's
    one line, as a local run does, not with Ray's traceback."""
    (tmp_path / "s.toml").write_text('[pipeline]\nstages = ["clean", "nonsense"]\n', encoding="utf-8")
    result = _extract(EXAMPLES / "en", "--db", tmp_path / "p.duckdb", "--config", tmp_path / "s.toml",
                      "--engine", "ray", env=cluster.env())
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith("parley: error: a Ray worker failed") and "unknown pipeline stage 'nonsense'" in line
