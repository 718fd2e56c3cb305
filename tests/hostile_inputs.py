"""A seeded generator of input folders: good articles of every format mixed with bad inputs
of every kind Parley has met (and random mutations of good ones), each with what a run
must say about it. Used by `test_ingest_fuzz.py`; the texts are written for these tests."""
from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SENTENCES = [
    "The foreign ministers of Chile and Peru met in Lima on Monday to discuss border trade.",
    "Police in Nairobi fired tear gas at protesters who marched on parliament.",
    "Russia expelled two Polish diplomats, the foreign ministry in Moscow said.",
    "The European Union imposed new sanctions on Belarus over the detention of journalists.",
    "Brazil and Argentina signed an agreement on energy cooperation in Brasilia.",
    "Ukraine accused Russia of shelling a power plant near Zaporizhzhia.",
    "The United States urged Venezuela to release the detained opposition leaders.",
    "Japan and South Korea held talks on security in Tokyo on Friday.",
]
GZIP_MAGIC = b"\x1f\x8b"
MAX_BYTES = 200_000  # the runs of these tests set pipeline.max_article_bytes to this


@dataclass
class Corpus:
    """What a folder holds: the ids of the good articles, the bad inputs (each to be named
    exactly once), the inputs that are coded with a warning, and how many files of each
    unsupported suffix there are."""

    root: Path
    good_ids: set[str] = field(default_factory=set)
    bad: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    mutated: list[str] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)


def news(rng: random.Random, n: int = 4) -> str:
    """A short article of `n` sentences, made unique by a number."""
    return " ".join(rng.choice(SENTENCES) for _ in range(n)) + f" Report number {rng.randrange(10 ** 9)}."


def html_page(text: str, title: str = "News") -> bytes:
    paragraphs = "".join(f"<p>{s}.</p>" for s in text.split(". "))
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article>{paragraphs}</article><footer>Contact us</footer></body></html>").encode()


def warc_bytes(pages: list[tuple[str | None, bytes]], compress: bool, content_type: str = "text/html") -> bytes:
    """A WARC file of response records (url or None for a record without WARC-Target-URI)."""
    records = []
    for number, (url, body) in enumerate(pages):
        http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        http += body
        head = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{number:08d}>\r\n"
        head += "WARC-Date: 2025-03-01T10:00:00Z\r\n"
        if url is not None:
            head += f"WARC-Target-URI: {url}\r\n"
        head += f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
        record = head.encode() + http + b"\r\n\r\n"
        records.append(gzip.compress(record) if compress else record)  # one gzip member per record
    return b"".join(records)


def gzip_bomb(inflated_mb: int = 40) -> bytes:
    """A WARC head that never ends: megabytes of one letter, compressed a thousand times over."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = packer.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/\r\nX-Pad: ")
    block = b"a" * 1_000_000
    for _ in range(inflated_mb):
        out += packer.compress(block)
    return out + packer.flush()


def build(root: Path, seed: int, n_good: int, n_bad: int, mutations: int = 0) -> Corpus:
    """Write `n_good` good articles and `n_bad` bad inputs (and `mutations` randomly damaged
    WARC files whose outcome is not known in advance) under `root`."""
    rng = random.Random(seed)
    corpus = Corpus(root)
    root.mkdir(parents=True, exist_ok=True)
    for number in range(n_good):
        _good(corpus, rng, number)
    kinds = list(BAD_KINDS)
    for number in range(n_bad):
        kind = kinds[number % len(kinds)]
        BAD_KINDS[kind](corpus, rng, number)
    for number in range(mutations):
        _mutated(corpus, rng, number)
    return corpus


def _folder(corpus: Corpus, number: int) -> Path:
    folder = corpus.root / f"part{number % 7}"  # files of one name in several folders
    folder.mkdir(exist_ok=True)
    return folder


def _good(corpus: Corpus, rng: random.Random, number: int) -> None:
    folder = _folder(corpus, number)
    rel = folder.relative_to(corpus.root).as_posix()
    kind = number % 8
    name = f"story{number // 7}"  # repeats across folders: ids must still differ
    if kind == 0:
        (folder / f"{name}.txt").write_text(news(rng), encoding="utf-8")
        corpus.good_ids.add(f"{rel}/{name}")
    elif kind == 1:
        (folder / f"{name}.html").write_bytes(html_page(news(rng, 6)))
        corpus.good_ids.add(f"{rel}/{name}")
    elif kind == 2:
        record = {"id": f"j-{number}", "text": news(rng), "url": f"https://example.org/{number}"}
        (folder / f"{name}-j.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        corpus.good_ids.add(f"j-{number}")
    elif kind == 3:
        data = warc_bytes([(f"https://example.org/w{number}", html_page(news(rng, 6)))], compress=True)
        (folder / f"{name}-w.warc.gz").write_bytes(data)
        corpus.good_ids.add(f"{rel}/{name}-w-0")
    elif kind == 4:  # a file name that is not UTF-8: read by its real name, id escaped
        raw = os.fsencode(folder) + b"/" + name.encode() + b"-\xff\xfe.txt"
        with open(raw, "wb") as out:
            out.write(news(rng).encode())
        corpus.good_ids.add(f"{rel}/{name}-\\xff\\xfe")
    elif kind == 5:  # a JSONL id with a lone surrogate, and a text with one
        line = '{"id": "s-%d-\\ud800", "text": "%s \\udc00"}\n' % (number, news(rng))
        (folder / f"{name}-s.jsonl").write_text(line, encoding="utf-8")
        corpus.good_ids.add(f"s-{number}-\\ud800")
    elif kind == 6:  # a WARC record without WARC-Target-URI: coded, with a warning
        path = folder / f"{name}-u.warc"
        path.write_bytes(warc_bytes([(None, html_page(news(rng, 6)))], compress=False))
        corpus.good_ids.add(f"{rel}/{name}-u-0")
        corpus.warned.append(f"{path}#0")
    else:  # numeric ids are kept as written, not read as numbers (1e999 is no `inf`)
        value = rng.choice([f"{number + 1}e999", f"-{number}", f"1234567890123456789{number}", f"{number}.50"])
        (folder / f"{name}-n.jsonl").write_text('{"id": %s, "text": %s}\n' % (value, json.dumps(news(rng))),
                                                encoding="utf-8")
        corpus.good_ids.add(value)


def _bad_file(corpus: Corpus, number: int, suffix: str, data: bytes, named: str | None = None) -> Path:
    path = _folder(corpus, number) / f"bad{number}{suffix}"
    path.write_bytes(data)
    corpus.bad.append(named or str(path))
    return path


def _jsonl_line(corpus: Corpus, number: int, line: bytes) -> None:
    path = _folder(corpus, number) / f"bad{number}.jsonl"
    path.write_bytes(line + b"\n")
    corpus.bad.append(f"{path}:1")


def _unsupported(corpus: Corpus, rng: random.Random, number: int) -> None:
    suffix = rng.choice([".pdf", ".docx", ".md", ".csv", ""])
    (_folder(corpus, number) / f"other{number}{suffix}").write_bytes(b"%PDF-1.4 not an article")
    corpus.unsupported[suffix] = corpus.unsupported.get(suffix, 0) + 1


def _fifo(corpus: Corpus, rng: random.Random, number: int) -> None:
    path = _folder(corpus, number) / f"bad{number}.txt"
    os.mkfifo(path)
    corpus.bad.append(str(path))


def _broken_link(corpus: Corpus, rng: random.Random, number: int) -> None:
    path = _folder(corpus, number) / f"bad{number}.txt"
    path.symlink_to(corpus.root / "nowhere" / f"gone{number}.txt")
    corpus.bad.append(str(path))


def _truncated_gz(corpus: Corpus, rng: random.Random, number: int) -> None:
    data = warc_bytes([("https://example.org/t", html_page(news(rng, 8)))], compress=True)
    _bad_file(corpus, number, ".warc.gz", data[: len(data) * 2 // 3])


BAD_KINDS = {
    "empty": lambda c, r, n: _bad_file(c, n, ".txt", b""),
    "blank": lambda c, r, n: _bad_file(c, n, ".txt", b"  \n\t\n"),
    "binary": lambda c, r, n: _bad_file(c, n, ".txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(r.randrange(256)
                                                                                           for _ in range(300))),
    "too big": lambda c, r, n: _bad_file(c, n, ".txt", b"news " * (MAX_BYTES // 4)),
    "html without text": lambda c, r, n: _bad_file(c, n, ".html", b"<html><body><div"),
    "json syntax": lambda c, r, n: _jsonl_line(c, n, b'{"id": "x", "text": '),
    "json nesting": lambda c, r, n: _jsonl_line(c, n, b"[" * 100_000 + b"]" * 100_000),
    "json no id": lambda c, r, n: _jsonl_line(c, n, b'{"text": "Chile and Peru met."}'),
    "json no text": lambda c, r, n: _jsonl_line(c, n, b'{"id": "no-text"}'),
    "json not object": lambda c, r, n: _jsonl_line(c, n, b'["a", "b"]'),
    "json bad bytes": lambda c, r, n: _jsonl_line(c, n, b'{"id": "x", "text": "\xff\xfe"}'),
    "warc cut in head": lambda c, r, n: _bad_file(c, n, ".warc", b"WARC/1.0\r\nWARC-Type: resp"),
    "warc not warc": lambda c, r, n: _bad_file(c, n, ".warc", b"this is not an archive\n" * 20),
    "warc no html": lambda c, r, n: _bad_file(c, n, ".warc", warc_bytes(
        [("https://example.org/api", b'{"a": 1}')], compress=False, content_type="application/json")),
    "warc bad http head": lambda c, r, n: _bad_file(c, n, ".warc", warc_bytes(
        [("https://example.org/x", b"")], compress=False).replace(b"HTTP/1.1 200 OK", b"garbage line here!"),
        named=str(_folder(c, n) / f"bad{n}.warc") + "#0"),
    "warc.gz truncated": _truncated_gz,
    "warc.gz garbage": lambda c, r, n: _bad_file(c, n, ".warc.gz", b"\x1f\x8b\x08\x00" + bytes(200)),
    "gzip bomb": lambda c, r, n: _bad_file(c, n, ".warc.gz", gzip_bomb()),
    "fifo": _fifo,
    "broken link": _broken_link,
    "unsupported": _unsupported,
}


def _mutated(corpus: Corpus, rng: random.Random, number: int) -> None:
    """A good WARC with random bytes flipped, cut or repeated: any outcome but a traceback."""
    data = bytearray(warc_bytes([(f"https://example.org/m{number}", html_page(news(rng, 5))),
                                 (f"https://example.org/n{number}", html_page(news(rng, 5)))],
                                compress=rng.random() < 0.5))
    for _ in range(rng.randrange(1, 6)):
        where = rng.randrange(len(data))
        action = rng.random()
        if action < 0.5:
            data[where] = rng.randrange(256)
        elif action < 0.75:
            del data[where: where + rng.randrange(1, 200)]
        else:
            data[where:where] = data[where: where + rng.randrange(1, 200)]
    suffix = ".warc.gz" if data[:2] == GZIP_MAGIC else ".warc"
    path = _folder(corpus, number) / f"mutant{number}{suffix}"
    path.write_bytes(bytes(data))
    corpus.mutated.append(str(path))

