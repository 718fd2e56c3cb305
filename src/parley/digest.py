"""Digest: a readable report on a country's (or a region's) relations over a period, from the store.

What a "Belarus Foreign Policy Digest" does by hand: headline numbers, what changed against
the previous period of the same length (events and mean Goldstein per partner, up or down),
the new partners, then partner by partner the events in date order, each one line of plain
prose made from the event record ("12 Feb — Christopher Smith visited Belarus [2 sources]")
with its evidence, and a chart of cooperation and conflict over time (`plot.py`). An actor
that is not the government is named as the body it is ("Belarusian opposition (Sviatlana
Tsikhanouskaya)"), not as its country. The prose comes from `data/lang/<code>/digest.tsv`
(one phrase per PLOVER type and mode), the fixed words, counted nouns and sector names from
`data/lang/<code>/digest_text.tsv` (a counted noun has one row per CLDR plural form of the
language, chosen by babel's plural rules: "1 событие, 2 события, 5 событий") and the layout
from Jinja2 templates (`templates/digest.*.j2`), so a digest in another language is a data
change, the output is deterministic and every line traces back to an event record.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

from .actors import SECTORS
from .datafiles import data_root, read_table
from .errors import ParleyError
from .filters import EventFilters
from .lang import load_languages, script_of
from .links import safe_link
from .report import event_details, undated_events
from .store import Store

if TYPE_CHECKING:
    from .plot import Series

FORMATS = ("md", "html")
# The HTML digest runs no script and loads nothing: its styles and chart are inline, images
# are data: URLs. Sent as a header by the API and written into the page as a meta tag, so a
# digest file opened from disk is held to the same rule.
DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
# Characters that make Markdown text a link or HTML (see `markdown_text`).
MARKDOWN_MARKUP = re.compile(r"[\\\[\]<>`]")
MARKDOWN_URL_ENDS = frozenset(" ()[]<>\\`\"'")
REGNAL_NUMBER = re.compile(r"^[IVXL]+$")  # "Карл III": written in Latin in every script
WORD_KEYS = ("title", "since", "until", "between", "all_dates", "totals", "totals_undated", "undated_left_out",
             "movers", "mover", "chart", "evidence", "no_partner", "undated", "others", "months", "changed",
             "change", "change_mean", "mean_now", "mean_before", "up", "down", "same", "new_partners", "no_new_partners", "acting_body",
             "acting_body_named")
# Nouns said with a number: one row per plural form of the language ("events_one", "events_few", ...).
COUNTED_KEYS = ("distinct_events", "mentions", "articles", "partners", "events", "sources", "days",
                "chart_undated")
# The sectors named in prose ("Belarusian opposition"); the government is named as its country.
NAMED_SECTORS = tuple(s for s in SECTORS if s != "GOV")
# Sectors named only when they act: the phrases already say what was done to civilians
# ("released people of Belarus", not "released people of Belarusian civilians").
SOURCE_ONLY_SECTORS = frozenset({"CVL"})


def digest(store: Store, country: str | Sequence[str], *, since: date | None = None, until: date | None = None,
           fmt: str = "md", lang: str = "en", chart: str | None = None, sector: str | None = None,
           actor: str | None = None) -> str:
    """The digest of the distinct events of `country` (a code, or several: a region) between
    `since` and `until`, as Markdown or HTML; `sector` and `actor` keep the events of that
    sector of the country (the opposition's, not the state's) or that person or body.

    HTML inlines the chart (of one country); Markdown links to `chart` (an image the caller
    renders from `digest_series`) when given.
    """
    if fmt not in FORMATS:
        raise ParleyError(f"unknown digest format '{fmt}' (md or html)")
    countries = region_codes(country)
    words = Words(lang)  # first: it names a missing language clearly
    names = ActorNames(lang, words)
    phrases = load_phrases(lang)
    who = {"sector": sector, "actor": actor}
    events = _region_events(store, countries, since, until, **who)
    by_partner = _by_partner(events, countries)
    partners = [{"code": code, "name": names.country(code) if code != "-" else words["no_partner"],
                 "events": len(evs), "goldstein": sum(e["goldstein"] or 0 for e in evs),
                 "lines": [_line(e, phrases, names, words) for e in evs]}
                for code, evs in sorted(by_partner.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    for partner in partners:
        partner["summary"] = words["mover"].format(events=words.count("events", partner["events"]),
                                                   score=f"{partner['goldstein']:+.1f}")
    previous = _previous_period(store, since, until)
    changes = (_changes(by_partner, _by_partner(_region_events(store, countries, *previous, **who), countries),
                        names, words) if previous else None)
    undated = sum(1 for e in events if e["day"] is None)  # listed "undated"; the chart cannot place them
    # distinct events: one between two of a region's countries is left out once
    left_out = undated_events(store, [EventFilters(country=c, **who) for c in countries]) if since or until else 0
    context = {
        "lang": lang, "words": words.text, "csp": DIGEST_CSP,
        "title": words["title"].format(country=names.region(countries, sector)),
        "period": _period(since, until, words),
        "totals": _totals(events, by_partner, words)
                  + (" · " + words["totals_undated"].format(undated=undated) if undated else "")
                  + (" · " + words["undated_left_out"].format(undated=left_out) if left_out else ""),
        "changed": _changed_heading(previous, words) if previous else None,
        "changes": changes["lines"] if changes else [],
        "new_partners": changes["new"] if changes else None,
        "movers": [] if changes else sorted(partners, key=lambda p: (-abs(p["goldstein"]), p["name"]))[:5],
        "partners": partners,
        "chart": chart,
        "chart_svg": (_chart_svg(store, countries[0], since, until, sector, lang)
                      if fmt == "html" and len(countries) == 1 and not actor else None),
    }
    return _template(fmt).render(**context)


def region_codes(country: str | Sequence[str]) -> list[str]:
    """The country codes of a digest, upper case, each once, in the order given ("BLR,UKR" or
    ["BLR", "UKR"])."""
    given = [country] if isinstance(country, str) else list(country)
    codes = [code.strip().upper() for value in given for code in value.split(",") if code.strip()]
    if not codes:
        raise ParleyError("a digest needs a country (or several, for a region)")
    return list(dict.fromkeys(codes))


def _region_events(store: Store, countries: list[str], since: date | None, until: date | None,
                   **who: str | None) -> list[dict]:
    """The digest's events of every country in `countries` (each once), in date order."""
    found: dict[str, dict] = {}
    for code in countries:
        columns, rows = event_details(store, EventFilters(country=code, since=since, until=until, **who))
        for row in rows:
            record = dict(zip(columns, row))
            found.setdefault(record["merged_id"], record)
    events = [_digest_event(r) for r in found.values()]
    # an article with no URL links to its file; one whose URL is refused shows it as text
    links = _evidence_links(store, [e["article_id"] for e in events if not e["url"]])
    for event in events:
        event["link"] = event["link"] or (links.get(event["article_id"]) if not event["url"] else None)
    return sorted(events, key=lambda e: (e["day"] is None, e["day"] or date.min, e["id"]))


def _by_partner(events: list[dict], countries: list[str]) -> dict[str, list[dict]]:
    """Events under the partner: the side that is not in the region (the other member for an
    event between two members; "-" when there is none)."""
    by_partner: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        partner = event["target"] if event["source"] in countries else event["source"]
        by_partner[partner or "-"].append(event)
    return by_partner


def _evidence_links(store: Store, article_ids: list[str]) -> dict[str, str]:
    """A `file:` URI of each article read from a file (for evidence whose article has no URL),
    as `parley export --format gdelt` writes SOURCEURL; none for an article read from stdin."""
    if not article_ids:
        return {}
    from .export import source_uri

    _, rows = store.query("SELECT id, path FROM articles WHERE id IN (SELECT unnest(?))", [sorted(set(article_ids))])
    return {article_id: link for article_id, path in rows if (link := safe_link(source_uri(path)))}


def _previous_period(store: Store, since: date | None, until: date | None) -> tuple[date, date] | None:
    """The period of the same length just before `since`..`until` (until: the store's last
    day when not given); None without a `since` (all dates: nothing before to compare with)."""
    if since is None:
        return None
    if until is None:
        _, [(last,)] = store.query("SELECT max(day) FROM merged_events")
        until = max(last or since, since)
    length = (until - since).days + 1
    return since - timedelta(days=length), since - timedelta(days=1)


def _changes(now: dict[str, list[dict]], before: dict[str, list[dict]], names: "ActorNames",
             words: "Words") -> dict[str, Any]:
    """What changed per partner against the previous period (the biggest change in events
    first), and the new partners (in this period, not in the previous one)."""
    def mean(events: list[dict]) -> float | None:
        scores = [e["goldstein"] for e in events if e["goldstein"] is not None]
        return sum(scores) / len(scores) if scores else None

    lines = []
    for code in sorted((set(now) | set(before)) - {"-"}, key=lambda c: (
            -abs(len(now.get(c, [])) - len(before.get(c, []))), -len(now.get(c, [])), names.country(c))):
        n, b = len(now.get(code, [])), len(before.get(code, []))
        text = words["change"].format(events=words.count("events", n), before=b,
                                      delta=f"{n - b:+d}" if n != b else "±0")
        means = _means(mean(now.get(code, [])), mean(before.get(code, [])), words)
        lines.append({"name": names.country(code), "text": f"{text}; {means}" if means else text})
    new = [names.country(code) for code in sorted(now, key=lambda c: (-len(now[c]), names.country(c)))
           if code != "-" and code not in before]
    return {"lines": lines, "new": new}


def _means(now: float | None, before: float | None, words: "Words") -> str:
    """The mean Goldstein of a partner's events now against before: "+2.5 (was +1.0: up 1.5)",
    or the one there is when the partner is new or gone."""
    if now is None:
        return words["mean_before"].format(mean_before=f"{before:+.1f}") if before is not None else ""
    if before is None:
        return words["mean_now"].format(mean=f"{now:+.1f}")
    change = round(now, 1) - round(before, 1)
    trend = (words["same"] if abs(change) < 0.05
             else words["up" if change > 0 else "down"].format(n=f"{abs(change):.1f}"))
    return words["change_mean"].format(mean=f"{now:+.1f}", mean_before=f"{before:+.1f}", trend=trend)


def _changed_heading(previous: tuple[date, date], words: "Words") -> str:
    first, last = previous
    return words["changed"].format(days=words.count("days", (last - first).days + 1), since=first.isoformat(),
                                   until=last.isoformat())


def _totals(events: list[dict], by_partner: dict[str, list[dict]], words: "Words") -> str:
    return words["totals"].format(
        events=words.count("distinct_events", len(events)),
        mentions=words.count("mentions", sum(e["mentions"] for e in events)),
        articles=words.count("articles", len({story for e in events for story in e["stories"]})),
        partners=words.count("partners", len(by_partner)))


def digest_series(store: Store, country: str, *, since: date | None = None, until: date | None = None,
                  sector: str | None = None) -> "Series | None":
    """The digest's chart data: the country's (or its `sector`'s) cooperation–conflict line
    with all its partners; None when no event in the period is dated."""
    from .plot import dyad_series

    series = dyad_series(store, country, since=since, until=until, sector=sector)
    return series if series.periods else None


def load_phrases(lang: str) -> dict[tuple[str, str | None], str]:
    path = data_root() / "lang" / lang / "digest.tsv"
    return {(row["type"], row.get("mode") or None): row["phrase"]
            for row in read_table(path, ("type", "phrase"), ("mode",))}


def _digest_event(r: dict) -> dict:
    """The fields of an `event_details` record the digest's lines are made from. The evidence
    links to its article's URL if `safe_link` accepts it (a `file:` URI is added by
    `_region_events` for an article with no URL read from a file); what has no link is
    named as text (the refused URL, else the article id), never made an href."""
    return {"id": r["merged_id"], "day": r["day"], "type": r["event_type"], "mode": r["mode"],
            "goldstein": r["goldstein"], "source": r["source_country"], "target": r["target_country"],
            "source_name": r["source_name"], "target_name": r["target_name"], "source_sector": r["source_sector"],
            "target_sector": r["target_sector"], "mentions": r["num_mentions"], "articles": r["num_articles"],
            "sources": r["num_sources"], "evidence": r["evidence"], "article_id": r["article_id"],
            "url": r["evidence_url"], "link": safe_link(r["evidence_url"]), "ref": r["evidence_url"] or r["article_id"],
            "stories": r["stories"]}


class Words:
    """The digest's fixed words in `lang` (`data/lang/<code>/digest_text.tsv`), and its
    counted nouns in the plural form CLDR's rules give a number in that language (babel)."""

    def __init__(self, lang: str) -> None:
        from babel import Locale, UnknownLocaleError

        self.text = load_words(lang)
        try:
            self.plural_form = Locale.parse(lang).plural_form
        except (ValueError, UnknownLocaleError):
            raise ParleyError(f"no plural rules for '{lang}' in CLDR (babel)") from None
        path = data_root() / "lang" / lang / "digest_text.tsv"
        forms = sorted(set(self.plural_form.tags) | {"other"})
        for key in COUNTED_KEYS:
            missing = [form for form in forms if f"{key}_{form}" not in self.text]
            if missing:
                raise ParleyError(f"{path}: missing key '{key}_{missing[0]}' ('{lang}' says a number with the "
                                  f"plural forms {', '.join(forms)}: one row for each)")

    def __getitem__(self, key: str) -> str:
        return self.text[key]

    def count(self, key: str, n: int) -> str:
        """`n` with the noun `key` in the right plural form: "1 event", "5 событий"."""
        return self.text[f"{key}_{self.plural_form(n)}"].format(n=n)


def load_words(lang: str) -> dict[str, str]:
    """The digest's fixed words in `lang` (`data/lang/<code>/digest_text.tsv`)."""
    path = data_root() / "lang" / lang / "digest_text.tsv"
    if not path.exists():
        raise ParleyError(f"no digest in '{lang}': {path} is missing")
    words = {row["key"]: row["text"] for row in read_table(path, ("key", "text"))}
    needed = WORD_KEYS + tuple(f"sector_{s}" for s in NAMED_SECTORS)
    missing = [key for key in needed if key not in words]
    if missing:
        raise ParleyError(f"{path}: missing key '{missing[0]}' (every one of {', '.join(needed)} is needed)")
    return words


def country_names(lang: str) -> dict[str, str]:
    """Code -> name in `lang` (CLDR names, and the first name of each IGO)."""
    root = data_root() / "actors"
    names: dict[str, str] = {}
    for row in read_table(root / "igos.tsv", ("lang", "text", "code"), ("case",)):
        if row["lang"] == lang and row.get("case", "title") == "title":
            names.setdefault(row["code"], row["text"])
    for row in read_table(root / "generated" / "cldr_countries.tsv", ("lang", "text", "country")):
        if row["lang"] == lang:
            names.setdefault(row["country"], row["text"])
    return names


def demonyms(lang: str) -> dict[str, str]:
    """Code -> the first demonym of `lang` in `data/actors/demonyms.tsv` ("Belarusian")."""
    names: dict[str, str] = {}
    for row in read_table(data_root() / "actors" / "demonyms.tsv", ("country",), tuple(load_languages())):
        if row.get(lang):
            names[row["country"]] = row[lang].split("|")[0]
    return names


@dataclass(slots=True)
class ActorNames:
    """How the digest names an actor in its language: a country by its name, a person with
    their country ("Alexander Lukashenko (Belarus)"), a body that is not the government by
    what it is (`acting_body`: "Belarusian opposition (Sviatlana Tsikhanouskaya)"); a person
    in the digest's script where the people tables know them (`person_names`: "Лукашенко
    (Беларусь)" in Russian)."""

    lang: str
    words: Words
    names: dict[str, str] = None  # type: ignore[assignment]
    demonyms: dict[str, str] = None  # type: ignore[assignment]
    people: dict[str, str] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.names, self.demonyms = country_names(self.lang), demonyms(self.lang)
        self.people = person_names(self.lang)

    def country(self, code: str | None) -> str:
        return self.names.get(code or "", code or "?")

    def region(self, codes: list[str], sector: str | None = None) -> str:
        return ", ".join(self.actor(code, sector, None) for code in codes)

    def actor(self, code: str | None, sector: str | None, name: str | None) -> str:
        country = self.country(code)
        name = self.people.get(name, name) if name else name
        if sector in NAMED_SECTORS and code:
            fields = {"sector": self.words[f"sector_{sector}"], "country": country,
                      "demonym": self.demonyms.get(code, country), "name": name}
            return self.words["acting_body_named" if name else "acting_body"].format(**fields)
        return f"{name} ({country})" if name else country


def _line(event: dict, phrases: dict, names: ActorNames, words: Words) -> dict:
    phrase = phrases.get((event["type"], event["mode"])) or phrases.get((event["type"], None)) or "{source}: {target}"
    source = names.actor(event["source"], event["source_sector"], event["source_name"])
    target_sector = event["target_sector"] if event["target_sector"] not in SOURCE_ONLY_SECTORS else None
    target = names.actor(event["target"], target_sector, event["target_name"]) if event["target"] else words["others"]
    text = phrase.format(source=source, target=target)
    return {"day": _day(event["day"], words) if event["day"] else words["undated"],
            "text": text[:1].upper() + text[1:], "sources": words.count("sources", event["sources"]),
            "evidence": event["evidence"], "link": event["link"], "ref": event["ref"]}


def _chart_svg(store: Store, country: str, since: date | None, until: date | None,
               sector: str | None, lang: str) -> str | None:
    from .plot import inline_svg

    series = digest_series(store, country, since=since, until=until, sector=sector)
    return inline_svg(series, lang) if series else None


def person_names(lang: str) -> dict[str, str]:
    """People's names as a digest in `lang` writes them, where the people tables know them in
    its script: for a language not written in Latin script, each person's first variant in its
    alphabet alone (the nominative surname, by the tables' convention): "Alexander Lukashenko"
    -> "Лукашенко" in Russian ("Лукашэнка", Belarusian, has a letter Russian has not). Empty
    for a language in Latin script, which keeps the tables' names."""
    language = load_languages().get(lang)
    if language is None or language.script == "Latin":
        return {}
    letters = set(language.letters)
    names: dict[str, str] = {}
    for path in sorted((data_root() / "actors" / "people").glob("*.tsv")):
        for row in read_table(path, ("id", "name", "variants")):
            written = (v for v in row["variants"].split("|") if script_of(v) == language.script
                       and {c for word in v.lower().split() if not REGNAL_NUMBER.match(word.upper())
                            for c in word if c.isalpha()} <= letters)
            if not names.get(row["name"]):
                names[row["name"]] = next(written, None)
    return {name: text for name, text in names.items() if text}


def _day(day: date, words: Words) -> str:
    return f"{day.day:02d} {words['months'].split()[day.month - 1]} {day.year}"


def _period(since: date | None, until: date | None, words: Words) -> str:
    if since and until:
        return words["between"].format(since=since.isoformat(), until=until.isoformat())
    if since:
        return words["since"].format(since=since.isoformat())
    if until:
        return words["until"].format(until=until.isoformat())
    return words["all_dates"]


def markdown_text(text: object) -> str:
    """Text from the data made inert in Markdown: a backslash before the characters that
    open a link, an autolink or raw HTML, so that an evidence sentence or an article id
    such as `[x](javascript:...)` or `<a href=...>` stays text in whatever renders the file."""
    return MARKDOWN_MARKUP.sub(r"\\\g<0>", str(text))


def markdown_url(url: str) -> str:
    """A link target for Markdown with the characters that could end it (and start another
    link) percent-encoded: `http://x) [y](javascript:...)` stays one link to one place."""
    return "".join(f"%{ord(c):02X}" if c in MARKDOWN_URL_ENDS else c for c in url)


def _template(fmt: str):
    from jinja2 import Environment, StrictUndefined

    text = (resources.files("parley") / "templates" / f"digest.{fmt}.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=fmt == "html", undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["md"] = markdown_text
    env.filters["md_url"] = markdown_url
    return env.from_string(text)
