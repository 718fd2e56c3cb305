"""Ingest: turn files, folders, JSONL, WARC or stdin into `Article` records.

`read_articles(paths, on_error)` streams articles one at a time, so a corpus of any
size never sits in memory. A file that cannot be read is reported through
`on_error` as an `InputError` naming the file (and line) and reading goes on.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .pubdate import html_publication_date
from .records import Article

LOGGER = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
# An article longer than this is almost surely not one article (a dump, a log, a
# 100 MB single line); it is skipped with an error instead of being coded.
MAX_ARTICLE_BYTES = 5_000_000
BINARY_SNIFF_BYTES = 8192

ErrorHandler = Callable[[InputError], None]


def read_articles(paths: Iterable[str], on_error: ErrorHandler,
                  max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield every article found under `paths` (files, folders, or '-' for JSONL on stdin)."""
    for raw in paths:
        if raw == "-":
            yield from _guarded(lambda: read_jsonl_stream(sys.stdin.buffer, "<stdin>", on_error, max_bytes),
                                "<stdin>", on_error)
            continue
        path = Path(raw)
        if not path.exists():
            on_error(InputError(raw, "no such file or folder"))
        elif path.is_dir():
            for child in iter_corpus_files(path):
                yield from _guarded(lambda c=child: read_file(c, on_error, max_bytes), str(child), on_error)
        else:
            yield from _guarded(lambda: read_file(path, on_error, max_bytes), raw, on_error)


def _guarded(make: Callable[[], Iterator[Article]], name: str, on_error: ErrorHandler) -> Iterator[Article]:
    """Run one file's reader; turn any failure into an error for that file only."""
    try:
        yield from make()
    except InputError as err:
        on_error(err)
    except (OSError, ValueError, EOFError) as err:  # truncated gzip, unreadable file, ...
        on_error(InputError(name, f"cannot read: {err}"))


def iter_corpus_files(folder: Path) -> Iterator[Path]:
    """Supported files under a folder, recursively, in a stable (sorted) order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(SUPPORTED):
            yield path


def read_file(path: Path, on_error: ErrorHandler, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield the articles of one file, chosen by its suffix."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        with path.open("rb") as stream:
            yield from read_jsonl_stream(stream, str(path), on_error, max_bytes)
    elif name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, on_error, max_bytes)
    elif name.endswith(HTML_SUFFIXES):
        yield article_from_html(read_bytes(path, max_bytes), doc_id=file_id(path), path=str(path))
    elif name.endswith(TEXT_SUFFIXES):
        text = decode_text(read_bytes(path, max_bytes), str(path))
        yield Article(id=file_id(path), text=text, path=str(path))
    else:
        raise InputError(str(path), f"unsupported file type (expected one of {', '.join(SUPPORTED)})")


def file_id(path: Path) -> str:
    """An article id from a file name: the name without its extension(s)."""
    name = path.name
    for suffix in SUPPORTED:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "empty file")
    if size > max_bytes:
        raise InputError(str(path), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article")
    return path.read_bytes()


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8, or detect the encoding; refuse binary data."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detect_and_decode(data, name)
    if not text.strip():
        raise InputError(name, "empty file (only whitespace)")
    return text


def _detect_and_decode(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError(name, "not UTF-8 and no text encoding could be detected")
    LOGGER.info("%s: decoded as %s", name, best.encoding)
    return data.decode(best.encoding, errors="replace")


def article_from_html(data: bytes | str, *, doc_id: str, path: str, url: str | None = None) -> Article:
    """Extract the main text, title and date of an HTML page with trafilatura."""
    import trafilatura

    html = decode_text(data, path) if isinstance(data, bytes) else data
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False)
    doc = extracted.as_dict() if extracted is not None else {}
    text = doc.get("text") or ""
    if not text.strip():
        raise InputError(path, "no article text found in the HTML (truncated or not an article page)")
    published = html_publication_date(html)  # markup only; the text and URL are read by the pubdate stage
    return Article(id=doc_id, text=text, title=doc.get("title"), url=url or doc.get("url"),
                   published=published, published_source="metadata" if published else None,
                   source=doc.get("sitename") or doc.get("hostname"), path=path)


def parse_date(value: object) -> date | None:
    """A `date` from an ISO string such as '2025-02-15' or '2025-02-15T10:00:00Z'."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_jsonl_stream(stream: BinaryIO, name: str, on_error: ErrorHandler,
                      max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield one article per JSONL line: `id`, `text`, optional `title`, `url`, `published`, `lang`, `source`."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            break
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            on_error(InputError(name, f"line longer than {max_bytes / 1e6:.0f} MB, skipped", number))
            continue
        if not line.strip():
            continue
        try:
            yield article_from_record(json.loads(line), name, number)
        except InputError as err:
            on_error(err)
        except (ValueError, UnicodeDecodeError) as err:
            on_error(InputError(name, f"not valid JSON ({err.__class__.__name__}: {str(err)[:80]})", number))


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def article_from_record(record: object, name: str, number: int) -> Article:
    if not isinstance(record, dict):
        raise InputError(name, "expected a JSON object with 'id' and 'text'", number)
    text, doc_id = record.get("text"), record.get("id")
    if doc_id is None or str(doc_id).strip() == "":
        raise InputError(name, "record has no 'id'", number)
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, f"record '{doc_id}' has no 'text'", number)
    lang = record.get("lang")
    return Article(id=str(doc_id), text=text, title=_opt_str(record.get("title")),
                   url=_opt_str(record.get("url")), published=parse_date(record.get("published")),
                   source=_opt_str(record.get("source")), lang=str(lang).lower() if lang else None,
                   path=f"{name}:{number}")


def _opt_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def read_warc(path: Path, on_error: ErrorHandler, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield an article for every HTML response record of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    found = 0
    with path.open("rb") as stream:
        try:
            for index, record in enumerate(ArchiveIterator(stream)):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype:
                    continue
                found += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read(max_bytes + 1)
                where = f"{path}#{index}"
                if len(body) > max_bytes:
                    on_error(InputError(where, "HTML record over the size limit, skipped"))
                    continue
                try:
                    yield article_from_html(body, doc_id=f"{file_id(path)}-{index}", path=where, url=url)
                except InputError as err:
                    on_error(err)
        except ArchiveLoadFailed as err:
            raise InputError(str(path), f"not a readable WARC file ({str(err)[:80]})") from None
    if not found:
        raise InputError(str(path), "WARC file has no HTML response records")

