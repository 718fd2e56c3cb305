"""Ingest: turn files, folders, JSONL, WARC or stdin into `Article` records.

`read_articles(paths, on_error)` streams articles one at a time, so a corpus of any
size never sits in memory. Whatever one input holds, a failure to read, decode or
parse it is contained: it is reported through `on_error` as an `InputError` naming
the file (and line or record) and the problem, and reading goes on with the next
record or file. Nothing here stops a run but a failure of the caller's own.

Ids cannot collide between files: a file's id is its path relative to the folder
given, without extension (so its stem when it lies directly in that folder, or when
the file itself is given). Ids are always valid UTF-8: undecodable bytes of a file
name and lone surrogates of a JSONL id are written as backslash escapes.
"""
from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

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
# A compressed input that inflates more than this many times, once past the first
# BOMB_FLOOR_BYTES, is a decompression bomb, not news: real WARC.gz files of HTML
# inflate 3 to 15 times. Reading stops there, so memory and time stay bounded (warcio
# builds a line without newline by repeated concatenation: 32 MB of it take 14 s).
MAX_INFLATION_RATIO = 100
BOMB_FLOOR_BYTES = 4_000_000
GZIP_MAGIC = b"\x1f\x8b"

LONE_SURROGATE = re.compile("[\ud800-\udfff]")

ErrorHandler = Callable[[InputError], None]


def read_articles(paths: Iterable[str], on_error: ErrorHandler,
                  max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield every article found under `paths` (files, folders, or '-' for JSONL on stdin).

    An input that yields no article at all (an empty folder, a file with no usable
    record) is reported too, so that nothing is skipped in silence.
    """
    return walk_plan(plan_inputs(paths), on_error, lambda item, report: read_planned(item, report, max_bytes))


# -- the plan: what to read, listed before anything is read ---------------------------
# Listing (folders walked, ids given, unsupported files counted) is apart from reading, so
# that a cluster driver lists the inputs and its workers read them: `plan_inputs` gives the
# same ids and messages wherever the files are read, and `walk_plan` the same checks.


@dataclass(frozen=True, slots=True)
class FileInput:
    """One file to read: its path as listed, the id ingest gives it, its name in messages, and
    (for a worker elsewhere) the absolute path to read it by."""

    path: str
    doc_id: str
    name: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """The start (`opens`) or the end of a folder given on the command line: a folder that
    yields no article and reports no problem is reported as such."""

    name: str
    opens: bool


@dataclass(frozen=True, slots=True)
class Stdin:
    """JSONL on standard input ('-'): only the process that runs the command can read it."""

    name: str = "<stdin>"


PlanItem = FileInput | Scope | Stdin | InputError


def plan_inputs(paths: Iterable[str]) -> Iterator[PlanItem]:
    """What reading `paths` takes, in order: files to read, folder scopes, standard input,
    and the problems found while listing (a missing path, an unreadable folder, files of
    unsupported types). Folders are listed lazily, one file at a time."""
    for raw in paths:
        if raw == "-":
            yield Stdin()
            continue
        name, path = display_path(raw), Path(raw)
        if not path.exists():
            yield InputError(name, "no such file or folder")
        elif path.is_dir():
            yield Scope(name, opens=True)
            yield from _plan_folder(path, name)
            yield Scope(name, opens=False)
        else:
            yield FileInput(raw, file_id(path), name)


def _plan_folder(folder: Path, name: str) -> Iterator[PlanItem]:
    """Every supported file under `folder`, with its relative-path id; then, one line per
    kind, which files were left out and why."""
    problems: list[InputError] = []
    unsupported: dict[str, int] = {}
    try:
        for child in iter_corpus_files(folder, problems.append, unsupported):
            yield from problems
            problems.clear()
            yield FileInput(os.fspath(child), file_id(child, folder), display_path(child))
        yield from problems
        for suffix, count in sorted(unsupported.items()):
            files = "file" if count == 1 else "files"
            kind = f"{suffix} {files}" if suffix else f"{files} without extension"
            yield InputError(display_path(folder), f"{count} {kind} left out: "
                                                   f"unsupported type (Parley reads {', '.join(SUPPORTED)})")
    except Exception as err:  # noqa: BLE001 - a folder that cannot be listed is that folder's error
        yield InputError(name, f"cannot read: {_describe(err)}")


def walk_plan(plan: Iterable[PlanItem], on_error: ErrorHandler,
              read: Callable[[Any, ErrorHandler], Iterable[Any]]) -> Iterator[Any]:
    """Yield what `read(item, report)` gives for each file or stream of `plan`, in order;
    report the plan's problems through `on_error`, and each folder that yielded nothing.

    `read` may be handed items other than `FileInput` and `Stdin` (a cluster driver passes
    groups of files its workers read); whatever it yields counts as one article.
    """
    scopes: list[list[int]] = []  # [articles, problems] of each open folder

    def report(err: InputError) -> None:
        for scope in scopes:
            scope[1] += 1
        on_error(err)

    for item in plan:
        if isinstance(item, Scope):
            if item.opens:
                scopes.append([0, 0])
                continue
            articles, problems = scopes.pop()
            if not articles and not problems:
                report(InputError(item.name, "no article found in it"))
        elif isinstance(item, InputError):
            report(item)
        else:
            for article in read(item, report):
                for scope in scopes:
                    scope[0] += 1
                yield article


def read_planned(item: FileInput | Stdin, on_error: ErrorHandler,
                 max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """The articles of one planned file (or of standard input), every failure contained."""
    if isinstance(item, Stdin):
        return read_input(lambda report: read_stdin(report, max_bytes), item.name, on_error)
    source = Path(item.source) if item.source else None
    return read_input(lambda report: read_file(Path(item.path), report, max_bytes, doc_id=item.doc_id, source=source),
                      item.name, on_error)


def read_input(reader: Callable[[ErrorHandler], Iterator[Article]], name: str,
               on_error: ErrorHandler) -> Iterator[Article]:
    """The articles `reader` yields from one input (file, folder or stream), every failure
    contained; an input that yields no article and reported no problem is reported as such."""
    problems = 0

    def report(err: InputError) -> None:
        nonlocal problems
        problems += 1
        on_error(err)

    articles = 0
    for article in _guarded(lambda: reader(report), name, report):
        articles += 1
        yield article
    if not articles and not problems:
        on_error(InputError(name, "no article found in it"))


def _guarded(make: Callable[[], Iterator[Article]], name: str, on_error: ErrorHandler) -> Iterator[Article]:
    """Run one input's reader; turn any failure into one error for that input only.

    Hostile or damaged files make third-party parsers (warcio, trafilatura, json, gzip)
    raise whatever they raise, so every exception is caught here: articles already
    yielded from the input are kept, the rest of it is reported as lost, and the run
    goes on with the next input.
    """
    count = 0
    try:
        for article in make():
            count += 1
            yield article
    except InputError as err:
        on_error(err)
    except Exception as err:  # noqa: BLE001 - any failure of one input is that input's error
        problem = _describe(err)
        if count:
            problem += f" (after {count} article{'s' if count != 1 else ''}; the rest of the file is lost)"
        on_error(InputError(name, f"cannot read: {problem}"))


def _describe(err: BaseException) -> str:
    """A one-line description of a reader's failure, for a user rather than a developer."""
    if isinstance(err, EOFError):
        return "file is truncated"
    if isinstance(err, RecursionError):
        return "structure nested too deeply"
    if isinstance(err, MemoryError):
        return "out of memory"
    text = " ".join(str(err).split())[:160]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def iter_corpus_files(folder: Path, on_error: ErrorHandler | None = None,
                      unsupported: dict[str, int] | None = None) -> Iterator[Path]:
    """Supported files under a folder, recursively, in a stable (sorted) order.

    Hidden files and folders (a name starting with '.') are passed over; a folder that
    cannot be listed is reported; files of other types are counted in `unsupported` by suffix.
    """
    def unreadable(err: OSError) -> None:
        if on_error is not None:
            on_error(InputError(display_path(err.filename or folder), f"cannot read folder ({err.strerror})"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if not path.is_file():  # a FIFO would block the run, a broken link cannot be read
                if on_error is not None:
                    on_error(InputError(display_path(path), "not a regular file (a broken link, pipe or device)"))
            elif name.lower().endswith(SUPPORTED):
                yield path
            elif unsupported is not None:
                suffix = Path(name).suffix.lower()
                unsupported[suffix] = unsupported.get(suffix, 0) + 1


def display_path(path: str | os.PathLike) -> str:
    """A path as valid UTF-8 text: bytes of a file name that are not UTF-8 become escapes
    (the file itself is still read by its real name)."""
    return safe_text(os.fspath(path), from_filesystem=True)


def safe_text(value: str, *, from_filesystem: bool = False) -> str:
    """`value` as valid UTF-8: lone surrogates (from undecodable file-name bytes, or from a
    JSON escape such as \\ud800) become backslash escapes. DuckDB refuses such strings, and
    one of them would make it refuse a whole batch."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        if from_filesystem:
            return os.fsencode(value).decode("utf-8", "backslashreplace")
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def read_file(path: Path, on_error: ErrorHandler, max_bytes: int = MAX_ARTICLE_BYTES,
              doc_id: str | None = None, source: Path | None = None) -> Iterator[Article]:
    """Yield the articles of one file, chosen by its suffix; `doc_id` defaults to `file_id(path)`.
    `source` is where to read it when that is not `path` (a cluster worker reads a path given
    relative to the driver's folder by its absolute form); messages still name `path`."""
    name = path.name.lower()
    doc_id = doc_id if doc_id is not None else file_id(path)
    where = display_path(path)
    source = source or path
    if name.endswith(JSONL_SUFFIXES):
        with source.open("rb") as stream:
            yield from read_jsonl_stream(stream, where, on_error, max_bytes)
    elif name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, on_error, max_bytes, doc_id=doc_id, source=source)
    elif name.endswith(HTML_SUFFIXES):
        yield article_from_html(read_bytes(source, max_bytes, str(path)), doc_id=doc_id, path=where)
    elif name.endswith(TEXT_SUFFIXES):
        text = decode_text(read_bytes(source, max_bytes, str(path)), where)
        yield Article(id=doc_id, text=text, path=where)
    else:
        raise InputError(where, f"unsupported file type (expected one of {', '.join(SUPPORTED)})")


def file_id(path: Path, folder: Path | None = None) -> str:
    """An article id from a file's path: relative to `folder` (the folder the user gave) when
    given, else its name; without its extension; always valid UTF-8. Two files of one name in
    different subfolders ('en/a.txt', 'es/a.txt') are two articles."""
    relative = path.relative_to(folder).as_posix() if folder is not None else path.name
    for suffix in SUPPORTED:
        if relative.lower().endswith(suffix):
            relative = relative[: -len(suffix)]
            break
    else:
        relative = relative.rsplit(".", 1)[0] if "." in Path(relative).name else relative
    return display_path(relative)


def read_bytes(path: Path, max_bytes: int, name: str | None = None) -> bytes:
    name = name if name is not None else str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(name, "empty file")
    if size > max_bytes:
        raise InputError(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article")
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


def read_stdin(on_error: ErrorHandler, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """JSONL articles from standard input (`parley extract -`)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None or stream.closed:
        raise InputError("<stdin>", "standard input is closed (pipe JSONL articles into `parley extract -`)")
    yield from read_jsonl_stream(stream, "<stdin>", on_error, max_bytes)


def read_jsonl_stream(stream: BinaryIO, name: str, on_error: ErrorHandler,
                      max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article]:
    """Yield one article per JSONL line: `id`, `text`, optional `title`, `url`, `published`, `lang`, `source`.

    A bad line is reported with its number and reading goes on with the next one.
    """
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            break
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            on_error(InputError(name, f"line longer than {max_bytes / 1e6:.0f} MB", number))
            continue
        if not line.strip():
            continue
        try:
            yield article_from_record(parse_json_line(line), name, number)
        except InputError as err:
            on_error(err)
        except RecursionError:
            on_error(InputError(name, "JSON nested too deeply", number))
        except (ValueError, UnicodeDecodeError) as err:
            on_error(InputError(name, f"not valid JSON ({err.__class__.__name__}: {str(err)[:80]})", number))


def parse_json_line(line: bytes) -> object:
    """One JSON value; numbers and constants are kept as written (as strings), so that an
    id such as 1e999 or Infinity stays itself instead of becoming the float `inf`."""
    return json.loads(line, parse_float=str, parse_int=str, parse_constant=str)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def article_from_record(record: object, name: str, number: int) -> Article:
    """An article from one parsed JSONL record; every string made valid UTF-8."""
    if not isinstance(record, dict):
        raise InputError(name, "expected a JSON object with 'id' and 'text'", number)
    text, doc_id = record.get("text"), record.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list, bool)) or str(doc_id).strip() == "":
        raise InputError(name, "record has no 'id' (a string or number)", number)
    doc_id = safe_text(str(doc_id))
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, f"record '{doc_id}' has no 'text'", number)
    lang = _opt_str(record.get("lang"))
    return Article(id=doc_id, text=_valid_text(text), title=_opt_str(record.get("title")),
                   url=_opt_str(record.get("url")), published=parse_date(record.get("published")),
                   source=_opt_str(record.get("source")), lang=lang.lower() if lang else None,
                   path=f"{name}:{number}")


def _valid_text(value: str) -> str:
    """Text with any lone surrogate replaced (U+FFFD), so that the store accepts it."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", value)


def _opt_str(value: object) -> str | None:
    if value in (None, "") or isinstance(value, (dict, list)):
        return None
    return _valid_text(str(value))


def read_warc(path: Path, on_error: ErrorHandler, max_bytes: int = MAX_ARTICLE_BYTES,
              doc_id: str | None = None, source: Path | None = None) -> Iterator[Article]:
    """Yield an article for every HTML response record of a WARC file (`.warc` or `.warc.gz`).

    A bad record is reported (`FILE#N`) and the next one read. Records are parsed by
    warcio without its HTTP step, which fails on a record with no WARC-Target-URI; the
    HTTP head is parsed here, record by record. A `.warc.gz` is inflated through
    `InflationGuard`, so a decompression bomb stops with an error, not with memory.
    """
    from warcio.exceptions import ArchiveLoadFailed

    where = display_path(path)
    doc_id = doc_id if doc_id is not None else file_id(path)
    source = source or path
    if source.stat().st_size == 0:
        raise InputError(where, "empty file")
    found = damaged = 0
    guard: InflationGuard | None = None

    def record_problem(err: InputError) -> None:
        nonlocal damaged
        damaged += err.severity == "skipped"
        if guard is None or not guard.truncated:  # a record cut by the file's end: the file says so once
            on_error(err)

    with source.open("rb") as raw:
        stream: BinaryIO = raw
        if raw.read(2) == GZIP_MAGIC:  # by content, not by name: a '.warc' may be compressed too
            raw.seek(0)
            stream = guard = InflationGuard(gzip.GzipFile(fileobj=raw), raw, where)  # type: ignore[assignment]
        raw.seek(0)
        records = _quiet_warc_iterator()(stream, no_record_parse=True)
        try:
            for index, record in enumerate(records):
                if record.rec_type != "response":
                    continue
                page = _html_of_record(record, f"{where}#{index}", record_problem, max_bytes)
                if page is None:
                    continue
                found += 1
                body, url = page
                try:
                    yield article_from_html(body, doc_id=f"{doc_id}-{index}", path=f"{where}#{index}", url=url)
                except InputError as err:
                    on_error(err)
        except ArchiveLoadFailed as err:
            after = f" after {found} HTML records" if found else ""
            raise InputError(where, f"not a readable WARC file{after} ({' '.join(str(err).split())[:80]})") from None
    if records.err_count and found:
        on_error(InputError(where, f"{records.err_count} record(s) not followed by a blank line (a wrong "
                                   "Content-Length?); what could be read was coded", severity="warning"))
    if guard is not None and guard.truncated:
        raise InputError(where, f"file is truncated: {found} HTML record{'s' if found != 1 else ''} read, "
                                "what followed is lost")
    if not found and not damaged:
        raise InputError(where, "WARC file has no HTML response records")


def _quiet_warc_iterator() -> type:
    """warcio's WARC-only iterator, without the warnings it writes to stderr itself (a record
    whose length is wrong): they are counted, and reported once per file in Parley's form.
    WARC only: the ARC reader would take any five words on a line for a record."""
    from warcio.archiveiterator import WARCIterator

    class QuietWARCIterator(WARCIterator):
        INC_RECORD = ""

    return QuietWARCIterator


def _html_of_record(record, where: str, on_error: ErrorHandler, max_bytes: int) -> tuple[bytes, str | None] | None:
    """(HTML body, URL) of one WARC response record, or None when it holds no HTML page
    (reported when the record is damaged, silent when it is simply not HTML)."""
    from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

    url = record.rec_headers.get_header("WARC-Target-URI")
    if url is not None and not url.lower().startswith(("http:", "https:")):
        return None  # dns:, ftp: ... records carry no HTTP page
    try:
        record.http_headers = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False).parse(record.raw_stream)
    except (StatusAndHeadersParserException, EOFError, ValueError) as err:
        on_error(InputError(where, f"response record without a readable HTTP head ({_describe(err)})"))
        return None
    if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        on_error(InputError(where, "HTML record over the size limit"))
        return None
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
        on_error(InputError(where, "record is cut short by the end of the file"))
        return None
    if url is None:
        on_error(InputError(where, "response record has no WARC-Target-URI; coded without a URL", severity="warning"))
    return body, safe_text(url) if url else None


class InflationGuard(io.RawIOBase):
    """A decompressed stream that refuses to inflate past MAX_INFLATION_RATIO times the
    compressed bytes read (once past BOMB_FLOOR_BYTES): a 1 MB gzip bomb of zeros would
    otherwise become gigabytes, some of it held in memory by a parser looking for a newline."""

    def __init__(self, inflated: BinaryIO, compressed: BinaryIO, name: str) -> None:
        self.inflated, self.compressed, self.name = inflated, compressed, name
        self.count = 0
        self.truncated = False  # warcio takes a cut-off stream for its end: the reader must say so

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        try:
            data = self.inflated.read1(len(buffer))
        except EOFError:  # the compressed stream ends inside a member
            self.truncated = True
            return 0
        self.count += len(data)
        if self.count > BOMB_FLOOR_BYTES and self.count > MAX_INFLATION_RATIO * max(self.compressed.tell(), 1):
            raise InputError(self.name, f"inflates over {MAX_INFLATION_RATIO} times its size: "
                                        "a decompression bomb, not news; reading stopped")
        buffer[: len(data)] = data
        return len(data)
