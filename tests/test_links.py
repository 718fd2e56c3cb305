"""Links from the data: only http, https and file URLs become links, in the digest file, in
/api/digest and in every dashboard view; the rest is shown as text (issue 18).

Hostile URLs go in the way a user's data brings them (JSONL records and WARC-Target-URIs),
through the real `parley extract`, `parley digest` and `parley serve`, and the pages are
opened in Debian's headless chromium: no dialog may open, and no link may point anywhere
but http, https or file. The allowed scheme check in these tests is written out here, apart
from `links.py`, so that a mistake there cannot hide itself.
"""
from __future__ import annotations

import io
import json

import httpx
import pytest
from lxml import html as lxml_html

from conftest import start_server, stop_server
from parley.links import safe_link

# What a browser would run or render as a document of its own if it reached an href.
HOSTILE = ["javascript:alert(document.domain)", "JaVaScRiPt:alert(document.domain)",
           " \tjavascript:alert(document.domain)", "java\nscript:alert(document.domain)",
           "\x01javascript:alert(document.domain)", "data:text/html,<script>alert(document.domain)</script>",
           "vbscript:msgbox(document.domain)"]
# warcio reads HTTP headers only for http(s) target URIs, so Parley skips these records as not
# HTML responses: the test checks that they do not turn up as links either.
HOSTILE_WARC = ["javascript:alert(document.domain)", "JAVASCRIPT:alert(document.domain)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "VBScript:msgbox(1)"]
GOOD_WARC = "https://example.org/from-warc"
GOOD = ["https://example.org/good", "http://example.org/plain", "file:///srv/news/local.html"]
TEXT = "Belarus released three political prisoners, including a US citizen, officials said."
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


def allowed(url: str) -> bool:
    """The rule under test, written out independently: what the browser reads as the scheme."""
    cleaned = "".join(c for c in url.strip("".join(map(chr, range(33)))) if c not in "\t\n\r").lower()
    return cleaned.startswith(("http:", "https:", "file:")) or cleaned.startswith("#") or cleaned.startswith("/") \
        or (":" not in cleaned.split("/")[0].split("?")[0].split("#")[0])  # relative: the page's own origin


@pytest.mark.parametrize("url", GOOD + ["HTTPS://EXAMPLE.ORG/x", "  https://example.org/pad  "])
def test_links_http_https_and_file_are_links(url):
    assert safe_link(url) == url.strip()


@pytest.mark.parametrize("url", HOSTILE + HOSTILE_WARC + [
    "", None, "example.org/no-scheme", "//example.org/protocol-relative", "blob:https://example.org/x",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)", "javascript&colon;alert(1)", "jav&#x09;ascript:alert(1)"])
def test_links_anything_else_is_refused(url):
    assert safe_link(url) is None


def test_links_what_is_returned_is_what_was_checked():
    assert safe_link(" ht\ttps://exa\nmple.org/a\r ") == "https://example.org/a"


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def _page(day: str, n: int) -> bytes:
    return (f"<html><head><title>Release {n}</title><meta property='article:published_time' content='{day}'>"
            f"</head><body><article><p>{TEXT} The group numbered {n} people and crossed into Lithuania on foot, "
            f"according to report number {n}.</p></article></body></html>").encode()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A store coded by `parley extract` from a JSONL file and a WARC file whose URLs are hostile
    (and a few good ones): one event per article, each on a day of its own, so that every URL
    is the evidence link of one distinct event."""
    import subprocess

    from conftest import parley_bin

    folder = tmp_path_factory.mktemp("hostile")
    records = [{"id": f"j{i}", "text": f"{TEXT} Report {i}.", "published": f"2024-{1 + i:02d}-10", "url": url}
               for i, url in enumerate(HOSTILE + GOOD)]
    records.append({"id": "javascript:alert(document.domain)", "text": f"{TEXT} An id for a link.",
                    "published": "2024-12-20"})
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(_warc([(url, _page(f"2023-{1 + i:02d}-15", i))
                                                  for i, url in enumerate(HOSTILE_WARC + [GOOD_WARC])]))
    db = folder / "hostile.duckdb"
    result = subprocess.run([parley_bin(), "extract", str(folder / "feed.jsonl"), str(folder / "crawl.warc.gz"),
                             "--db", str(db), "--quiet"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def hostile_server(hostile_store):
    process, base = start_server(hostile_store)
    yield base
    stop_server(process)


def bad_links(page_html: str) -> list[str]:
    tree = lxml_html.fromstring(page_html)
    return [value for element in tree.iter() if isinstance(element.tag, str)
            for name in LINK_ATTRIBUTES if (value := element.get(name)) is not None and not allowed(value)]


def test_links_the_store_holds_the_hostile_urls(hostile_store):
    import duckdb

    con = duckdb.connect(str(hostile_store), read_only=True)
    urls = {row[0] for row in con.execute("SELECT url FROM articles").fetchall()}
    linked = con.execute("SELECT count(DISTINCT merged_id) FROM merged_events").fetchone()[0]
    con.close()
    assert set(HOSTILE + GOOD + [GOOD_WARC]) <= urls  # the test's data really reached the store
    assert linked >= len(HOSTILE + GOOD) + 1


def test_links_digest_file_links_only_good_urls(hostile_store, run_parley, tmp_path, browser):
    out = tmp_path / "digest.html"
    result = run_parley("digest", "--db", hostile_store, "--country", "BLR", "--format", "html", "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert bad_links(page) == []
    tree = lxml_html.fromstring(page)
    hrefs = {a.get("href") for a in tree.iter("a")}
    assert set(GOOD + [GOOD_WARC]) <= hrefs  # good links are still links
    assert "javascript:alert(document.domain)" in tree.text_content()  # a refused one is shown as text
    assert "vbscript:msgbox(document.domain)" in tree.text_content()
    markdown = run_parley("digest", "--db", hostile_store, "--country", "BLR", "--format", "md").stdout
    assert "](javascript" not in markdown.lower() and "](data:" not in markdown and "](vbscript" not in markdown.lower()
    assert "(https://example.org/good)" in markdown
    _no_script_runs(browser, out.as_uri())


def test_links_api_digest_links_only_good_urls(hostile_server, browser):
    response = httpx.get(hostile_server + "/api/digest", params={"country": "BLR"}, timeout=30)
    assert response.status_code == 200 and bad_links(response.text) == []
    assert "default-src 'none'" in response.headers["content-security-policy"]
    _no_script_runs(browser, hostile_server + "/api/digest?country=BLR")


def test_links_api_gives_a_link_only_for_good_urls(hostile_server):
    events = httpx.get(hostile_server + "/api/events", params={"limit": 500}, timeout=30).json()["events"]
    mentions = [m for e in events for m in e["mentions"]]
    assert {m["url"] for m in mentions} >= set(HOSTILE + GOOD)  # the data, as stored
    assert {m["url"] for m in mentions if m["link"]} == set(GOOD + [GOOD_WARC])
    assert all(m["link"] == m["url"] for m in mentions if m["link"])


@pytest.mark.parametrize("view", ["/", "/map?country=BLR", "/dyad?a=BLR&b=USA", "/events",
                                  "/digest?country=BLR"])
def test_links_dashboard_views_link_only_good_urls(hostile_server, browser, view):
    context = browser.new_context(base_url=hostile_server)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/ui/#{view}")
    page.wait_for_selector("#view[data-ready]", timeout=30_000)
    rows = page.locator("tr.event")
    for i in range(rows.count()):  # every event opened: its mentions' links are in the detail rows
        rows.nth(i).click()
    if rows.count():
        assert page.locator("tr.detail").count() == rows.count()
        assert "javascript:alert(document.domain)" in page.inner_text("#view")  # shown as text
        assert page.locator("a[href='https://example.org/good']").count() == 1  # a good one is a link
    _click_bad_links(page)
    assert dialogs == []
    context.close()


def _no_script_runs(browser, url: str) -> None:
    """Opens `url`, clicks every link that is not http(s) or file, and fails on a dialog or on
    such a link."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    _click_bad_links(page)
    assert dialogs == []
    context.close()


def _click_bad_links(page) -> None:
    for frame in page.frames:
        # every element but <link> (the page's own stylesheet and icon)
        found = frame.evaluate("""names => [...document.querySelectorAll(':not(link)')].flatMap(el =>
            names.filter(n => el.hasAttribute(n)).map(n => el.getAttribute(n)))""", list(LINK_ATTRIBUTES))
        bad = [value for value in found if not allowed(value)]
        for link in frame.locator("a[href]").all():
            if not allowed(link.get_attribute("href")):
                link.click(timeout=2000)
        page.wait_for_timeout(200)
        assert bad == [], f"links from the data in {frame.url}: {bad}"
