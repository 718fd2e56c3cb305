"""Plot: a dyad's (or a country's) cooperation–conflict line over time, with event counts.

Built on the same per-period dyad rows as `parley dyads` (`report.dyad_rows`), so the
chart and the table never disagree. The chart has two panels: the Goldstein mean per
period for each direction of the dyad (+10 most cooperative, -10 most conflictual; a
period without events of a direction breaks its line), and under it, on an axis of its
own, the distinct events per period stacked by PLOVER type, each type in its colour of
`ontology/plover.tsv` (the dashboard's too). The chart's words are data
(`data/lang/<code>/digest_text.tsv`, keys `chart_*`), so a Spanish or Russian digest
charts in its language. Written by matplotlib as PNG or SVG, or as a self-contained HTML
page (inline SVG and the numbers as a table; no script, nothing fetched). SVG and HTML
output are deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from io import BytesIO, StringIO
from pathlib import Path

from .datafiles import data_root
from .digest import Words
from .errors import ParleyError
from .filters import EventFilters
from .ontology import PLOVER_TYPES, load_ontology
from .report import actor_dyad_rows, actor_label, dyad_rows, undated_events
from .store import Store

FORMATS = ("png", "svg", "html")
BAR_DAYS = {"week": 5, "month": 22, "year": 250}  # bar width on the time axis, per period
# The chart's words in digest_text.tsv ({title}, {country} are filled in); `others` names
# everyone else in a country's chart. `chart_undated` ({n}) is a counted noun: a row per
# plural form of the language (`chart_undated_one`, ...), checked and chosen by `digest.Words`.
CHART_KEYS = ("chart_title", "chart_all_partners", "chart_goldstein", "chart_events", "chart_period", "others")
LINE_COLOURS = ("#1d2330", "#e8590c")  # the two directions of a dyad, as the dashboard draws them
QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")  # dyad_rows' quad class columns


@dataclass
class Series:
    """Per period: Goldstein mean of each direction and event counts by quad class."""

    title: str
    period: str = "month"
    periods: list[str] = field(default_factory=list)
    lines: dict[str, list[float | None]] = field(default_factory=dict)  # label -> value per period
    quads: dict[str, list[int]] = field(default_factory=dict)  # quad column -> count per period
    types: dict[str, list[int]] = field(default_factory=dict)  # PLOVER type -> count per period (manual order)
    undated: int = 0  # events of the same actors with no day: not in any period, noted on the chart
    ours: str = ""  # the country (or "BLR-OPP") the lines are of
    theirs: str | None = None  # its partner, None for everyone

    @property
    def events(self) -> int:
        return sum(sum(counts) for counts in self.quads.values())


def dyad_series(store: Store, country: str, partner: str | None = None, *, period: str = "month",
                since: date | None = None, until: date | None = None, sector: str | None = None,
                partner_sector: str | None = None, actor: str | None = None) -> Series:
    """The series for `country` with `partner` (both directions), or with everyone; with a
    `sector` (or `partner_sector`), of that sector of the country ("BLR-GOV" with "BLR-OPP");
    with an `actor`, only the events that person or body is in."""
    if sector or partner_sector:
        return _actor_series(store, country, partner, sector=sector, partner_sector=partner_sector,
                             period=period, since=since, until=until, actor=actor)
    country = country.upper()
    partner = partner.upper() if partner else None
    def kept(by_type: bool) -> list[dict]:
        columns, rows = dyad_rows(store, country=country, period=period, since=since, until=until, actor=actor,
                                  by_type=by_type)
        records = [dict(zip(columns, row)) for row in rows]
        if partner:
            return [r for r in records if {r["source"], r["target"]} == {country, partner}]
        return [r for r in records if r["source"] != r["target"]]  # relations: a country acting on itself is not one

    series = Series(f"{country}–{partner}" if partner else f"{country} and all partners", period,
                    ours=country, theirs=partner)
    series.undated = undated_events(store, EventFilters(country=country, partner=partner, actor=actor),
                                    relations_only=True)
    return _filled(series, kept(False), kept(True), country, partner or "others")


def _actor_series(store: Store, country: str, partner: str | None, *, sector: str | None,
                  partner_sector: str | None, period: str, since: date | None, until: date | None,
                  actor: str | None = None) -> Series:
    """`dyad_series` of actors that are a country's sector (`report.actor_dyad_rows`)."""
    def records(by_type: bool) -> list[dict]:
        columns, rows = actor_dyad_rows(store, country=country, sector=sector, partner=partner, by_type=by_type,
                                        partner_sector=partner_sector, period=period, since=since, until=until,
                                        actor=actor)
        return [dict(zip(columns, row)) for row in rows]

    ours = actor_label(country, sector)
    theirs = actor_label(partner, partner_sector) if partner else "-"
    series = Series(f"{ours}–{theirs}" if partner else f"{ours} and all partners", period,
                    ours=ours, theirs=theirs if partner else None)
    series.undated = undated_events(store, EventFilters(country=country, partner=partner, sector=sector,
                                                        partner_sector=partner_sector, actor=actor))
    return _filled(series, records(False), records(True), ours, theirs if partner else "others")


def _filled(series: Series, records: list[dict], typed: list[dict], country: str, other: str) -> Series:
    """`series` with its periods, a Goldstein line for each direction between `country` (as the
    rows name it) and `other` (a label), and the quad counts of the dyad rows `records`; the
    counts per PLOVER type from the same rows by type, `typed`."""
    series.periods = sorted({r["period"] for r in records})
    index = {p: i for i, p in enumerate(series.periods)}
    directions = {f"{country} → {other}": lambda r: r["source"] == country and r["target"] != country,
                  f"{other} → {country}": lambda r: r["target"] == country and r["source"] != country}
    for label, belongs in directions.items():
        sums, counts = [0.0] * len(index), [0] * len(index)
        for r in filter(belongs, records):
            if r["goldstein_mean"] is not None:  # no score is no point, not a zero
                sums[index[r["period"]]] += r["goldstein_mean"] * r["events"]
                counts[index[r["period"]]] += r["events"]
        series.lines[label] = [round(s / n, 2) if n else None for s, n in zip(sums, counts)]
    for column in QUADS:
        totals = [0] * len(index)
        for r in records:
            totals[index[r["period"]]] += r[column]
        series.quads[column] = totals
    for event_type in PLOVER_TYPES:
        totals = [0] * len(index)
        for r in typed:
            if r["event_type"] == event_type:
                totals[index[r["period"]]] += r["events"]
        if any(totals):
            series.types[event_type] = totals
    return series


def render(series: Series, fmt: str, lang: str = "en") -> bytes:
    """The chart as PNG or SVG bytes, or a self-contained HTML page, in `lang`'s words."""
    if fmt not in FORMATS:
        raise ParleyError(f"unknown chart format '{fmt}' (png, svg or html)")
    if not series.periods:
        undated = f" ({series.undated} undated)" if series.undated else ""
        raise ParleyError(f"no dated events for {series.title}{undated}: nothing to plot")
    words = chart_words(lang)
    if fmt == "html":
        return _html(series, words, lang).encode("utf-8")
    return _figure_bytes(series, fmt, words)


def write_chart(series: Series, output: str | Path, lang: str = "en") -> Path:
    """Write the chart in the format the file name says (.png, .svg or .html)."""
    path = Path(output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ParleyError(f"{path}: the chart file must end in .png, .svg or .html")
    path.write_bytes(render(series, fmt, lang))
    return path


def inline_svg(series: Series, lang: str = "en") -> str:
    """The chart as an `<svg>` element, without the XML prolog and doctype, for a page to inline."""
    text = _figure_bytes(series, "svg", chart_words(lang)).decode("utf-8")
    return text[text.index("<svg"):]


def chart_words(lang: str) -> Words:
    """The chart's words in `lang`: the `chart_*` keys (and `others`) of its digest_text.tsv,
    with its plural rules for the counted `chart_undated`."""
    path = data_root() / "lang" / lang / "digest_text.tsv"
    if not path.exists():
        raise ParleyError(f"no chart words in '{lang}': {path} is missing")
    words = Words(lang)
    missing = [key for key in CHART_KEYS if key not in words.text]
    if missing:
        raise ParleyError(f"{path}: missing key '{missing[0]}' (every one of {', '.join(CHART_KEYS)} is needed)")
    return words


def every_period(periods: list[str], period: str) -> list[str]:
    """Every period from the first to the last of `periods` (sorted starts, YYYY-MM-DD), the
    empty ones between included: where a line has no point, and so a break."""
    if not periods:
        return []
    day, last, out = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1]), []
    while day <= last:
        out.append(day.isoformat())
        if period == "week":
            day += timedelta(days=7)
        elif period == "month":
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day = date(day.year + 1, 1, 1)
    return out


def _title(series: Series, words: Words) -> str:
    """"USA–BLR", or "BLR y todas sus contrapartes" for a country with everyone."""
    return series.title if series.theirs else words["chart_all_partners"].format(country=series.ours)


def _line_labels(series: Series, words: Words) -> list[str]:
    """The lines' labels in `words` ("BLR → otros"), in the order of `series.lines`."""
    if series.theirs:
        return list(series.lines)
    return [f"{series.ours} → {words['others']}", f"{words['others']} → {series.ours}"][:len(series.lines)]


def _figure_bytes(series: Series, fmt: str, words: Words) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    colours = load_ontology().colours()
    periods = every_period(series.periods, series.period)
    at = {p: i for i, p in enumerate(series.periods)}

    def spread(values: list, empty: float) -> list:  # a value per period of `periods`, `empty` where none
        return [empty if p not in at or values[at[p]] is None else values[at[p]] for p in periods]

    with matplotlib.rc_context({"svg.hashsalt": "parley", "svg.fonttype": "none", "font.size": 9}):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 4.8), sharex=True, height_ratios=(3, 2))
        x = [datetime.strptime(p, "%Y-%m-%d") for p in periods]
        width = BAR_DAYS[series.period]
        middle = [when + timedelta(days=width / 2) for when in x]  # a point sits over its period's bar
        for values, label, colour in zip(series.lines.values(), _line_labels(series, words), LINE_COLOURS):
            # NaN where a period has no event of this direction: matplotlib breaks the line there
            top.plot(middle, spread(values, float("nan")), marker="o", color=colour, label=label)
        top.axhline(0, color="#888", linewidth=0.8)
        top.set_ylim(-10.5, 10.5)
        top.set_ylabel(words["chart_goldstein"])
        top.set_title(words["chart_title"].format(title=_title(series, words)))
        base = [0] * len(x)
        for event_type, counts in series.types.items():  # PLOVER order: cooperation at the bottom
            counts = spread(counts, 0)
            bottom.bar(x, counts, bottom=base, color=colours[event_type], label=event_type, width=width, align="edge")
            base = [b + c for b, c in zip(base, counts)]
        bottom.set_ylim(0, max(base) * 1.15 + 0.5)
        bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.set_ylabel(words["chart_events"])
        handles, labels = bottom.get_legend_handles_labels()  # the top of the stack first, as it is drawn
        bottom.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.02), fontsize=7,
                      frameon=False, ncol=1 if len(labels) <= 8 else 2, handlelength=1, columnspacing=0.8)
        top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        fig.autofmt_xdate()
        fig.tight_layout()
        if series.undated:  # in the bottom margin autofmt_xdate leaves, under the dates
            fig.text(0.99, 0.005, undated_note(series.undated, words), ha="right", va="bottom", fontsize=7,
                     color="#555")
        out = BytesIO()
        metadata = {"Date": None, "Creator": "Parley"} if fmt == "svg" else {"Software": "Parley"}
        fig.savefig(out, format=fmt, dpi=110, metadata=metadata)
        plt.close(fig)
    return out.getvalue()


def undated_note(undated: int, words: Words | None = None) -> str:
    """What a chart says of the events it cannot place in time, in the plural form its
    language gives the number ("1 undated event not shown")."""
    return (words or chart_words("en")).count("chart_undated", undated)


def _html(series: Series, words: Words, lang: str) -> str:
    rows = StringIO()
    for i, period in enumerate(series.periods):
        cells = [period] + [("" if v[i] is None else f"{v[i]:+.2f}") for v in series.lines.values()]
        cells += [str(counts[i]) for counts in series.types.values()]
        rows.write("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>\n")
    head = [words["chart_period"], *_line_labels(series, words), *series.types]
    chart = inline_svg(series, lang)
    title = _title(series, words)
    return (f"<!doctype html>\n<html lang=\"{escape(lang)}\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}svg{max-width:100%;height:auto}"
            "td,th{padding:.2em .6em;text-align:right}</style></head><body>\n"
            f"<h1>{escape(title)}</h1>\n<figure>{chart}</figure>\n"
            + (f"<p>{escape(undated_note(series.undated, words))}</p>\n" if series.undated else "") + "<table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in head) + f"</tr></thead><tbody>\n{rows.getvalue()}</tbody></table>\n"
            "</body></html>\n")
