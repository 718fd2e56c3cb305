"""Dates: when an event happened, from the words of its sentence and the article's date.

News dates events against the day of publication: "on Tuesday", "el miércoles", "во
вторник", "yesterday", "la semana pasada", "21 November", "21 de noviembre de 2025",
"21 ноября". Month and weekday names come from CLDR (generated into
`data/lang/generated/calendar.tsv`, with Russian case forms); relative words are
hand-written per language in `data/lang/<code>/dates.tsv`. The expression nearest the
trigger wins. Without a published date only an explicit full date can be resolved.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .datafiles import data_root, is_number, one_of, read_table
from .lang import load_languages
from .textnorm import fold

# An explicit date without a year more than this far after publication is last year's.
FUTURE_SLACK_DAYS = 7


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in a sentence: character span, kind and its values."""

    start: int
    end: int
    kind: str  # "explicit", "weekday" or "relative"
    day: int | None = None  # day of month, weekday number (0 = Monday) or day offset
    month: int | None = None
    year: int | None = None


class DateLexicon:
    """Month and weekday names and relative date words of every language, compiled."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or data_root()
        self.months: dict[str, dict[str, int]] = defaultdict(dict)
        self.weekdays: dict[str, dict[str, int]] = defaultdict(dict)
        self.relative: dict[str, dict[str, int]] = defaultdict(dict)
        for row in read_table(root / "lang" / "generated" / "calendar.tsv", ("lang", "kind", "number", "text"),
                              checks={"kind": one_of("month", "weekday"), "number": is_number}):
            table = self.months if row["kind"] == "month" else self.weekdays
            table[row["lang"]][fold(row["text"])] = int(row["number"])
        for path in sorted((root / "lang").glob("*/dates.tsv")):
            for row in read_table(path, ("text", "days"), checks={"days": _is_int}):
                self.relative[path.parent.name][fold(row["text"])] = int(row["days"])
        self.languages = load_languages(root)
        self._patterns = {lang: self._compile(lang) for lang in set(self.months) | set(self.relative)}

    def _compile(self, lang: str) -> dict[str, re.Pattern[str]]:
        """The patterns of one language, with the words around a day and a month of its
        grammar.tsv (`ordinal_suffix`: "1st", "1-го"; `month_of`: "1 of June", "1 de junio";
        `year_of`: "de 2025")."""
        months = _alternation(self.months.get(lang, {}))
        language = self.languages.get(lang)
        ordinal = _optional(language.texts("ordinal_suffix") if language else (), r"")
        month_of = _optional(language.texts("month_of") if language else (), r"\s+")
        year_of = _optional(language.texts("year_of") if language else (), r"\s+")
        patterns = {
            "day_month": re.compile(rf"\b(\d{{1,2}}){ordinal}\s+{month_of}({months})\b"
                                    rf"(?:,?\s+{year_of}(\d{{4}}))?"),
            "month_day": re.compile(rf"\b({months})\s+(\d{{1,2}}){ordinal}\b(?:,?\s+(\d{{4}}))?"),
        }
        if self.weekdays.get(lang):
            patterns["weekday"] = re.compile(rf"\b({_alternation(self.weekdays[lang])})\b")
        if self.relative.get(lang):
            patterns["relative"] = re.compile(rf"\b({_alternation(self.relative[lang])})\b")
        return patterns

    def expressions(self, text: str, lang: str, folded: str | None = None) -> list[DateExpression]:
        """Every date expression in `text`, longest first where two overlap."""
        patterns = self._patterns.get(lang)
        if not patterns:
            return []
        folded = folded or fold(text)
        found = []
        for match in patterns["day_month"].finditer(folded):
            found.append(_explicit(match, int(match.group(1)), self.months[lang][match.group(2)], match.group(3)))
        for match in patterns["month_day"].finditer(folded):
            found.append(_explicit(match, int(match.group(2)), self.months[lang][match.group(1)], match.group(3)))
        if "weekday" in patterns:
            for match in patterns["weekday"].finditer(folded):
                found.append(DateExpression(*match.span(), "weekday", day=self.weekdays[lang][match.group(1)]))
        if "relative" in patterns:
            for match in patterns["relative"].finditer(folded):
                found.append(DateExpression(*match.span(), "relative", day=self.relative[lang][match.group(1)]))
        return _without_overlaps(found)


def _is_int(value: str) -> str | None:
    return None if re.fullmatch(r"[+-]?\d+", value) else f"'{value}' is not a whole number of days"


def _optional(words, after: str) -> str:
    """An optional group of `words` (longest first), each followed by `after`, or nothing."""
    if not words:
        return ""
    return "(?:(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")" + after + ")?"


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _explicit(match: re.Match[str], day: int, month: int, year: str | None) -> DateExpression:
    return DateExpression(*match.span(), "explicit", day=day, month=month, year=int(year) if year else None)


def _without_overlaps(found: list[DateExpression]) -> list[DateExpression]:
    kept: list[DateExpression] = []
    for expr in sorted(found, key=lambda e: (e.start - e.end, e.start)):
        if all(expr.end <= k.start or k.end <= expr.start for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.start)


def resolve(expr: DateExpression, published: date | None, forward: bool = False) -> date | None:
    """The calendar date of `expr` for an article published on `published`.

    `forward` (a planned event) reads a bare weekday as the next one ("will travel on
    Tuesday"); otherwise as the last one on or before publication ("met on Tuesday").
    """
    if expr.kind == "explicit":
        year = expr.year or (published.year if published else None)
        if year is None:
            return None
        try:
            when = date(year, expr.month, expr.day)
        except ValueError:  # "31 February"
            return None
        if expr.year is None and published and not forward and when > published + timedelta(FUTURE_SLACK_DAYS):
            when = when.replace(year=year - 1) if not (expr.month == 2 and expr.day == 29) else when
        return when
    if published is None:
        return None
    if expr.kind == "relative":
        return published + timedelta(days=expr.day)
    back = (published.weekday() - expr.day) % 7
    if forward:
        return published + timedelta(days=(expr.day - published.weekday()) % 7 or 7)
    return published - timedelta(days=back)


def nearest_date(expressions: list[DateExpression], trigger_at: int, published: date | None,
                 forward: bool = False) -> str | None:
    """The ISO date of the event whose trigger starts at `trigger_at` in its sentence: the
    expression nearest the trigger (from `DateLexicon.expressions`), resolved against the
    published date."""
    if not expressions:
        return None
    nearest = min(expressions, key=lambda e: min(abs(e.start - trigger_at), abs(e.end - trigger_at)))
    when = resolve(nearest, published, forward)
    return when.isoformat() if when else None
