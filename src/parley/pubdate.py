"""Publication dates: when an article was published, read from the input itself.

Relative event dates ("on Tuesday", "вчера") are resolved against `Article.published`,
so a wrong publication date mis-dates every such event: a date is taken only from a
place that states publication, and a date that stays uncertain is left out, not guessed.
Where it comes from (`Article.published_source`), in order of precedence:

    given     the input says so: a JSONL `published`, a `--dates` CSV row, `code_text(published=)`
    metadata  an HTML page's markup: meta tags, JSON-LD, <time> (htmldate, without its
              search of the running text, which takes body dates and copyright years)
    text/url  the text's own lines, and the article's URL (below)
    given     `--published DATE` (`pipeline.published`): only where nothing else gave one

Candidates in the text come from its first lines (until the second body paragraph) and,
for labelled lines and URLs, its last few; ranked best first:

    published  a line (or a part of one, between "|" or "/") opening with a publication
               label: "Published 12 March 2024", "Publicado el 5 de mayo de 2023",
               "Опубликовано: 24.08.2025 14:05"; the outlet's own statement
    dateline   the start of a paragraph: [PLACE,] DATE, then an agency in brackets or a
               dash: "MOSCOW, March 30 (Reuters) -", "Madrid, 3 mar (EFE).-", "МОСКВА,
               24 августа. /ТАСС/."; the day the story was filed
    line       a short line near the top whose part holds nothing but a date, times, time
               zones, weekdays, a place or a byline, its other parts being short:
               "24 августа 2025, 14:05", "By Jane Doe | March 15, 2024 | 4 min read"
    url        a date in the path of the article's URL or of a URL on a line of its own:
               /2024/03/15/, /2024/mar/15/, /20240315/, -2024-03-15 (source `url`)
    updated    a date after an update label: "Updated: 06-07-2022 23:37 IST"

A date without a year ("March 30") takes the year that puts it within a week of another
candidate (or of the run's `--published` date), else it is left out: a dateline without
one is left out, not guessed. A numeric date whose order is open ("06-07-2022") is read by
its separator (dotted dates are day-first), the time zone on its line, the language of its
label or the article's language; else by another candidate that agrees with one reading;
else it is left out. A weekday before a date must be its weekday. Candidates more than a
week apart (or an update before the publication) leave the article undated. The words are
data (`data/lang/<code>/pubdate.tsv`); month and weekday names, full and abbreviated, come
from CLDR (`data/lang/generated/calendar.tsv`, `calendar_abbr.tsv`).
"""
from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .datafiles import data_root, one_of, read_table
from .errors import InputError, ParleyError
from .records import Article
from .textnorm import fold

LOGGER = logging.getLogger(__name__)

RANK = ("published", "dateline", "line", "url", "updated")  # candidate kinds, best first
WORD_KINDS = ("published", "updated", "byline", "filler", "connector", "ordinal", "veto", "month",
              "timezone", "order")
ORDERS = ("dmy", "mdy")
# Where a publication date is looked for. A headline, a standfirst, a byline and a date
# line come before the body; the dateline opens the first body paragraph. Lines of
# PARAGRAPH_CHARS or more are paragraphs; the head ends with the second (or at HEAD_LINES).
# Tuned on tests/data/pubdates.txt (87 openings written for Parley) and 24 real scraped
# openings read for measurement only (see the README): after a change, re-run
# tests/test_pubdate.py and the measurement; a trap that passes is a wrong date.
HEAD_LINES = 20
HEAD_PARAGRAPHS = 2
PARAGRAPH_CHARS = 160
TAIL_LINES = 3  # "Published ..." / "Updated ..." and source URLs also close scraped pages
LINE_MAX_CHARS = 160  # a date line is short
DATELINE_PREFIX_CHARS = 60  # the place before a dateline's date
DATELINE_AFTER_CHARS = 80  # the date, the agency and the dash after it
PLACE_WORDS = 2  # other capitalised words a date line may hold: a place, an outlet, a section
BYLINE_WORDS = 5  # ... or, after a byline word, an author's name
OTHER_PART_WORDS = 4  # other parts of a date line: "4 min read", "10 months ago", "World news"
NEAR_DAYS = 7  # candidates this close agree; a yearless date takes a year within this
WEEKDAY_BEFORE_CHARS = 12  # "Friday, March 15, 2024": a weekday this close before a date names it
MIN_YEAR, MAX_YEAR = 1980, 2099
DAY_FIRST_SEPARATORS = (".",)  # 15.03.2024: dotted numeric dates are day-first wherever written

DIGIT = re.compile(r"\d")
YMD = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
TIME = re.compile(r"(?<!\d)T?\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?!\d)")
WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*\.?")
URL_LINE = re.compile(r"^\W{0,3}(?:[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*:\s*)?<?(https?://[^\s<>]+?)>?\W{0,2}$")
URL_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)")
URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{4}|\d{6})?(?!\d)")  # may end in hhmm[ss]
PLACE = re.compile(r"^[\W_]{0,3}(?:(?P<place>[^\W\d_][^\d,.;:()/\n]{0,39}?"
                   r"(?:,\s*[^\W\d_][^\d,.;:()/\n]{0,29}?)?)\s*[,.]\s*)?$")
AFTER_DATELINE = re.compile(r"^\s*\.?\s*(?P<agency>[(/][^()/\n\d]{1,40}[)/])?\s*[.,]?\s*"
                            r"(?P<words>(?:[^\W\d_][\w.]*\s+){0,3})(?:-{1,2}|[–—]|\.-)\s")
AGENCY_AFTER_DATELINE = re.compile(r"^\s*\.?\s*[(/][^()/\n\d]{1,40}[)/]")
PART_BREAK = re.compile(r"\s+[|/•·]\s+|\s*[|•·]\s*")  # between the parts of a date line


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """A publication date found in a text, where it came from (`text` or `url`) and which rule found it."""

    when: date
    source: str
    kind: str  # which rule found it: published, dateline, line, url or updated
    line: int | None = None  # the line of the text it was read from (1-based)


@dataclass(frozen=True, slots=True)
class _Found:
    """A date expression in a line: its span, year (None when it has none) and numbers; an
    open numeric date ("06-07-2022") keeps its numbers in the order written."""

    start: int
    end: int
    year: int | None
    first: int  # day, or the first number of an open numeric date
    second: int  # month, or the second number
    open_order: bool = False
    separator: str = ""


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    line: int
    readings: tuple[date, ...] = ()  # one date, or the two readings of an open numeric date
    partial: tuple[int, int] | None = None  # (month, day) of a date without a year

    @property
    def when(self) -> date:
        return self.readings[0]


class PubdateLexicon:
    """Month and weekday names of every language, and the words of date lines, compiled."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or data_root()
        self.months: dict[str, int] = {}
        self.weekdays: dict[str, int] = {}
        for name in ("calendar.tsv", "calendar_abbr.tsv"):
            for row in read_table(root / "lang" / "generated" / name, ("lang", "kind", "number", "text"),
                                  checks={"kind": one_of("month", "weekday")}):
                self._add_name(row, row["kind"], row["text"], int(row["number"]))
        self.phrases: dict[str, tuple[str, str]] = {}  # folded phrase -> (kind, language)
        self.words: dict[str, set[str]] = {kind: set() for kind in ("connector", "ordinal")}
        self.timezones: dict[str, str] = {}  # as written -> numeric order there, or ""
        self.orders: dict[str, str] = {}  # language -> numeric order
        for path in sorted((root / "lang").glob("*/pubdate.tsv")):
            self._load_words(path, path.parent.name)
        self._compile()

    def _add_name(self, row, kind: str, text: str, number: int) -> None:
        table = self.months if kind == "month" else self.weekdays
        key = fold(text)
        if table.get(key, number) != number:
            raise row.error("text", f"'{text}' is already the {kind} number {table[key]} in another language")
        table[key] = number

    def _load_words(self, path: Path, lang: str) -> None:
        for row in read_table(path, ("kind", "text"), ("value",), checks={"kind": one_of(*WORD_KINDS)}):
            kind, text, value = row["kind"], row["text"], row.get("value")
            if kind == "month":
                if not value.isdigit() or not 1 <= int(value) <= 12:
                    raise row.error("value", f"'{value}' is not a month number 1-12")
                self._add_name(row, "month", text, int(value))
            elif kind in ("timezone", "order"):
                order = value if kind == "timezone" else text
                if order and order not in ORDERS:
                    raise row.error("value" if kind == "timezone" else "text", f"'{order}' is not one of dmy, mdy")
                if kind == "timezone":
                    self.timezones[text] = order
                else:
                    self.orders[lang] = order
            elif kind in self.words:
                self.words[kind].add(fold(text))
            else:
                self.phrases[fold(text)] = (kind, lang)

    def _compile(self) -> None:
        months = _alternation(self.months)
        ordinals = _alternation(self.words["ordinal"]) or "(?!)"
        connectors = _alternation(self.words["connector"]) or "(?!)"
        self._day_month = re.compile(
            rf"(?<![\w.])(\d{{1,2}})(?:{ordinals})?\.?(?:\s+|\s*-\s*)(?:(?:{connectors})\s+)?({months})(?!\w)\.?"
            rf"(?:(?:\s*,\s*|\s+|\s*-\s*)(?:(?:{connectors})\s+)?(\d{{4}})(?!\d))?")
        self._month_day = re.compile(
            rf"(?<!\w)({months})(?!\w)\.?\s+(\d{{1,2}})(?:{ordinals})?(?!\d)(?:\s*,?\s*(\d{{4}})(?!\d))?")
        self._phrase = re.compile(rf"(?<!\w)({_alternation(self.phrases)})(?!\w)")
        self._url_month = re.compile(rf"/((?:19|20)\d{{2}})/({months})/(\d{{1,2}})(?:/|$)")

    # -- finding dates in a line ------------------------------------------------------
    def dates_in(self, folded: str) -> list[_Found]:
        """Every date expression in a folded line; of two that overlap, the one with a year, then the longer."""
        found = []
        for m in self._day_month.finditer(folded):
            found.append(_Found(*m.span(), _year(m.group(3)), int(m.group(1)), self.months[m.group(2)]))
        for m in self._month_day.finditer(folded):
            found.append(_Found(*m.span(), _year(m.group(3)), int(m.group(2)), self.months[m.group(1)]))
        for m in YMD.finditer(folded):
            found.append(_Found(*m.span(), int(m.group(1)), int(m.group(4)), int(m.group(3))))
        for m in NUMERIC.finditer(folded):
            first, second = int(m.group(1)), int(m.group(3))
            if first > 12 or second > 12 or first == second:  # the order is plain
                day, month = (first, second) if first > 12 or first == second else (second, first)
                found.append(_Found(*m.span(), int(m.group(4)), day, month))
            else:
                found.append(_Found(*m.span(), int(m.group(4)), first, second, True, m.group(2)))
        kept: list[_Found] = []
        for item in sorted(found, key=lambda f: (f.year is None, f.start - f.end, f.start)):
            if all(item.end <= k.start or k.end <= item.start for k in kept):
                kept.append(item)
        return sorted(kept, key=lambda f: f.start)

    def url_date(self, url: str) -> date | None:
        """The date in a URL's path: /2024/03/15/, /2024/mar/15/, /20240315/, -2024-03-15."""
        try:
            path = fold(urlsplit(url).path)
        except ValueError:
            return None
        for pattern in (URL_YMD, self._url_month, URL_COMPACT):
            for m in pattern.finditer(path):
                month = self.months.get(m.group(2)) if pattern is self._url_month else int(m.group(2))
                when = _make_date(int(m.group(1)), month or 0, int(m.group(3)))
                if when:
                    return when
        return None

    # -- the lines of an article --------------------------------------------------------
    def candidates(self, text: str, url: str | None = None, lang: str | None = None) -> list[_Candidate]:
        """Every publication date candidate of a text (and its URL), in text order."""
        head, tail = _head_and_tail(text)
        found: list[_Candidate] = []
        for number, line in head + tail:
            link = URL_LINE.match(line)
            if link:
                when = self.url_date(link.group(1))
                found += [_Candidate("url", number, (when,))] if when else []
                continue
            if not DIGIT.search(line):  # no date without a number (most lines: titles, menus)
                continue
            in_head = (number, line) in head
            paragraph = len(line) > LINE_MAX_CHARS  # only a dateline at its start counts
            if paragraph:
                line = line[:DATELINE_PREFIX_CHARS + DATELINE_AFTER_CHARS] if in_head else ""
            folded = fold(line)
            dates = self.dates_in(folded)
            if not dates:
                continue
            if in_head and self._dateline(line, dates[0]):
                found += self._candidates_of(number, "dateline", [dates[0]], line, folded, lang)
            elif not paragraph:
                found += self._date_line(number, line, folded, dates, lang, in_head)
        if url:
            when = self.url_date(url)
            found += [_Candidate("url", 0, (when,))] if when else []
        return found

    def _dateline(self, line: str, first: _Found) -> bool:
        """Whether the line opens with a dateline: [PLACE,] DATE then an agency or a dash."""
        if first.start > DATELINE_PREFIX_CHARS:
            return False
        place = PLACE.match(line[:first.start])
        if not place:
            return False
        named = place.group("place")
        if named and not named[0].isupper():
            return False
        after = line[first.end:first.end + DATELINE_AFTER_CHARS]
        dash = AFTER_DATELINE.match(after)
        if dash and (named or dash.group("agency")) and all(w[0].isupper() for w in dash.group("words").split()):
            return True
        return AGENCY_AFTER_DATELINE.match(after) is not None

    def _date_line(self, number: int, line: str, folded: str, dates: list[_Found], lang: str | None,
                   in_head: bool) -> list[_Candidate]:
        """The candidates of a short line that is a date line. The line may have parts
        ("By Jane Doe | March 15, 2024 | 4 min read"): a date counts when its part opens with
        a label, or (near the top) holds nothing but the date and its company (`_only_date`)
        while every other part is short. In the tail only a labelled date counts."""
        phrases = [(m.start(), m.end(), *self.phrases[m.group(1)]) for m in self._phrase.finditer(folded)]
        if any(kind == "veto" for _, _, kind, _ in phrases):
            return []
        words = self._words_left(line, folded, dates, phrases)
        parts = _parts(line)
        out, previous_end = [], 0
        for found in dates:
            part = next((p for p in parts if p[0] <= found.start < p[1]), (0, len(line)))
            others = [w for w in words if not part[0] <= w[0] < part[1]]
            labelled = _opens_with_label(folded, part, phrases)
            if labelled or (in_head and self._only_date([w for w in words if part[0] <= w[0] < part[1]], phrases)
                            and all(sum(p[0] <= w[0] < p[1] for w in others) <= OTHER_PART_WORDS for p in parts)):
                labels = [kind for start, _, kind, _ in phrases
                          if max(previous_end, part[0]) <= start < found.start and kind in ("published", "updated")]
                out += self._candidates_of(number, labels[-1] if labels else "line", [found], line, folded, lang,
                                           phrases, previous_end)
            previous_end = found.end
        return out

    def _words_left(self, line: str, folded: str, dates: list[_Found], phrases: list[tuple]) -> list[tuple[int, str]]:
        """The words of a line once its dates, times, time zones, weekday and month names and
        date-line words (labels, bylines, fillers) are set aside, with their offsets."""
        spans = [(f.start, f.end) for f in dates] + [m.span() for m in TIME.finditer(folded)]
        spans += [(start, end) for start, end, _, _ in phrases]
        masked = list(line)
        for start, end in spans:
            masked[start:end] = " " * (end - start)
        rest = []
        for m in WORD.finditer("".join(masked)):
            word = m.group().rstrip(".")
            if fold(word) in self.weekdays or fold(word) in self.months or word in self.timezones:
                continue
            rest.append((m.start(), word))
        return rest

    def _only_date(self, rest: list[tuple[int, str]], phrases: list[tuple]) -> bool:
        """Whether what is left beside a date is at most a place or an outlet (PLACE_WORDS
        capitalised words) or, after a byline word, a name (BYLINE_WORDS)."""
        if not rest:
            return True
        if not all(word[0].isupper() for _, word in rest):
            return False
        byline = any(kind == "byline" for _, _, kind, _ in phrases)
        return len(rest) <= (BYLINE_WORDS if byline else PLACE_WORDS)

    def _candidates_of(self, number: int, kind: str, dates: list[_Found], line: str, folded: str,
                       lang: str | None, phrases: list[tuple] | None = None, previous_end: int = 0) -> list[_Candidate]:
        out = []
        for found in dates:
            if found.year is None:
                out.append(_Candidate(kind, number, partial=(found.second, found.first)))
                continue
            readings = [(found.first, found.second)]
            if found.open_order:
                order = self._order(line, found, phrases or [], lang)
                readings = {"dmy": [(found.first, found.second)], "mdy": [(found.second, found.first)]}.get(
                    order, [(found.first, found.second), (found.second, found.first)])
            dates_read = [d for d in (_make_date(found.year, m, d) for d, m in readings) if d]
            weekday = self._weekday_before(folded, found, previous_end)
            if weekday is not None:
                dates_read = [d for d in dates_read if d.weekday() == weekday]
            if dates_read:
                out.append(_Candidate(kind, number, tuple(dates_read)))
        return out

    def _order(self, line: str, found: _Found, phrases: list[tuple], lang: str | None) -> str | None:
        """The order of an open numeric date from the cues of its line and article."""
        if found.separator in DAY_FIRST_SEPARATORS:
            return "dmy"
        for m in WORD.finditer(line):
            order = self.timezones.get(m.group().rstrip("."))
            if order:
                return order
        for _, _, kind, label_lang in phrases:
            if kind in ("published", "updated") and self.orders.get(label_lang):
                return self.orders[label_lang]
        return self.orders.get(lang or "")

    def _weekday_before(self, folded: str, found: _Found, previous_end: int) -> int | None:
        before = folded[max(previous_end, found.start - WEEKDAY_BEFORE_CHARS):found.start]
        words = [w.rstrip(".") for w in WORD.findall(before)]
        names = [w for w in words if w in self.weekdays and w not in self.months]
        return self.weekdays[names[-1]] if names else None

    # -- the answer ---------------------------------------------------------------------
    def find(self, text: str, url: str | None = None, lang: str | None = None,
             near: date | None = None) -> PublicationDate | None:
        """The publication date a text (and its URL) states, or None; see the module docstring.
        `near` (the run's `--published` date) may give a year to a date without one."""
        best = choose(self.candidates(text, url, lang), near)
        if best is None:
            return None
        return PublicationDate(best.when, "url" if best.kind == "url" else "text", best.kind,
                               best.line or None)


def choose(candidates: list[_Candidate], near: date | None = None) -> _Candidate | None:
    """The best-ranked candidate once open readings and missing years are settled, or None
    when none is certain or the candidates disagree. `near`, a date the user gave for the
    whole run, only completes years: "March 30" near 2022-03-31 is 2022-03-30."""
    settled = [c for c in candidates if len(c.readings) == 1]
    anchors = [c.when for c in settled] or ([near] if near else [])
    for cand in candidates:
        if len(cand.readings) == 2:
            agreeing = [r for r in cand.readings if any(abs((r - a).days) <= NEAR_DAYS for a in anchors)]
            if len(agreeing) == 1:
                settled.append(replace(cand, readings=(agreeing[0],)))
            else:
                LOGGER.debug("line %d: numeric date of open order left out", cand.line)
        elif cand.partial:
            when = _complete_year(cand.partial, anchors)
            if when:
                settled.append(replace(cand, readings=(when,), partial=None))
            elif cand.kind == "dateline" and settled:
                LOGGER.debug("line %d: the dateline contradicts the other dates", cand.line)
                return None
    if not settled:
        return None
    best = min(settled, key=lambda c: (RANK.index(c.kind), c.line or HEAD_LINES + TAIL_LINES))
    for other in settled:
        gap = (other.when - best.when).days
        if (gap < -1) if other.kind == "updated" else (abs(gap) > NEAR_DAYS):
            LOGGER.debug("line %d: %s disagrees with %s", other.line, other.when, best.when)
            return None
    return best


def _head_and_tail(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    head: list[tuple[int, str]] = []
    paragraphs = 0
    for number, line in lines[:HEAD_LINES]:
        head.append((number, line))
        paragraphs += len(line) >= PARAGRAPH_CHARS
        if paragraphs >= HEAD_PARAGRAPHS:
            break
    return head, [item for item in lines[-TAIL_LINES:] if item not in head]


def _parts(line: str) -> list[tuple[int, int]]:
    """The spans of the parts of a line between separators ("|", " / ", "•")."""
    cuts = [m.span() for m in PART_BREAK.finditer(line)]
    starts = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(line)]
    return list(zip(starts, ends))


def _opens_with_label(folded: str, part: tuple[int, int], phrases: list[tuple]) -> bool:
    """Whether a part of a line opens with a label (after punctuation or a bullet)."""
    for start, _, kind, _ in phrases:
        if kind in ("published", "updated") and part[0] <= start < part[1]:
            return not folded[part[0]:start].strip(" :-–—*#>[](•·|/")
    return False


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _make_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _complete_year(partial: tuple[int, int], anchors: list[date]) -> date | None:
    """The date of a (month, day) nearest to an anchor, when within NEAR_DAYS of it."""
    month, day = partial
    options = [d for a in anchors for y in (a.year - 1, a.year, a.year + 1)
               if (d := _make_date(y, month, day)) and abs((d - a).days) <= NEAR_DAYS]
    return min(options, key=lambda d: min(abs((d - a).days) for a in anchors)) if options else None


# -- HTML ---------------------------------------------------------------------------------
def html_publication_date(html: str) -> date | None:
    """The publication date in an HTML page's markup (htmldate: meta tags, JSON-LD, <time>,
    date elements), or None. Its search of the running text is off: on pages without
    metadata it takes a date from the body or the copyright year (see the README). The page
    is parsed here: htmldate would download a string that looks like a URL."""
    from htmldate import find_date
    from trafilatura import load_html

    tree = load_html(html)
    if tree is None:
        return None
    try:
        found = find_date(tree, extensive_search=False, original_date=True)
    except (ValueError, TypeError) as err:  # htmldate raises on malformed input
        LOGGER.debug("htmldate: %s", err)
        return None
    return date.fromisoformat(found) if found else None


# -- the pipeline stage and the dates a user gives -------------------------------------------
def date_article(article: Article, lexicon: PubdateLexicon, default: date | None = None) -> Article:
    """Set `article.published` and `published_source` from the text and URL, unless the
    input gave a date; else to `default` (`--published`), as given."""
    if article.published is not None:
        article.published_source = article.published_source or "given"
        return article
    found = lexicon.find(article.text, article.url, article.lang, near=default)
    if found:
        article.published, article.published_source = found.when, found.source
        LOGGER.info("%s: published %s (%s, %s)", article.id, found.when, found.source, found.kind)
    elif default:
        article.published, article.published_source = default, "given"
    return article


def parse_default(value: object) -> date | None:
    """The `pipeline.published` setting as a date ("" for none)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ParleyError(f"setting pipeline.published: '{value}' is not a date YYYY-MM-DD") from None


def read_date_sidecar(path: str) -> dict[str, date]:
    """A `--dates` CSV file (header `path,published`) as {normalised path: date}; a bad row
    raises an InputError naming the file and line."""
    dates: dict[str, date] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = [cell.strip().lower() for cell in next(reader, [])]
            if header != ["path", "published"]:
                raise InputError(path, "expected the header 'path,published'", 1)
            for row in reader:
                if any(cell.strip() for cell in row):
                    _sidecar_row(path, reader.line_num, row, dates)
    except OSError as err:
        raise InputError(path, f"cannot read the dates file ({err.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as err:
        raise InputError(path, f"not a readable CSV file ({err})") from None
    return dates


def _sidecar_row(path: str, line: int, row: list[str], dates: dict[str, date]) -> None:
    if len(row) != 2:
        raise InputError(path, f"expected 2 fields (path,published), found {len(row)}", line)
    name, value = row[0].strip(), row[1].strip()
    if not name:
        raise InputError(path, "the path is empty", line)
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"'{value}' is not a date YYYY-MM-DD", line) from None
    key = os.path.normpath(name)
    if dates.get(key, when) != when:
        raise InputError(path, f"'{name}' already has the date {dates[key]}", line)
    dates[key] = when


def apply_given_dates(articles: Iterable[Article], dates: dict[str, date], roots: Iterable[str]) -> Iterator[Article]:
    """Give each article the `--dates` date of its file (a JSONL `published` still wins).
    A file is named as ingest names it (the path on the command line, or under a folder
    given there) or relative to a folder given on the command line."""
    folders = date_folders(roots)
    used: set[str] = set()
    for article in articles:
        key = give_date(article, dates, folders)
        if key is not None:
            used.add(key)
        yield article
    if len(used) < len(dates):
        unused = sorted(set(dates) - used)
        LOGGER.warning("%d file(s) of the dates file matched no article (first: %s)", len(unused), unused[0])


def date_folders(roots: Iterable[str]) -> list[str]:
    """The folders given on the command line, against which `--dates` paths may be relative."""
    return [os.path.normpath(root) for root in roots if root != "-" and os.path.isdir(root)]


def give_date(article: Article, dates: dict[str, date], folders: list[str]) -> str | None:
    """Give one article the `--dates` date of its file (a JSONL `published` still wins);
    returns the row of `dates` that names its file, if any. (Workers that read files call
    this themselves; `apply_given_dates` also says which rows matched nothing.)"""
    key = _sidecar_key(article.path, dates, folders)
    if key is not None and article.published_source != "given":
        article.published, article.published_source = dates[key], "given"
    return key


def _sidecar_key(path: str | None, dates: dict[str, date], folders: list[str]) -> str | None:
    if not path:
        return None
    file = re.sub(r"[:#]\d+$", "", path)  # a JSONL line or a WARC record names its file
    names = [os.path.normpath(file)]
    names += [os.path.relpath(file, folder) for folder in folders
              if os.path.normpath(file).startswith(folder + os.sep)]
    return next((name for name in names if name in dates), None)
