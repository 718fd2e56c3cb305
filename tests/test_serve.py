"""Serving safely (issue 18): the real `parley serve` on a loopback port, a real DuckDB file,
real `parley extract` processes and Debian's headless chromium.

Headers on every response, the Host check, one exit code per meaning, no absolute path in a
response, a health check that tells the truth about the store (and a damaged store refused
with the same line by every command), and `parley extract` writing into the store while the
server reads it and the dashboard shows the new events.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time

import duckdb
import httpx
import pytest

from conftest import ROOT, free_port, parley_bin, start_server, stop_server
from parley.store import SCHEMA_VERSION, WRITE_WANTED_SUFFIX
from test_store import DAMAGE, synthetic_store

PAGES = ["/ui/", "/ui/app.js", "/api/stats", "/api/events?limit=1", "/openapi.json", "/docs", "/api/nothing-here"]


def get(base: str, path: str, **kwargs) -> httpx.Response:
    return httpx.get(base + path, timeout=30, **kwargs)


# ---------------------------------------------------------------- headers, docs, hosts, exit codes

@pytest.mark.parametrize("path", PAGES)
def test_serve_every_response_carries_the_security_headers(demo_server, path):
    response = get(demo_server[0], path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"  # no inline script, no CDN
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"


def test_serve_the_digest_may_run_no_script_at_all(demo_server):
    response = get(demo_server[0], "/api/digest?country=BLR")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'none';") and "script-src" not in policy and "frame-ancestors 'self'" in policy
    from lxml import html as lxml_html

    [meta] = lxml_html.fromstring(response.text).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert meta.startswith("default-src 'none';")  # the same rule for a digest file opened from disk


def test_serve_csp_blocks_a_planted_javascript_link_in_a_digest(browser, tmp_path):
    """The digest's own policy is a second wall: a `javascript:` link planted in a digest page
    runs nothing, while the same page without the policy does (so the test can see a dialog)."""
    from parley.digest import DIGEST_CSP

    dialogs = []
    for name, head in (("guarded", f'<meta http-equiv="Content-Security-Policy" content="{DIGEST_CSP}">'),
                       ("bare", "")):
        page_file = tmp_path / f"{name}.html"
        page_file.write_text(f'<!doctype html><html><head>{head}</head><body>'
                             f'<a id="x" href="javascript:alert(1)">evidence</a></body></html>', encoding="utf-8")
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d, name=name: (dialogs.append(name), d.dismiss()))
        page.goto(page_file.as_uri())
        page.click("#x")
        page.wait_for_timeout(300)
        context.close()
    assert dialogs == ["bare"]


def test_serve_docs_ship_in_the_package_and_run_under_the_policy(demo_server, browser):
    context = browser.new_context(base_url=demo_server[0])
    page = context.new_page()
    hosts, errors = set(), []
    page.on("request", lambda r: hosts.add(httpx.URL(r.url).host))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    assert "/api/events" in page.inner_text("body")
    context.close()
    assert hosts == {"127.0.0.1"} and errors == []
    assert get(demo_server[0], "/redoc").status_code == 404  # FastAPI's other docs page loads from a CDN


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("[::1]:{port}", 200), ("LOCALHOST.", 200),
    ("evil.example", 400), ("evil.example:{port}", 400), ("127.0.0.1.evil.example", 400), ("10.1.2.3:{port}", 400),
])
def test_serve_answers_only_its_own_host_names(demo_server, host, status):
    base = demo_server[0]
    port = base.rsplit(":", 1)[1]
    response = get(base, "/api/stats", headers={"host": host.format(port=port)})
    assert response.status_code == status
    if status == 400:
        assert "is not served here" in response.text and "--allow-host" in response.text
        assert len(response.text.splitlines()) == 1


def test_serve_beyond_loopback_warns_and_takes_allowed_names(demo_store):
    """Listening on every address (traffic still goes to 127.0.0.1 only): a one-line warning,
    any IP address as Host (an address cannot be rebound), names only when allowed."""
    process, base = start_server(demo_store, "--host", "0.0.0.0", "--allow-host", "parley.lan")
    try:
        for host, status in (("parley.lan", 200), ("PARLEY.LAN:80", 200), ("192.0.2.7", 200),
                             ("evil.example", 400)):
            assert get(base, "/api/health", headers={"host": host}).status_code == status, host
    finally:
        stderr = stop_server(process)
    warning = stderr.splitlines()[0]
    assert warning.startswith("parley: warning: listening on 0.0.0.0:") and "no authentication" in warning


def test_serve_on_loopback_does_not_warn(demo_server, demo_store):
    process, _ = start_server(demo_store)
    assert "warning" not in stop_server(process)


def test_serve_with_several_workers_shares_the_socket(demo_store):
    process, base = start_server(demo_store, "--workers", "2")
    try:
        answers = [get(base, "/api/stats").json()["articles"] for _ in range(6)]
        assert answers == [25] * 6
        assert get(base, "/api/stats", headers={"host": "evil.example"}).status_code == 400  # in every worker
    finally:
        stop_server(process)


def test_serve_busy_port_is_an_error_with_one_line(demo_store, run_parley):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_parley("serve", "--db", demo_store, "--port", str(port))
    assert result.returncode == 1  # not 3, which means "some inputs were skipped"
    assert result.stderr.strip() == (f"parley: error: cannot listen on 127.0.0.1:{port}: address already in use "
                                     "(another server? choose another --port)")


def test_serve_responses_name_no_absolute_path(demo_server):
    base, db = demo_server
    folders = [str(db.parent), str(ROOT)]
    for path in ("/api/health", "/api/digest?country=BLR&lang=xx", "/api/events?since=2025-13-01", "/api/nothing"):
        response = get(base, path)
        assert not any(folder in response.text for folder in folders), (path, response.text)
    assert get(base, "/api/health").json()["db"] == db.name
    missing = get(base, "/api/digest?country=BLR&lang=xx")
    assert missing.status_code == 422 and missing.json()["detail"] == (
        "no digest in 'xx': data/lang/xx/digest_text.tsv is missing")


# ---------------------------------------------------------------- health tells the truth

def test_serve_health_reports_the_stores_own_version_and_tables(demo_server):
    base, db = demo_server
    health = get(base, "/api/health").json()
    con = duckdb.connect(str(db), read_only=True)  # a second reader beside the server
    try:
        version = int(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()
    assert health["status"] == "ok" and health["schema_version"] == version
    assert health["tables"] == rows and rows["merged_events"] > 0


def _write_as_parley_does(path, sql: str) -> None:
    """A writer that asks a server holding the file to let go (as `Store` does): it touches
    `<db>.write-wanted` while it retries, and removes it once it has the file."""
    marker = path.with_name(path.name + WRITE_WANTED_SUFFIX)
    deadline = time.monotonic() + 20
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException:
            assert time.monotonic() < deadline, "the server did not let go of the file"
            marker.touch()
            time.sleep(0.1)
    marker.unlink(missing_ok=True)
    try:
        con.execute(sql)
    finally:
        con.close()


def test_serve_health_follows_the_store_when_it_changes_under_the_server(demo_store, tmp_path):
    db = tmp_path / "served.duckdb"
    shutil.copy(demo_store, db)
    process, base = start_server(db)
    try:
        assert get(base, "/api/health").json()["schema_version"] == SCHEMA_VERSION
        _write_as_parley_does(db, f"UPDATE meta SET value = '{SCHEMA_VERSION - 1}' WHERE key = 'schema_version'")
        health = get(base, "/api/health")
        assert health.status_code == 503 and health.json()["status"] == "error"
        assert health.json()["detail"] == (f"served.duckdb: schema version {SCHEMA_VERSION - 1}, older than this "
                                           f"Parley's {SCHEMA_VERSION}: the next `parley extract --db` or `parley dedupe "
                                           "--db` into it migrates it in place")
        _write_as_parley_does(db, "DROP TABLE merged_events")
        _write_as_parley_does(db, f"UPDATE meta SET value = '{SCHEMA_VERSION}' WHERE key = 'schema_version'")
        assert "no table `merged_events`" in get(base, "/api/health").json()["detail"]
        assert get(base, "/api/stats").status_code == 503  # not a 500
    finally:
        stop_server(process)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_serve_refuses_a_damaged_store_with_the_line_stats_prints(tmp_path, run_parley, damage):
    make_damage, message = DAMAGE[damage]
    db = synthetic_store(tmp_path / "p.duckdb")
    make_damage(db)
    stats = run_parley("stats", "--db", db)
    served = run_parley("serve", "--db", db, "--port", str(free_port()))
    assert stats.returncode == served.returncode == 1
    assert served.stderr == stats.stderr and len(served.stderr.strip().splitlines()) == 1
    assert served.stderr.startswith(f"parley: error: {db}: ") and message in served.stderr


def test_serve_every_command_that_reads_a_store_says_the_same(tmp_path, run_parley):
    db = synthetic_store(tmp_path / "p.duckdb")
    DAMAGE["flipped block"][0](db)
    corpus = tmp_path / "new.jsonl"
    corpus.write_text(json.dumps({"id": "n", "text": "Belarus freed prisoners."}) + "\n", encoding="utf-8")
    commands = [["stats"], ["events"], ["dyads"], ["groups"], ["timeline", "--country", "BLR"],
                ["digest", "--country", "BLR"], ["export", "--format", "csv", "-o", tmp_path / "x.csv"],
                ["plot", "country", "BLR", "-o", tmp_path / "x.png"], ["dedupe"], ["extract", corpus]]
    lines = set()
    for command in commands:
        result = run_parley(*command, "--db", db)
        assert result.returncode == 1, (command, result.stderr)
        lines.add(result.stderr)
    [line] = lines
    assert "fails its checksum" in line and len(line.strip().splitlines()) == 1


# ---------------------------------------------------------------- writing while serving

NEW_ARTICLES = [
    {"id": "live-1", "text": "The European Union imposed new sanctions on Belarus.", "published": "2026-01-05",
     "url": "https://example.org/live-1"},
    {"id": "live-2", "text": "Lukashenko met the US envoy in Minsk.", "published": "2026-01-20",
     "url": "https://example.org/live-2"},
]


def test_serve_extract_writes_while_the_server_reads_and_the_dashboard_shows_it(demo_store, tmp_path, browser):
    db = tmp_path / "live.duckdb"
    shutil.copy(demo_store, db)
    corpus = tmp_path / "new.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in NEW_ARTICLES) + "\n", encoding="utf-8")
    process, base = start_server(db)
    context = browser.new_context(base_url=base)
    page = context.new_page()
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:  # a reader that never pauses, as a busy dashboard would be
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                statuses.append(client.get(base + "/api/events", params={"country": "BLR"}).status_code)

    try:
        page.goto("/ui/#/events?since=2026-01-01")
        page.wait_for_selector("#view[data-ready]", timeout=30_000)
        assert page.inner_text(".count") == "No events match."
        reader = threading.Thread(target=load)
        reader.start()
        result = subprocess.run([parley_bin(), "extract", str(corpus), "--db", str(db)],
                                capture_output=True, text=True, timeout=120)
        stop.set()
        reader.join()
        assert result.returncode == 0, result.stderr
        assert "2 articles stored" in result.stderr
        assert statuses and set(statuses) == {200}  # the server answered throughout
        new = get(base, "/api/events", params={"since": "2026-01-01"}).json()["events"]
        assert {(e["event_type"], e["day"]) for e in new} >= {("SANCTION", "2026-01-05")}
        # the open page shows them without a reload (it polls /api/health for the store's stamp)
        page.wait_for_function("n => document.querySelectorAll('tr.event').length === n", arg=len(new),
                               timeout=15_000)
        assert "2026-01-05" in page.inner_text("tbody")
    finally:
        stop.set()
        context.close()
        stop_server(process)
