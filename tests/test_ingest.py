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
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["one", "b/two"]  # a folder's files, then its subfolders
    assert [str(e) for e in errors] == [f"{tmp_path}: 1 .md file left out: unsupported type "
                                        "(Parley reads .txt, .html, .htm, .jsonl, .warc, .warc.gz)"]


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


# -- ids that cannot collide, whatever the input holds ---------------------------------

def test_ingest_same_name_in_two_folders_is_two_articles(tmp_path):
    for lang, text in (("en", "Belarus released three prisoners."), ("es", "Bielorrusia liberó a tres presos.")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "a.txt").write_text(text, encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["en/a", "es/a"] and not errors


def test_ingest_file_given_directly_keeps_its_stem(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "minsk.talks.txt").write_text("Belarus released three prisoners.", encoding="utf-8")
    articles, _ = collect([tmp_path / "en" / "minsk.talks.txt"])
    assert [a.id for a in articles] == ["minsk.talks"]


def test_ingest_undecodable_file_name_gives_an_escaped_utf8_id(tmp_path):
    import os

    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as out:  # Latin-1 bytes in a file name
        out.write(b"Belarus released three prisoners.")
    [article], errors = collect([tmp_path])
    assert article.id == "caf\\xe9" and article.path.endswith("caf\\xe9.txt") and not errors
    article.id.encode("utf-8")  # valid UTF-8: the store accepts it


def test_ingest_jsonl_ids_are_strings_as_written(tmp_path):
    lines = ['{"id": Infinity, "text": "Russia massed troops."}', '{"id": 1e999, "text": "Russia massed troops."}',
             '{"id": 007, "text": "x"}', '{"id": 42, "text": "Chile and Peru met."}',
             '{"id": "a\\ud800b", "text": "Chile and Peru met. \\udc00"}']
    (tmp_path / "ids.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["Infinity", "1e999", "42", "a\\ud800b"]
    assert articles[-1].text == "Chile and Peru met. \ufffd"
    assert [e.line for e in errors] == [3]  # 007 is no JSON number


def test_ingest_deeply_nested_json_is_one_bad_line(tmp_path):
    (tmp_path / "deep.jsonl").write_text("[" * 50_000 + "]" * 50_000 + '\n{"id": "ok", "text": "Peru met Chile."}\n',
                                         encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["ok"] and [(e.line, e.problem) for e in errors] == [(1, "JSON nested too deeply")]


# -- nothing skipped in silence ---------------------------------------------------------

def test_ingest_empty_folder_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    articles, errors = collect([tmp_path / "empty"])
    assert not articles and [str(e) for e in errors] == [f"{tmp_path / 'empty'}: no article found in it"]


def test_ingest_unsupported_files_are_counted_by_kind(tmp_path):
    for name in ("a.pdf", "b.pdf", "c.docx", "notes"):
        (tmp_path / name).write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert not articles
    assert sorted(e.problem.split(":")[0] for e in errors) == [
        "1 .docx file left out", "1 file without extension left out", "2 .pdf files left out"]


def test_ingest_fifo_and_broken_link_do_not_block(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "good.txt").write_text("Belarus released three prisoners.", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["gone.txt", "pipe.txt"]


# -- WARC: a bad record or a bomb costs only itself ---------------------------------------

def test_ingest_warc_record_without_target_uri_is_coded_with_a_warning(tmp_path):
    from hostile_inputs import html_page, warc_bytes

    text = "Chile and Peru signed a trade agreement in Lima on Monday, the two governments said."
    (tmp_path / "c.warc").write_bytes(warc_bytes([(None, html_page(text)), ("https://x.org/b", html_page(text))],
                                                 compress=False))
    articles, errors = collect([tmp_path])
    assert [(a.id, a.url) for a in articles] == [("c-0", None), ("c-1", "https://x.org/b")]
    assert [(e.severity, e.path) for e in errors] == [("warning", f"{tmp_path / 'c.warc'}#0")]


def test_ingest_truncated_gzip_warc_keeps_the_records_before_the_cut(tmp_path):
    from hostile_inputs import html_page, warc_bytes

    pages = [(f"https://x.org/{i}", html_page(f"Chile and Peru met in Lima on day {i} to discuss trade. " * 5))
             for i in range(4)]
    data = warc_bytes(pages, compress=True)
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 7 // 8])
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["cut-0", "cut-1", "cut-2"]
    assert [e.problem for e in errors] == ["file is truncated: 3 HTML records read, what followed is lost"]


def test_ingest_gzip_bomb_stops_with_bounded_memory(tmp_path):
    import resource

    from hostile_inputs import gzip_bomb

    (tmp_path / "bomb.warc.gz").write_bytes(gzip_bomb(inflated_mb=300))
    (tmp_path / "good.txt").write_text("Belarus released three prisoners.", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles, errors = collect([tmp_path])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [a.id for a in articles] == ["good"] and "decompression bomb" in errors[0].problem
    assert grown_mb < 100  # 300 MB inflated would otherwise be held by warcio looking for a newline


def test_ingest_text_that_is_not_warc_is_refused_once(tmp_path):
    (tmp_path / "x.warc").write_text("five words on a line\n" * 10, encoding="utf-8")  # ARC-like lines
    articles, errors = collect([tmp_path])
    assert not articles and len(errors) == 1 and "not a readable WARC file" in errors[0].problem
