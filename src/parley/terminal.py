"""Terminal: tables and lists for the console that fit its width (80 columns and up) without
cutting a date, a code or an id.

Every column has a kind. A `CODE` (a date, an event type, a country code, a factuality) and a
`NUMBER` never wrap and are never cut: the column is as wide as its widest value; `CODES`
(a type and its mode, a list of types) wraps only between codes. `TEXT` (a trigger, a title, a
list of outlets) wraps at spaces, and an `ID` (an article id, which users copy) wraps only
when it must: both are kept whole, a word longer than `WHOLE_WORD` folded across lines. The CLI prints
what these functions build; they print nothing themselves.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from typing import Any

CODE, CODES, NUMBER, TEXT, ID = "code", "codes", "number", "text", "id"
KINDS = (CODE, CODES, NUMBER, TEXT, ID)
# A word of a text or id column at most this long is folded across lines only when the codes
# would not fit otherwise, and then a text or id column keeps at least FOLDED columns.
WHOLE_WORD = 12
FOLDED = 4
# The width assumed when the console says nothing (a pipe, a file): rich's default too.
DEFAULT_WIDTH = 80


def width() -> int:
    """The console's width in columns (COLUMNS when set, else the terminal's, else 80)."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def table(columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]], *, console_width: int | None = None):
    """A rich table of `rows` under `columns`, a sequence of (header, kind); None shows as '-'.
    A header may hold a newline to take two lines. Columns are two spaces apart, or one when
    that is what it takes to fit.

    The widths are decided here, not by rich (which may give a column less than its minimum
    and then crop the table): each column starts as wide as its widest value, and while the
    table is too wide for the console, the widest column that may wrap gives up one column,
    never going below its longest word (`CODES`) or `WHOLE_WORD`."""
    from rich.table import Table

    rows = [["-" if value is None else str(value) for value in row] for row in rows]
    widest, narrowest = [], []
    for index, (header, kind) in enumerate(columns):
        if kind not in KINDS:
            raise ValueError(f"unknown column kind '{kind}'")
        values = header.split("\n") + [line for row in rows for line in row[index].split("\n")]
        widest.append(max(map(len, values)))
        words = max(len(word) for value in values for word in value.split() or [""])
        narrowest.append({CODE: widest[-1], NUMBER: widest[-1], CODES: words}.get(kind, min(words, WHOLE_WORD)))
    room = console_width or width()
    gap = 2 if sum(narrowest) + 2 * (len(columns) - 1) <= room else 1
    floors = [n if kind in (CODE, NUMBER, CODES) else min(n, FOLDED) for n, (_, kind) in zip(narrowest, columns)]
    widths = _fit(widest, narrowest, room - gap * (len(columns) - 1), floors)
    grid = Table(box=None, padding=(0, gap, 0, 0), pad_edge=False, show_edge=False, header_style="bold")
    for (header, kind), column_width in zip(columns, widths):
        grid.add_column(header, width=column_width, no_wrap=kind in (CODE, NUMBER), overflow="fold",
                        justify="right" if kind == NUMBER else "left")
    for row in rows:
        grid.add_row(*row)
    return grid


def _fit(widest: list[int], narrowest: list[int], room: int, floors: list[int] | None = None) -> list[int]:
    """Column widths that fit `room`: the widest column that can still narrow gives up one
    column at a time (so long columns wrap before short ones do), down to `narrowest`; when
    that is not enough, down to `floors` (text and ids fold their long words before a code is cut)."""
    widths = list(widest)
    for limits in (narrowest, floors or narrowest):
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > limits[i]]
            if not shrinkable:
                break
            widths[max(shrinkable, key=lambda i: (widths[i], -i))] -= 1
    return widths  # still too wide only when the codes alone are: the console crops the rest


def wrapped_items(label: str, items: Sequence[str], columns: int | None = None, separator: str = ", ") -> str:
    """`label` then `items` joined by `separator`, wrapped to `columns` with a hanging indent;
    an item ("CONSULT 18", "BLR->USA 7") is never split across lines."""
    columns = columns or width()
    indent = " " * len(label)
    lines, line = [], label
    for number, item in enumerate(items):
        piece = item + (separator.rstrip() if number < len(items) - 1 else "")
        candidate = line + ("" if line in (label, indent) else " ") + piece
        if len(candidate) > columns and line not in (label, indent):
            lines.append(line)
            candidate = indent + piece
        line = candidate
    lines.append(line)
    return "\n".join(lines)


def wrapped_text(text: str, columns: int | None = None, indent: str = "", first: str | None = None) -> str:
    """`text` wrapped at spaces to `columns`, each line after the first `indent`ed (the first
    starts with `first`, by default `indent`); a word longer than a line is left whole."""
    import textwrap

    columns = columns or width()
    return textwrap.fill(text, width=columns, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
