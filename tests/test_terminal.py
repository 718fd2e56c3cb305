"""Terminal: tables that fit the console without cutting a date, a code or an id."""
from __future__ import annotations

import pytest
from rich.console import Console

from parley.terminal import CODE, CODES, ID, NUMBER, TEXT, _fit, table, wrapped_items, wrapped_text

ROWS = [("2025-09-11", "CONCEDE ease-sanctions", "USA->BLR", "hypothetical",
         "would consider easing sanctions on Belarusian potash", "demo-eu-sanctions-feb24-copy", 0.781),
        (None, "SANCTION", "EU->BLR", "asserted", "ввёл новые санкции", "ru/sankcii", 1.0)]
COLUMNS = [("date", CODE), ("event", CODES), ("dyad", CODE), ("factuality", CODE), ("trigger", TEXT),
           ("doc", ID), ("similarity", NUMBER)]


def render(grid, width):
    console = Console(width=width, record=True, color_system=None)
    console.print(grid)
    return console.export_text().splitlines()


@pytest.mark.parametrize("width", [80, 100, 200])
def test_terminal_table_fits_and_cuts_no_code(width):
    lines = render(table(COLUMNS, ROWS, console_width=width), width)
    assert all(len(line) <= width for line in lines)
    text = "\n".join(lines)
    for code in ("2025-09-11", "CONCEDE", "ease-sanctions", "USA->BLR", "hypothetical", "EU->BLR", "asserted",
                 "0.781", "1.0", "SANCTION", "similarity"):
        assert code in text, code
    if width > 80:  # at 80 these seven columns leave the text too little room: its words fold
        assert "Belarusian" in text and "ru/sankcii" in text
    # the long id is kept whole, folded across lines of its column at worst
    assert "".join(line[text.splitlines()[0].index("doc"):].split("  ")[0].strip()
                   for line in lines[1:]).startswith("demo-eu-sanctions-feb24-copy")


def test_terminal_none_is_a_dash_and_codes_stay_on_one_line():
    lines = render(table(COLUMNS, ROWS, console_width=80), 80)
    first = [line for line in lines if line.startswith("2025-09-11")][0]
    assert "CONCEDE" in first and "USA->BLR" in first and "hypothetical" in first
    assert any(line.startswith("-   ") for line in lines)


def test_terminal_fit_narrows_the_widest_wrapping_column_first():
    # widths 10 (code), 30 and 20 (text, may narrow to 12); room 50: the 30 gives up 8 first,
    # then both narrow in turn
    assert _fit([10, 30, 20], [10, 12, 12], 50) == [10, 20, 20]
    assert _fit([10, 30, 20], [10, 12, 12], 36) == [10, 13, 13]
    assert _fit([10, 30, 20], [10, 12, 12], 20) == [10, 12, 12]  # no room: the minimums
    assert _fit([10, 30, 20], [10, 12, 12], 20, [10, 4, 4]) == [10, 5, 5]  # ... or below, to the floors


def test_terminal_wrapped_items_never_split_an_item():
    items = [f"{name} {n}" for name, n in (("CONSULT", 18), ("ACCUSE", 12), ("COERCE", 9), ("CONCEDE", 8),
                                             ("MOBILIZE", 7), ("SANCTION", 6), ("REQUEST", 5), ("SUPPORT", 5))]
    text = wrapped_items("event types: ", items, columns=40)
    assert text.splitlines() == ["event types: CONSULT 18, ACCUSE 12,",
                                 "             COERCE 9, CONCEDE 8,",
                                 "             MOBILIZE 7, SANCTION 6,",
                                 "             REQUEST 5, SUPPORT 5"]


def test_terminal_wrapped_text_keeps_long_words_whole():
    assert wrapped_text("see https://example.org/a-very-long-address-indeed now", 20, indent="  ").splitlines() == \
        ["  see", "  https://example.org/a-very-long-address-indeed", "  now"]
