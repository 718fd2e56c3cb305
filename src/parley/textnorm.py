"""Text normalisation shared by the matchers: folding and word tokens with offsets.

Folding lower-cases, strips Latin diacritics, maps "ё" to "е" and curly apostrophes
to straight ones, and never changes the length of the text, so that an offset found
in folded text is an offset in the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+(?:[.'’\-]\w+)*\.?", re.UNICODE)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char.lower())[0]
        if base.isascii() and base.isalpha():
            table[code] = base
    table.update({ord("ё"): "е", ord("Ё"): "е", ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'",
                  ord("\u00a0"): " ", ord("–"): "-", ord("—"): "-"})
    return table


def fold(text: str) -> str:
    """Lower-case, diacritic-free text of exactly the same length as `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lower-cases to two code points
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_fold_table())


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` as (start, end, surface), punctuation dropped."""
    out = []
    for match in WORD.finditer(text):
        word = match.group()
        end = match.end()
        if word.endswith(".") and not _keeps_period(word):
            word, end = word[:-1], end - 1
        out.append((match.start(), end, word))
    return out


def _keeps_period(word: str) -> bool:
    """Abbreviations such as "U.S." keep their final period; sentence ends do not."""
    return "." in word[:-1] and len(word) <= 8


PRECEDING_WORDS = 5  # enough for "en la provincia de" before a place


def preceding_words(text: str, start: int) -> tuple[str, ...]:
    """Up to five folded words (or punctuation marks) before `start`: what stands before a
    mention ("in", "by", "в", "in the town of"), for the actor and event grammars alike."""
    head = fold(text[max(0, start - 60):start]).rstrip()
    return tuple(re.findall(r"[\w']+|[^\w\s]", head)[-PRECEDING_WORDS:])
