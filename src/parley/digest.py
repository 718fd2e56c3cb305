"""Digest: a readable report on one country's relations over a period, from the store.

What a "Belarus Foreign Policy Digest" does by hand: headline numbers, the relations that
moved most, then partner by partner the events in date order, each one line of plain
prose made from the event record ("12 Feb — Christopher Smith visited Belarus [2 sources]")
with its evidence, and a chart of cooperation and conflict over time (`plot.py`). The prose
comes from `data/lang/<code>/digest.tsv` (one phrase per PLOVER type and mode), the fixed
words from `data/lang/<code>/digest_text.tsv` and the layout from Jinja2 templates
(`templates/digest.*.j2`), so a digest in another language is a data change, the output
is deterministic and every line traces back to an event record.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

from .datafiles import data_root, read_table
from .errors import ParleyError
from .lang import load_languages, script_of
from .links import safe_link
from .report import EventFilters, event_details, undated_events
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
             "movers", "mover", "chart", "sources_1",
             "sources_n", "evidence", "no_partner", "undated", "others", "months")

def digest(store: Store, country: str, *, since: date | None = None, until: date | None = None,
           fmt: str = "md", lang: str = "en", chart: str | None = None) -> str:
    """The digest of `country`'s distinct events between `since` and `until`, as Markdown or HTML.

    HTML inlines the chart; Markdown links to `chart` (an image the caller renders from
    `digest_series`) when given.
    """
    if fmt not in FORMATS:
        raise ParleyError(f"unknown digest format '{fmt}' (md or html)")
    country = country.upper()
    words = load_words(lang)  # first: it names a missing language clearly
    phrases, names = load_phrases(lang), country_names(lang)
    columns, rows = event_details(store, EventFilters(country=country, since=since, until=until))
    events = _names_in_script([_digest_event(dict(zip(columns, row))) for row in rows], person_names(lang))
    by_partner: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        partner = event["target"] if event["source"] == country else event["source"]
        by_partner[partner or "-"].append(event)
    partners = [{"name": _name(p, None, names) if p != "-" else words["no_partner"],
                 "events": len(evs), "goldstein": sum(e["goldstein"] or 0 for e in evs),
                 "lines": [_line(e, phrases, names, words) for e in evs]}
                for p, evs in sorted(by_partner.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    for partner in partners:
        key = "mover_1" if partner["events"] == 1 and "mover_1" in words else "mover"
        partner["summary"] = words[key].format(events=partner["events"], score=f"{partner['goldstein']:+.1f}")
    totals = {"events": len(events), "mentions": sum(e["mentions"] for e in events),
              "articles": len({story for e in events for story in e["stories"]}), "partners": len(by_partner)}
    undated = sum(1 for e in events if e["day"] is None)  # listed "undated"; the chart cannot place them
    left_out = undated_events(store, EventFilters(country=country)) if since or until else 0  # not in any period
    context = {
        "lang": lang, "words": words, "csp": DIGEST_CSP,
        "title": words["title"].format(country=names.get(country, country)),
        "period": _period(since, until, words),
        "totals": words["totals"].format(**totals)
                  + (" · " + words["totals_undated"].format(undated=undated) if undated else "")
                  + (" · " + words["undated_left_out"].format(undated=left_out) if left_out else ""),
        "movers": sorted(partners, key=lambda p: (-abs(p["goldstein"]), p["name"]))[:5],
        "partners": partners,
        "chart": chart,
        "chart_svg": _chart_svg(store, country, since, until, lang) if fmt == "html" else None,
    }
    return _template(fmt).render(**context)


def digest_series(store: Store, country: str, *, since: date | None = None,
                  until: date | None = None) -> "Series | None":
    """The digest's chart data: the country's cooperation–conflict line with all its partners;
    None when no event in the period is dated."""
    from .plot import dyad_series

    series = dyad_series(store, country, since=since, until=until)
    return series if series.periods else None


def load_phrases(lang: str) -> dict[tuple[str, str | None], str]:
    path = data_root() / "lang" / lang / "digest.tsv"
    return {(row["type"], row.get("mode") or None): row["phrase"]
            for row in read_table(path, ("type", "phrase"), ("mode",))}


def _digest_event(r: dict) -> dict:
    """The fields of an `event_details` record the digest's lines are made from."""
    return {"id": r["merged_id"], "day": r["day"], "type": r["event_type"], "mode": r["mode"],
            "goldstein": r["goldstein"], "source": r["source_country"], "target": r["target_country"],
            "source_name": r["source_name"], "target_name": r["target_name"], "mentions": r["num_mentions"],
            "articles": r["num_articles"], "sources": r["num_sources"], "evidence": r["evidence"],
            "link": safe_link(r["evidence_url"]), "ref": r["evidence_url"] or r["article_id"],
            "stories": r["stories"]}


def load_words(lang: str) -> dict[str, str]:
    """The digest's fixed words in `lang` (`data/lang/<code>/digest_text.tsv`)."""
    path = data_root() / "lang" / lang / "digest_text.tsv"
    if not path.exists():
        raise ParleyError(f"no digest in '{lang}': {path} is missing")
    words = {row["key"]: row["text"] for row in read_table(path, ("key", "text"))}
    missing = sorted(set(WORD_KEYS) - set(words))
    if missing:
        raise ParleyError(f"{path}: missing key '{missing[0]}' (every one of {', '.join(WORD_KEYS)} is needed)")
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


def _line(event: dict, phrases: dict, names: dict[str, str], words: dict[str, str]) -> dict:
    phrase = phrases.get((event["type"], event["mode"])) or phrases.get((event["type"], None)) or "{source}: {target}"
    source = _name(event["source"], event["source_name"], names)
    target = _name(event["target"], event["target_name"], names) if event["target"] else words["others"]
    n = event["sources"]
    return {"day": _day(event["day"], words) if event["day"] else words["undated"],
            "text": phrase.format(source=source, target=target),
            "sources": words["sources_1"] if n == 1 else words["sources_n"].format(n=n),
            "evidence": event["evidence"], "link": event["link"], "ref": event["ref"]}


def _chart_svg(store: Store, country: str, since: date | None, until: date | None, lang: str) -> str | None:
    from .plot import inline_svg

    series = digest_series(store, country, since=since, until=until)
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


def _names_in_script(events: list[dict], people: dict[str, str]) -> list[dict]:
    """`events` with their people named as `person_names` gives them (the others as they are)."""
    for event in events:
        for key in ("source_name", "target_name"):
            event[key] = people.get(event[key], event[key])
    return events


def _name(code: str | None, name: str | None, names: dict[str, str]) -> str:
    country = names.get(code or "", code or "?")
    return f"{name} ({country})" if name else country


def _day(day: date, words: dict[str, str]) -> str:
    return f"{day.day:02d} {words['months'].split()[day.month - 1]} {day.year}"


def _period(since: date | None, until: date | None, words: dict[str, str]) -> str:
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
