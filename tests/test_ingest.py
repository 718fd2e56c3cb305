"""Ingest: every input kind, and every kind of bad input, gives articles or one clear error."""
from __future__ import annotations

import io
import json

import pytest

from parley.errors import InputError
from parley.ingest import read_articles


def collect(paths, max_bytes=5_000_000):
    errors: list[InputError] = []
    articles = list(read_articles([str(p) for p in paths], errors.append, max_bytes))
    return articles, errors


def test_ingest_txt_id_is_file_name(tmp_path):
    (tmp_path / "minsk-talks.txt").write_text("Belarus released three prisoners.", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["minsk-talks"] and not errors
    assert articles[0].hash and articles[0].text.startswith("Belarus")


def test_ingest_folder_is_recursive_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    articles, _ = collect([tmp_path])
    assert [a.id for a in articles] == ["two", "one"] or [a.id for a in articles] == ["one", "two"]
    assert len(articles) == 2


def test_ingest_jsonl_fields(tmp_path):
    record = {"id": "a1", "text": "Russia massed troops.", "title": "T", "url": "https://x.org/a",
              "published": "2025-02-15T10:00:00Z", "lang": "EN", "source": "Wire"}
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article], errors = collect([tmp_path / "in.jsonl"])
    assert (article.id, article.title, article.url, str(article.published), article.lang, article.source) == \
        ("a1", "T", "https://x.org/a", "2025-02-15", "en", "Wire")


def test_ingest_html_uses_main_text(tmp_path):
    html = ("<html><head><title>Talks</title></head><body><nav>Home | World | Login</nav><article>"
            "<p>The foreign ministers of Belarus and Cuba held talks in Havana on Monday about trade.</p>"
            "<p>They signed an agreement on pharmaceutical supplies and agreed to meet again next year.</p>"
            "</article><footer>Copyright 2025</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [article], errors = collect([tmp_path])
    assert "held talks in Havana" in article.text and "Login" not in article.text


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ("cut.html", b"<html><body><div", "no article text"),
    ("none.warc", b"", "empty file"),
])
def test_ingest_bad_file_names_file_and_problem(tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Belarus released three prisoners.", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert len(errors) == 1 and name in str(errors[0]) and problem in str(errors[0])


def test_ingest_non_utf8_is_decoded(tmp_path):
    text = "Лукашенко встретился с послом Венесуэлы в Минске."
    (tmp_path / "cp1251.txt").write_bytes(text.encode("cp1251"))
    [article], errors = collect([tmp_path])
    assert article.text == text and not errors


def test_ingest_missing_path(tmp_path):
    articles, errors = collect([tmp_path / "nowhere"])
    assert not articles and "no such file" in str(errors[0]) and "nowhere" in str(errors[0])


def test_ingest_malformed_jsonl_lines_name_the_line(tmp_path):
    lines = ['{"id": "ok1", "text": "Belarus freed prisoners."}', '{"id": "bad", "text": ', '[1, 2]',
             '{"id": "notext"}', '{"id": "ok2", "text": "Russia massed troops."}']
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = collect([tmp_path / "mixed.jsonl"])
    assert [a.id for a in articles] == ["ok1", "ok2"]
    assert [e.line for e in errors] == [2, 3, 4]
    assert all("mixed.jsonl" in str(e) for e in errors)


def test_ingest_overlong_jsonl_line_is_skipped_not_loaded(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "huge", "text": "x" * 3000}) + "\n")
        out.write(json.dumps({"id": "small", "text": "Belarus freed prisoners."}) + "\n")
    articles, errors = collect([path], max_bytes=1000)
    assert [a.id for a in articles] == ["small"] and errors[0].line == 1 and "longer than" in str(errors[0])


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_ingest_warc_html_records(tmp_path):
    page = (b"<html><body><article><p>US forces seized an oil tanker off the coast of Venezuela on "
            b"Wednesday, officials said, in the latest step of a pressure campaign.</p></article></body></html>")
    (tmp_path / "crawl.warc.gz").write_bytes(_warc([("https://news.example/a", "text/html", page),
                                                    ("https://news.example/b.png", "image/png", b"\x89PNG")]))
    [article], errors = collect([tmp_path])
    assert article.url == "https://news.example/a" and "tanker" in article.text and not errors


def test_ingest_warc_without_html(tmp_path):
    (tmp_path / "images.warc.gz").write_bytes(_warc([("https://x.example/i.png", "image/png", b"\x89PNG")]))
    articles, errors = collect([tmp_path])
    assert not articles and "no HTML response records" in str(errors[0])


def test_ingest_truncated_gzip_warc(tmp_path):
    data = _warc([("https://news.example/a", "text/html", b"<html><body><p>" + b"Talks. " * 200 + b"</p></body></html>")])
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    articles, errors = collect([tmp_path])
    assert errors and "cut.warc.gz" in str(errors[0])
