"""The CLI's reading commands: what a store holds, printed (stats, events, groups, dyads,
timeline, plot, digest).

Registered on the `parley` group of `cli.py`, which imports this module; each command parses
its options, calls one library function (`report.py`, `plot.py`) and prints, through
`terminal.py` for tables that fit the console.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from .actors import SECTORS as SECTOR_CODES
from .cli import BadValue, _country, _date_option, _plural, _print, _write_rows, cli

# Who acted, not only which country: the options of every command that filters on a country.
sector_option = click.option(
    "--sector", type=click.Choice(SECTOR_CODES, case_sensitive=False),
    help="Who acted or was acted on: the sector on the --country side (either side without one), "
         "e.g. OPP for the opposition, GOV for the government.")
actor_option = click.option("--actor", help="A person or body: its id or part of its name (Tsikhanouskaya).")
with_sector_option = click.option(
    "--with-sector", "partner_sector", type=click.Choice(SECTOR_CODES, case_sensitive=False),
    help="The sector on the --with side (on the other side of --country without --with); with --sector, "
         "the dyad of two actors: --country BLR --sector GOV --with BLR --with-sector OPP.")


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db_path: str, as_json: bool) -> None:
    """Summarise a database: articles, languages, events by type, top dyads."""
    from .report import summary
    from .store import Store
    from .terminal import wrapped_items, wrapped_text

    s = summary(Store(db_path, read_only=True))
    if as_json:
        click.echo(json.dumps({"articles": s.articles, "sentences": s.sentences, "events": s.events,
                               "counted_events": s.counted_events, "distinct_events": s.distinct_events,
                               "undated_events": s.undated_events, "article_groups": s.article_groups,
                               "languages": dict(s.languages), "event_types": dict(s.event_types),
                               "top_dyads": [{"source": a, "target": b, "events": n} for a, b, n in s.top_dyads]}))
        return
    click.echo(f"{_plural(s.articles, 'article')}, {_plural(s.sentences, 'sentence')}, "
               f"{_plural(s.article_groups, 'group')} of near-duplicate articles")
    click.echo(wrapped_text(f"{_plural(s.distinct_events, 'distinct event')} ({s.undated_events} undated) from "
                            f"{_plural(s.counted_events, 'mention')}; {s.events - s.counted_events} more "
                            "mentions planned, hypothetical, alleged, negated or background", first="events:      ",
                            indent=" " * 13))
    click.echo(wrapped_items("languages:   ", [f"{lang} {n}" for lang, n in s.languages]))
    click.echo(wrapped_items("event types: ", [f"{t} {n}" for t, n in s.event_types]))
    click.echo(wrapped_items("top dyads:   ", [f"{a}->{b} {n}" for a, b, n in s.top_dyads]))


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--country", callback=_country,
              help="Events with this country or organisation (code or name: BLR, Belarus, Беларусь) as source or target.")
@click.option("--type", "event_type", help="A PLOVER event type, e.g. CONSULT.")
@sector_option
@actor_option
@click.option("--since", help="Events on or after this date (YYYY-MM-DD; event date, else article date).")
@click.option("--until", help="Events on or before this date.")
@click.option("--all", "include_all", is_flag=True, help="Include planned, hypothetical, alleged, negated and background events.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def events(db_path, country, event_type, sector, actor, since, until, include_all, limit, fmt) -> None:
    """List stored events, filtered.

    \b
    Examples:
      parley events --db parley.duckdb --country BLR --type CONSULT --since 2025-01-01
      parley events --db parley.duckdb --country Belarus --sector OPP   # the opposition's, not the state's
    """
    from .report import DISPLAY_COLUMNS, event_record, select_events, undated_mentions
    from .store import Store

    store = Store(db_path, read_only=True)
    columns, rows = select_events(store, country=country, event_type=event_type,
                                  since=_date_option(since, "--since"), until=_date_option(until, "--until"),
                                  include_uncounted=include_all, limit=limit, sector=sector, actor=actor)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(event_record(row), ensure_ascii=False))
    elif fmt == "csv":
        _write_rows(columns[:DISPLAY_COLUMNS], [row[:DISPLAY_COLUMNS] for row in rows], "csv")
    else:
        from .terminal import CODE, CODES, ID, TEXT, table

        columns = [("date", CODE), ("event", CODES), ("dyad", CODE)] + ([("factuality", CODE)] if include_all else [])
        _print(table(columns + [("trigger", TEXT), ("doc", ID)], [
            [row[1] or "undated", f"{row[2]} {row[3]}" if row[3] else row[2], f"{row[4] or '-'}->{row[5] or '-'}",
             *([row[6]] if include_all else []), row[8], row[0]] for row in rows]))
    undated = undated_mentions(store, country=country, event_type=event_type, include_uncounted=include_all,
                               sector=sector, actor=actor)
    click.echo(_plural(len(rows), "event") + (_undated_note(undated, bool(since or until)) if undated else ""),
               err=True)


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--article", help="Only the group of this article id.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def groups(db_path, article, fmt) -> None:
    """List the groups of near-duplicate articles: syndicated copies, re-posts, translations.

    A group counts once in the events' article and mention counts. `similarity` is the
    member's best estimated Jaccard similarity with another member.

    \b
    Example:
      parley groups --db parley.duckdb
    """
    from .report import group_rows
    from .store import Store
    from .terminal import CODE, ID, NUMBER, TEXT, table

    columns, rows = group_rows(Store(db_path, read_only=True), article=article)
    if fmt == "table":
        kinds = {"group": ID, "article": ID, "lang": CODE, "published": CODE, "source": TEXT, "similarity": NUMBER}
        _print(table([(c, kinds.get(c, TEXT)) for c in columns], rows))
    else:
        _write_rows(columns, rows, fmt)
    click.echo(f"{_plural(len({r[0] for r in rows}), 'group')}, {_plural(len(rows), 'article')}", err=True)


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--country", callback=_country,
              help="Only dyads with this country or organisation (code or name, any language) on either side.")
@click.option("--with", "partner", callback=_country,
              help="Only the dyad of --country and this one (the same country for two of its sectors).")
@sector_option
@with_sector_option
@actor_option
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date.")
@click.option("--by", "period", type=click.Choice(["week", "month", "year"]), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def dyads(db_path, country, partner, sector, partner_sector, actor, since, until, period, fmt) -> None:
    """Relations per ordered pair of actors and period: events by type, Goldstein, quad classes.

    Counts distinct (merged) events; an event without a date of its own is placed at its
    article's publication date, and left out when neither is known (how many is said on
    stderr). The table shows the quad classes as q1 verbal cooperation, q2 material
    cooperation, q3 verbal conflict, q4 material conflict (csv and jsonl name them).

    With --sector the --country side is that sector only ("BLR-OPP"); with --with and a
    sector on either side, the rows are the dyad of those two actors, in each direction.

    \b
    Examples:
      parley dyads --db parley.duckdb --country BLR --by month
      parley dyads --db parley.duckdb --country BLR --sector OPP   # the opposition's relations
      parley dyads --db parley.duckdb --country BLR --sector GOV --with BLR --with-sector OPP
    """
    from .filters import EventFilters
    from .report import dyad_rows, undated_events
    from .store import Store

    if partner and not country:
        raise click.UsageError("--with needs --country (the other side of the dyad)")
    store = Store(db_path, read_only=True)
    who = {"sector": sector, "partner_sector": partner_sector, "actor": actor}
    columns, rows = dyad_rows(store, country=country, partner=partner, period=period,
                              since=_date_option(since, "--since"), until=_date_option(until, "--until"), **who)
    if fmt == "table":
        _print(_dyad_table(columns, rows))
    else:
        _write_rows(columns, rows, fmt)
    undated = undated_events(store, EventFilters(country=country, partner=partner, **who), with_source=True)
    click.echo(f"{_plural(sum(r[3] for r in rows), 'event')} in {_plural(len({r[0] for r in rows}), period)}"
               + (_undated_note(undated, True, "(no day to place them in a period)") if undated else ""), err=True)


def _dyad_table(columns: list[str], rows: list[tuple]):
    """`dyad_rows` at 80 columns: the pair in one column, the quad classes as q1-q4."""
    from .terminal import CODE, CODES, NUMBER, table

    r = [dict(zip(columns, row)) for row in rows]
    return table([("period", CODE), ("dyad", CODE), ("events", NUMBER), ("mentions", NUMBER),
                  ("Goldstein\nmean", NUMBER), ("Goldstein\nsum", NUMBER), ("q1", NUMBER), ("q2", NUMBER),
                  ("q3", NUMBER), ("q4", NUMBER), ("types", CODES)],
                 [(x["period"], _dyad_label(x["source"], x["target"]), x["events"], x["mentions"], x["goldstein_mean"],
                   x["goldstein_sum"], x["verbal_coop"], x["material_coop"], x["verbal_conflict"],
                   x["material_conflict"], x["types"].replace(",", ", ")) for x in r])


def _dyad_label(source: str, target: str) -> str:
    """"BLR->USA"; a dyad of sectors on two lines ("BLR-OPP->" over "BLR-GOV"), so that the
    table still fits 80 columns without cutting a code."""
    label = f"{source}->{target}"
    return label if len(label) <= DYAD_ONE_LINE else f"{source}->\n{target}"


DYAD_ONE_LINE = 12  # "BLR-OPP->USA"; longer dyads take two lines


@cli.group()
def plot() -> None:
    """Charts of relations over time (PNG, SVG or a self-contained HTML page)."""


def _plot_options(command):
    for option in reversed([
        click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`."),
        click.option("--output", "-o", required=True, help="The chart file: .png, .svg or .html."),
        click.option("--by", "period", type=click.Choice(["week", "month", "year"]), default="month",
                     show_default=True),
        click.option("--since", help="Events on or after this date (YYYY-MM-DD)."),
        click.option("--until", help="Events on or before this date."),
        click.option("--lang", default="en", show_default=True,
                     help="Language of the chart's words (en, es, ru): titles, axes, notes.")]):
        command = option(command)
    return command


@plot.command("dyad")
@click.argument("country", callback=_country)
@click.argument("partner", callback=_country)
@_plot_options
def plot_dyad(country, partner, db_path, output, period, since, until, lang) -> None:
    """The cooperation–conflict line of COUNTRY and PARTNER over time, with event counts.

    The top panel is the Goldstein mean per period for each direction (+10 most
    cooperative, -10 most conflictual), broken where a period has no event; the bottom one
    counts distinct events by PLOVER type, each type in its colour of ontology/plover.tsv.

    \b
    Example:
      parley plot dyad USA BLR --db parley.duckdb --output usa-blr.png
    """
    _plot(db_path, output, country, partner, period, since, until, lang)


@plot.command("country")
@click.argument("country", callback=_country)
@_plot_options
def plot_country(country, db_path, output, period, since, until, lang) -> None:
    """The cooperation–conflict line of COUNTRY with all its partners over time.

    \b
    Example:
      parley plot country BLR --db parley.duckdb --output blr.svg --by week
    """
    _plot(db_path, output, country, None, period, since, until, lang)


def _plot(db_path, output, country, partner, period, since, until, lang) -> None:
    from .plot import dyad_series, write_chart
    from .store import Store

    series = dyad_series(Store(db_path, read_only=True), country, partner, period=period,
                         since=_date_option(since, "--since"), until=_date_option(until, "--until"))
    path = write_chart(series, output, lang)
    click.echo(f"wrote {path}: {_plural(series.events, 'event')} in {_plural(len(series.periods), 'period')}"
               + (_undated_note(series.undated, True, "(noted on the chart)") if series.undated else ""), err=True)


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--country", required=True, callback=_country,
              help="The country or organisation whose events to list (code or name, any language).")
@click.option("--with", "partner", callback=_country, help="Only events between --country and this one.")
@sector_option
@with_sector_option
@actor_option
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def timeline(db_path, country, partner, sector, partner_sector, actor, since, until, limit, fmt) -> None:
    """A dated list of a country's distinct events, with evidence and sources.

    Each event is listed once (see `parley dedupe`), dated by its text or else by its
    first article, with its best evidence sentence and the outlets that reported it.

    \b
    Example:
      parley timeline --db parley.duckdb --country BLR --with USA
      parley timeline --db parley.duckdb --country BLR --sector OPP --actor Tsikhanouskaya
    """
    from .filters import EventFilters
    from .report import timeline_rows, undated_events
    from .store import Store
    from .terminal import wrapped_text

    store = Store(db_path, read_only=True)
    who = {"sector": sector, "partner_sector": partner_sector, "actor": actor}
    columns, rows = timeline_rows(store, country=country, partner=partner,
                                  since=_date_option(since, "--since"), until=_date_option(until, "--until"),
                                  limit=limit, **who)
    if fmt in ("jsonl", "csv"):
        _write_rows(columns, rows, fmt)
    else:
        for day, etype, mode, source, target, mentions, n_sources, langs, sources, evidence in rows:
            click.echo(wrapped_text(f"{day or 'undated'}  {etype}{'/' + mode if mode else ''} {source}->{target}  "
                                    f"[{_plural(mentions, 'mention')}, {_plural(n_sources, 'source')}: {sources}; "
                                    f"{langs}]", first="", indent=" " * 12))
            click.echo(wrapped_text(evidence or "", indent="    "))
    undated = undated_events(store, EventFilters(country=country, partner=partner, **who))
    click.echo(_plural(len(rows), "event") + (_undated_note(undated, bool(since or until)) if undated else ""),
               err=True)


def _countries(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """A repeatable country option, each value a country (as `_country` reads it) or a comma
    list of them ("BLR,UKR"); a name with a comma of its own is read whole first."""
    codes: list[str] = []
    for value in values:
        try:
            codes.append(_country(ctx, param, value))
        except BadValue:
            if "," not in value:
                raise
            codes += [_country(ctx, param, part.strip()) for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(codes))


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--country", required=True, multiple=True, callback=_countries,
              help="The country or organisation the digest is about (code or name, any language); "
                   "several (repeated, or a comma list: BLR,UKR) make one digest of a region.")
@sector_option
@actor_option
@click.option("--since", help="Events on or after this date (YYYY-MM-DD); compared with the as long period before it.")
@click.option("--until", help="Events on or before this date (default with --since: the store's last day).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", help="Write to this file instead of stdout.")
@click.option("--lang", default="en", show_default=True,
              help="Language of the digest (en, es, ru: any with data/lang/<code>/digest_text.tsv).")
def digest(db_path, country, sector, actor, since, until, fmt, output, lang) -> None:
    """A readable digest of a country's (or a region's) relations: headline numbers, a chart,
    what changed against the previous period of the same length (with --since) and the new
    partners, then partner by partner the events in date order with their evidence.

    HTML inlines the chart (of one country). Markdown written with --output gets its chart
    beside it as NAME-chart.png; Markdown on stdout has none. Evidence links to its article's
    URL, else to its file (a file: URI, made absolute against the current folder).

    \b
    Example:
      parley digest --db parley.duckdb --country BLR --since 2025-01-01 --format html -o blr.html
      parley digest --db parley.duckdb --country BLR --lang ru -o blr-ru.md
      parley digest --db parley.duckdb --country BLR,UKR --since 2025-03-01 --until 2025-03-31
    """
    from .digest import digest as make_digest, digest_series
    from .plot import render
    from .store import Store

    store = Store(db_path, read_only=True)
    since_day, until_day = _date_option(since, "--since"), _date_option(until, "--until")
    chart = None
    series = (digest_series(store, country[0], since=since_day, until=until_day, sector=sector)
              if output and fmt == "md" and len(country) == 1 and not actor else None)
    if series:
        chart_path = Path(output).with_name(Path(output).stem + "-chart.png")
        chart_path.write_bytes(render(series, "png", lang))
        chart = chart_path.name
    text = make_digest(store, country, since=since_day, until=until_day, fmt=fmt, lang=lang, chart=chart,
                       sector=sector, actor=actor)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote the digest to {output}" + (f" and its chart to {chart}" if chart else ""), err=True)
    else:
        click.echo(text, nl=False)


def _undated_note(undated: int, left_out: bool, why: str = "by --since/--until") -> str:
    """What a count line says of the undated events: left out (and why), or listed last."""
    if left_out:
        return f"; {_plural(undated, 'undated event')} left out {why}"
    return f", {undated} undated (listed last)"
