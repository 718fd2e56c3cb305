"""Plot: a dyad's (or a country's) cooperation–conflict line over time, with event counts.

Built on the same per-period dyad rows as `parley dyads` (`report.dyad_rows`), so the
chart and the table never disagree. The chart has two panels: the Goldstein mean per
period for each direction of the dyad (+10 most cooperative, -10 most conflictual), and
under it the distinct events per period stacked by PLOVER quad class. Written by
matplotlib as PNG or SVG, or as a self-contained HTML page (inline SVG and the numbers
as a table; no script, nothing fetched). SVG and HTML output are deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from io import BytesIO, StringIO
from pathlib import Path

from .errors import ParleyError
from .report import EventFilters, actor_dyad_rows, actor_label, dyad_rows, undated_events
from .store import Store

FORMATS = ("png", "svg", "html")
BAR_DAYS = {"week": 5, "month": 22, "year": 250}  # bar width on the time axis, per period
QUADS = (("verbal_coop", "verbal cooperation", "#8fbcdb"), ("material_coop", "material cooperation", "#2b7bba"),
         ("verbal_conflict", "verbal conflict", "#f4a582"), ("material_conflict", "material conflict", "#b2182b"))


@dataclass
class Series:
    """Per period: Goldstein mean of each direction and event counts by quad class."""

    title: str
    period: str = "month"
    periods: list[str] = field(default_factory=list)
    lines: dict[str, list[float | None]] = field(default_factory=dict)  # label -> value per period
    quads: dict[str, list[int]] = field(default_factory=dict)  # quad column -> count per period
    undated: int = 0  # events of the same actors with no day: not in any period, noted on the chart

    @property
    def events(self) -> int:
        return sum(sum(counts) for counts in self.quads.values())


def dyad_series(store: Store, country: str, partner: str | None = None, *, period: str = "month",
                since: date | None = None, until: date | None = None, sector: str | None = None,
                partner_sector: str | None = None) -> Series:
    """The series for `country` with `partner` (both directions), or with everyone; with a
    `sector` (or `partner_sector`), of that sector of the country ("BLR-GOV" with "BLR-OPP")."""
    if sector or partner_sector:
        return _actor_series(store, country, partner, sector=sector, partner_sector=partner_sector,
                             period=period, since=since, until=until)
    country = country.upper()
    partner = partner.upper() if partner else None
    columns, rows = dyad_rows(store, country=country, period=period, since=since, until=until)
    records = [dict(zip(columns, row)) for row in rows]
    if partner:
        records = [r for r in records if {r["source"], r["target"]} == {country, partner}]
    else:  # relations: a country acting on itself is not one
        records = [r for r in records if r["source"] != r["target"]]
    series = Series(f"{country}–{partner}" if partner else f"{country} and all partners", period)
    series.undated = undated_events(store, EventFilters(country=country, partner=partner), relations_only=True)
    return _filled(series, records, country, partner or "others")


def _actor_series(store: Store, country: str, partner: str | None, *, sector: str | None,
                  partner_sector: str | None, period: str, since: date | None, until: date | None) -> Series:
    """`dyad_series` of actors that are a country's sector (`report.actor_dyad_rows`)."""
    columns, rows = actor_dyad_rows(store, country=country, sector=sector, partner=partner,
                                    partner_sector=partner_sector, period=period, since=since, until=until)
    ours = actor_label(country, sector)
    theirs = actor_label(partner, partner_sector) if partner else "-"
    series = Series(f"{ours}–{theirs}" if partner else f"{ours} and all partners", period)
    series.undated = undated_events(store, EventFilters(country=country, partner=partner, sector=sector,
                                                        partner_sector=partner_sector))
    records = [dict(zip(columns, row)) for row in rows]
    return _filled(series, records, ours, theirs if partner else "others")


def _filled(series: Series, records: list[dict], country: str, other: str) -> Series:
    """`series` with its periods, a Goldstein line for each direction between `country` (as the
    rows name it) and `other` (a label), and the quad counts of the dyad rows `records`."""
    series.periods = sorted({r["period"] for r in records})
    index = {p: i for i, p in enumerate(series.periods)}
    directions = {f"{country} → {other}": lambda r: r["source"] == country and r["target"] != country,
                  f"{other} → {country}": lambda r: r["target"] == country and r["source"] != country}
    for label, belongs in directions.items():
        sums, counts = [0.0] * len(index), [0] * len(index)
        for r in filter(belongs, records):
            sums[index[r["period"]]] += (r["goldstein_mean"] or 0.0) * r["events"]
            counts[index[r["period"]]] += r["events"]
        series.lines[label] = [round(s / n, 2) if n else None for s, n in zip(sums, counts)]
    for column, _, _ in QUADS:
        totals = [0] * len(index)
        for r in records:
            totals[index[r["period"]]] += r[column]
        series.quads[column] = totals
    return series


def render(series: Series, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes, or a self-contained HTML page."""
    if fmt not in FORMATS:
        raise ParleyError(f"unknown chart format '{fmt}' (png, svg or html)")
    if not series.periods:
        undated = f" ({series.undated} undated)" if series.undated else ""
        raise ParleyError(f"no dated events for {series.title}{undated}: nothing to plot")
    if fmt == "html":
        return _html(series).encode("utf-8")
    return _figure_bytes(series, fmt)


def write_chart(series: Series, output: str | Path) -> Path:
    """Write the chart in the format the file name says (.png, .svg or .html)."""
    path = Path(output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ParleyError(f"{path}: the chart file must end in .png, .svg or .html")
    path.write_bytes(render(series, fmt))
    return path


def inline_svg(series: Series) -> str:
    """The chart as an `<svg>` element, without the XML prolog and doctype, for a page to inline."""
    text = _figure_bytes(series, "svg").decode("utf-8")
    return text[text.index("<svg"):]


def _figure_bytes(series: Series, fmt: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context({"svg.hashsalt": "parley", "svg.fonttype": "none", "font.size": 9}):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 4.8), sharex=True, height_ratios=(3, 2))
        x = [datetime.strptime(p, "%Y-%m-%d") for p in series.periods]
        width = BAR_DAYS[series.period]
        middle = [when + timedelta(days=width / 2) for when in x]  # a point sits over its period's bar
        for (label, values), colour in zip(series.lines.items(), ("#1b9e77", "#7570b3")):
            points = [(when, v) for when, v in zip(middle, values) if v is not None]
            if points:
                top.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colour, label=label)
        top.axhline(0, color="#888", linewidth=0.8)
        top.set_ylim(-10.5, 10.5)
        top.set_ylabel("Goldstein mean")
        top.set_title(f"{series.title}: cooperation (+) and conflict (−)")
        top.legend(loc="lower left", fontsize=8, frameon=False)
        base = [0] * len(x)
        for column, label, colour in QUADS:
            counts = series.quads[column]
            bottom.bar(x, counts, bottom=base, color=colour, label=label, width=width, align="edge")
            base = [b + c for b, c in zip(base, counts)]
        bottom.set_ylim(0, max(base) * 1.7 + 0.5)  # room for the legend above the bars
        bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.set_ylabel("events")
        bottom.legend(loc="upper left", fontsize=7, frameon=False, ncol=4)
        fig.autofmt_xdate()
        fig.tight_layout()
        if series.undated:  # in the bottom margin autofmt_xdate leaves, under the dates
            fig.text(0.99, 0.005, undated_note(series.undated), ha="right", va="bottom", fontsize=7, color="#555")
        out = BytesIO()
        metadata = {"Date": None, "Creator": "Parley"} if fmt == "svg" else {"Software": "Parley"}
        fig.savefig(out, format=fmt, dpi=110, metadata=metadata)
        plt.close(fig)
    return out.getvalue()


def undated_note(undated: int) -> str:
    """What a chart says of the events it cannot place in time."""
    return f"{undated} undated event{'' if undated == 1 else 's'} not shown"


def _html(series: Series) -> str:
    rows = StringIO()
    for i, period in enumerate(series.periods):
        cells = [period] + [("" if v[i] is None else f"{v[i]:+.2f}") for v in series.lines.values()]
        cells += [str(series.quads[c][i]) for c, _, _ in QUADS]
        rows.write("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>\n")
    head = ["period", *series.lines, *(label for _, label, _ in QUADS)]
    chart = inline_svg(series)
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(series.title)}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}svg{max-width:100%;height:auto}"
            "td,th{padding:.2em .6em;text-align:right}</style></head><body>\n"
            f"<h1>{escape(series.title)}</h1>\n<figure>{chart}</figure>\n"
            + (f"<p>{escape(undated_note(series.undated))}</p>\n" if series.undated else "") + "<table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in head) + f"</tr></thead><tbody>\n{rows.getvalue()}</tbody></table>\n"
            "</body></html>\n")
