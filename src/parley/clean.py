"""Clean: drop the lines scraped news carries that are not article text.

Link-bait ("READ ALSO", "Leer más", "Читайте также"), comment forms, share and
subscribe widgets, donation pleas, photo captions with credits and "(#)" link
leftovers are described by patterns in `data/lang/<code>/boilerplate.tsv`, one file
per language. The patterns of every language apply to every article (cleaning runs
before language detection, and scraped pages mix languages in their chrome).

The clean text keeps a map back to the original text, so that spans reported for
sentences and events are offsets into the article as it was read.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .datafiles import Row, is_number, one_of, read_table
from .records import Article

LOGGER = logging.getLogger(__name__)

BOILERPLATE_FILE = "boilerplate.tsv"


@dataclass(frozen=True, slots=True)
class LinePattern:
    regex: re.Pattern[str]
    max_chars: int
    note: str


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Compiled boilerplate patterns of all languages."""

    lines: tuple[LinePattern, ...]
    inline: tuple[tuple[re.Pattern[str], str], ...]

    def is_boilerplate(self, line: str) -> bool:
        """Whether a whole (stripped) line is page furniture rather than article text."""
        stripped = line.strip()
        return any(len(stripped) <= p.max_chars and p.regex.match(stripped) for p in self.lines)


def load_boilerplate(lang_root: Path) -> Boilerplate:
    """Load `boilerplate.tsv` of every language folder under `lang_root`."""
    lines: list[LinePattern] = []
    inline: list[tuple[re.Pattern[str], str]] = []
    for path in sorted(lang_root.glob(f"*/{BOILERPLATE_FILE}")):
        for row in read_table(path, ("kind", "pattern"), ("max_chars", "replace", "note"),
                              {"kind": one_of("line", "inline"), "max_chars": _max_chars_check}):
            regex = _compile(row)
            if row["kind"] == "line":
                lines.append(LinePattern(regex, int(row.get("max_chars", "200")), row.get("note")))
            else:
                inline.append((regex, row.get("replace")))
    return Boilerplate(tuple(lines), tuple(inline))


def _max_chars_check(value: str) -> str | None:
    return None if value in ("", "-") else is_number(value)


def _compile(row: Row) -> re.Pattern[str]:
    try:
        return re.compile(row["pattern"], re.IGNORECASE)
    except re.error as err:
        raise row.error("pattern", f"not a valid regular expression ({err})") from None


def clean(article: Article, boilerplate: Boilerplate) -> Article:
    """Fill `article.clean_text`, `article.dropped_lines` and the offset map."""
    out: list[str] = []
    pieces: list[tuple[int, int]] = []  # (offset in clean text, offset in original text)
    dropped: list[str] = []
    position = 0
    length = 0
    for line in article.text.splitlines(keepends=True):
        kept = _inline_cleaned(line, position, boilerplate)
        # judged after inline cleaning: "Lea también: <headline>. QUITO.- La Policía ..." keeps its story
        if line.strip() and boilerplate.is_boilerplate("".join(text for text, _ in kept)):
            dropped.append(line.strip())
        else:
            for text, origin in kept:
                pieces.append((length, origin))
                out.append(text)
                length += len(text)
        position += len(line)
    article.clean_text = "".join(out)
    article.dropped_lines = dropped
    article.offset_map = pieces
    return article


def _inline_cleaned(line: str, origin: int, boilerplate: Boilerplate) -> list[tuple[str, int]]:
    """A line cut into (text, original offset) pieces, with inline leftovers replaced."""
    matches = sorted((m.start(), m.end(), m.expand(repl))
                     for regex, repl in boilerplate.inline for m in regex.finditer(line))
    pieces: list[tuple[str, int]] = []
    cursor = 0
    for start, end, replacement in matches:
        if start < cursor:
            continue  # overlaps a previous replacement
        if start > cursor:
            pieces.append((line[cursor:start], origin + cursor))
        if replacement:
            pieces.append((replacement, origin + start + max(0, line.find(replacement, start) - start)))
        cursor = end
    if cursor < len(line):
        pieces.append((line[cursor:], origin + cursor))
    return pieces


def original_offset(article: Article, clean_offset: int) -> int:
    """Map an offset in `article.clean_text` back to the original `article.text`."""
    pieces = article.offset_map
    if not pieces:
        return clean_offset
    index = bisect.bisect_right(pieces, (clean_offset, float("inf"))) - 1
    clean_start, origin = pieces[max(index, 0)]
    return origin + (clean_offset - clean_start)
