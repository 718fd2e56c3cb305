"""The `parley` command line: a thin layer over the library.

Each command parses options, calls one library function and prints. Errors Parley
raises on purpose become one line on stderr; input problems are reported per file
and the run goes on. Exit codes, one meaning each: 0 all good, 1 error (the line says
which), 2 bad command line, 3 some inputs were skipped (the rest was done), 130 interrupted.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from datetime import date

import click

from .errors import InputError, ParleyError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
EXIT_SKIPPED = 3


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD", param_hint=name) from None


class BadValue(click.ClickException):
    """A value on the command line that Parley cannot use: one line, exit 2 (a bad command line)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"parley: error: {self.format_message()}", err=True)


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A country or organisation option or argument: a code, or a name in any language the
    actor tables know ("Belarus", "Bielorrusia", "Беларусь"), resolved to its code."""
    if value is None:
        return None
    from .countries import resolve_country
    from .errors import UnknownCountry

    try:
        return resolve_country(value)
    except UnknownCountry as err:
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        raise BadValue(f"{name}: {err}") from None


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="parley")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def cli(verbose: bool) -> None:
    """Parley: multilingual news in, political events (PLOVER/CAMEO) out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_path", help="DuckDB file to store articles and events in (created if missing).")
@click.option("--output", "-o", help="File to write events to ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]),
              help="Output format (default: from the --output suffix, else jsonl).")
@click.option("--all-events", is_flag=True, help="Also write planned, hypothetical, alleged, negated and background events.")
@click.option("--jobs", "-j", type=int, help="Worker processes (default from settings; 0 = one per core).")
@click.option("--config", type=click.Path(dir_okay=False), help="A settings TOML file overriding the defaults.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--published", "published", metavar="YYYY-MM-DD",
              help="Publication date of every article whose input states none (source 'given').")
@click.option("--dates", "dates_csv", type=click.Path(dir_okay=False),
              help="CSV file 'path,published': each listed file's publication date (beats dates in the text).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where to code: this machine, or a Ray cluster (RAY_ADDRESS, else a local one); "
                   "with ray, --jobs is the number of workers (default: one per CPU of the cluster).")
@click.option("--parquet", "parquet_dir", metavar="DIR",
              help="Write a Parquet dataset (articles, mentions, events by day) instead of a store; "
                   "`parley load DIR --db FILE` stores it.")
def extract(paths, db_path, output, fmt, all_events, jobs, config, quiet, published, dates_csv, engine,
            parquet_dir) -> None:
    """Code articles in PATHS (files, folders, or '-' for JSONL on stdin) into events.

    \b
    Examples:
      parley extract examples/corpus --db parley.duckdb
      parley extract news/ --output events.jsonl
      cat articles.jsonl | parley extract - --output events.csv
      RAY_ADDRESS=head:6379 parley extract /shared/news --db news.duckdb --engine ray
      parley extract /shared/news --parquet news.parquet/ --engine ray
    """
    from .extraction import run_extraction
    from .pubdate import read_date_sidecar
    from .settings import load_settings
    from .dataset import ParquetDataset
    from .store import Store
    from .writers import EventWriter, guess_format

    if parquet_dir and (db_path or output):
        raise click.UsageError("--parquet writes a dataset by itself: store it later with `parley load DIR --db FILE`")
    if not db_path and not output and not parquet_dir:
        raise click.UsageError("give --db FILE, --output FILE (or both), or --parquet DIR")
    _require_existing(paths)
    coder = _engine(engine, jobs)
    settings = load_settings(config)
    if published:
        settings["pipeline"]["published"] = _date_option(published, "--published").isoformat()
    given_dates = read_date_sidecar(dates_csv) if dates_csv else None  # a bad file stops the run before it starts
    store = Store(db_path, memory_limit=settings["store"]["memory_limit"]) if db_path else None
    writer = EventWriter(output, guess_format(output, fmt)) if output else None
    dataset = ParquetDataset.create(parquet_dir) if parquet_dir else None
    counted_only = settings["output"]["counted_only"] and not all_events
    with _progress(quiet) as advance, (writer or _Null()):
        totals = run_extraction(paths, settings=settings, store=store, writer=writer, jobs=jobs,
                                counted_only=counted_only, on_error=_report_problem, progress=advance,
                                given_dates=given_dates, engine=coder, dataset=dataset)
    if not quiet:
        n_problems = len(totals.problems)
        click.echo(f"coded {_plural(totals.articles, 'article')}, {_plural(totals.events, 'event')}"
                   + (f"; {_plural(totals.stored, 'article')} stored in {db_path}" if store else "")
                   + (f"; written to the dataset {parquet_dir}" if dataset else "")
                   + (f" ({_plural(totals.merged, 'distinct event')}, "
                      f"{_plural(totals.groups, 'group')} of near-duplicate articles)"
                      if totals.merged is not None else "")
                   + (f"; wrote {_plural(totals.written_events, 'event')} to {output}" if writer else "")
                   + (f"; {_plural(n_problems, 'input problem')} (see above)" if n_problems else ""), err=True)
    if totals.problems:
        sys.exit(EXIT_SKIPPED)


def _engine(name: str, jobs: int | None):
    """The engine `--engine` names; Ray is imported here, so that its absence is one line."""
    if name == "ray":
        from .ray_engine import RayEngine

        return RayEngine(jobs)
    from .extraction import LocalEngine

    return LocalEngine(jobs)


def _require_existing(paths: tuple[str, ...]) -> None:
    """Refuse a run none of whose paths exists, before a store or output file is created.
    (When some exist, the missing ones are reported as skipped inputs and the rest is coded.)"""
    import os

    if not any(path == "-" or os.path.lexists(path) for path in paths):
        from .ingest import display_path

        missing = ", ".join(f"'{display_path(p)}'" for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
        raise click.BadParameter(f"no such file or folder: {missing}", param_hint="PATHS")


def _plural(count: int | None, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _report_problem(err: InputError) -> None:
    """One line on stderr per input problem: what was skipped, or what to know about what was coded."""
    click.echo(f"parley: {err.severity}: {err}", err=True)


def _skip_reporter(problems: list[InputError]):
    """The `on_error` of `read_articles`: one line on stderr per input problem, kept for the exit code."""

    def report(err: InputError) -> None:
        problems.append(err)
        _report_problem(err)

    return report


def _write_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """Query rows on stdout as JSON lines (one object per row) or CSV with a header (tables:
    `terminal.table`)."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False))
        return
    import csv

    out = csv.writer(sys.stdout)
    out.writerow(columns)
    out.writerows(rows)


def _print(renderable) -> None:
    """A rich table (see `terminal.py`) on stdout, at the console's width."""
    from rich.console import Console

    Console().print(renderable)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


class _progress:
    """A rich progress counter on stderr (articles and rate); a no-op when quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __enter__(self):
        if self.quiet:
            return lambda n: None
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        rate = TextColumn("{task.fields[rate]}")  # articles/s over the whole run, on every worker
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.completed} articles coded"), rate,
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.progress.start()
        task = self.progress.add_task("coding", total=None, rate="")
        started = time.monotonic()

        def advance(n: int) -> None:
            self.progress.advance(task, n)
            done = self.progress.tasks[0].completed
            self.progress.update(task, rate=f"{done / max(time.monotonic() - started, 1e-3):.0f} articles/s")

        return advance

    def __exit__(self, *exc):
        if not self.quiet:
            self.progress.stop()


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
def dedupe(db_path) -> None:
    """Group near-duplicate articles and merge the stored event mentions into distinct
    events (done after every extract).

    Articles that are copies of one story (syndication, re-posts, machine translations)
    form a group that counts once. Mentions of the same type, actors, mode and day (within
    three days when one is dated only by its article) become one event with its mentions,
    articles and sources counted.

    \b
    Example:
      parley dedupe --db parley.duckdb
    """
    from .dedupe import dedupe_store
    from .store import Store

    groups, merged = dedupe_store(Store(db_path))
    click.echo(f"{_plural(merged, 'distinct event')}, {_plural(groups, 'group')} of near-duplicate articles "
               f"in {db_path}")


@cli.command()
@click.argument("dataset_dir", metavar="DIR")
@click.option("--db", "db_path", required=True, help="DuckDB file to store the dataset in (created if missing).")
@click.option("--config", type=click.Path(dir_okay=False), help="A settings TOML file overriding the defaults.")
def load(dataset_dir, db_path, config) -> None:
    """Store a Parquet dataset written by `parley extract --parquet DIR`, then dedupe.

    The latest record of each article is stored (as `extract --db` would have stored it:
    an unchanged article adds nothing), and every command can then read the store.

    \b
    Example:
      parley load news.parquet/ --db news.duckdb
    """
    from .dataset import load_dataset
    from .dedupe import dedupe_store
    from .settings import load_settings
    from .store import Store

    settings = load_settings(config)
    if not Path(dataset_dir).is_dir():
        raise click.BadParameter(f"no such folder: '{dataset_dir}'", param_hint="DIR")
    store = Store(db_path, memory_limit=settings["store"]["memory_limit"])
    stored, unchanged = load_dataset(dataset_dir, store)
    groups = merged = None
    if stored or store.dedupe_pending():
        groups, merged = dedupe_store(store)
    click.echo(f"stored {_plural(stored, 'article')} from {dataset_dir} in {db_path} ({unchanged} unchanged)"
               + (f"; {_plural(merged, 'distinct event')}, {_plural(groups, 'group')} of near-duplicate articles"
                  if merged is not None else ""), err=True)


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract`.")
@click.option("--format", "fmt", type=click.Choice(["gdelt", "plover", "csv", "parquet"]), required=True,
              help="gdelt: the GDELT 2.0 event table (tab-separated, 61 columns); plover: PLOVER/POLECAT-style "
                   "JSON lines with mentions; csv or parquet: one row per event (parquet with its mentions).")
@click.option("--output", "-o", required=True, help="The file to write.")
def export(db_path, fmt, output) -> None:
    """Export the distinct events (one row per merged event, with its counts).

    \b
    Example:
      parley export --db parley.duckdb --format gdelt --output events.gdelt.tsv
    """
    from .export import export_events
    from .store import Store

    count = export_events(Store(db_path, read_only=True), fmt, output)
    click.echo(f"wrote {_plural(count, 'event')} to {output}", err=True)


@cli.command()
@click.option("--db", "db_path", required=True, help="The DuckDB file written by `parley extract` (read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; loopback unless you mean to share it (e.g. 0.0.0.0).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Server processes.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable); loopback names and the --host "
                   "address are always answered, other names refused.")
def serve(db_path, host, port, workers, allow_hosts) -> None:
    """Serve the HTTP API and the web dashboard over a database, read-only.

    The dashboard is at http://HOST:PORT/ui/, the API under /api/ (documented at /docs,
    spec at /openapi.json). Nothing the server does writes to the database, and
    `parley extract` can write to it while it is served.

    \b
    Example:
      parley serve --db parley.duckdb
    """
    from .api import is_loopback, listen, serve as run_server, served_hosts
    from .store import Store

    Store(db_path, read_only=True)  # a missing or damaged store is one clear line, before the server starts
    sock = listen(host, port)
    port = sock.getsockname()[1]
    hosts, any_ip = served_hosts(host, allow_hosts)
    if not is_loopback(host):
        click.echo(f"parley: warning: listening on {host}:{port}, beyond this machine: the API has no "
                   "authentication, so anyone who can reach this port can read the whole database", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Parley is serving {db_path} at http://{shown}:{port}/ui/ (API docs: /docs; Ctrl+C stops)", err=True)
    run_server(str(Path(db_path).resolve()), sock, workers, hosts, any_ip)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True))
@click.argument("paths", nargs=-1)
@click.option("--show-errors", is_flag=True, help="List every miss and false alarm.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (headline on stderr).")
@click.option("--config", type=click.Path(dir_okay=False), help="A TOML file overriding settings.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: settings).")
def evaluate(gold, paths, show_errors, as_json, config, jobs) -> None:
    """Code PATHS and score the events against the gold annotations in GOLD.

    GOLD is a folder of gold JSON files (one per document, PATHS are the documents), or a
    sentence table (`.tsv`: id, type, text, events) holding texts and expected events
    together, as the blind test tables in tests/data/blind/ do; then PATHS are not needed
    and the share of sentences coded exactly right is printed per type and language.
    Prints the figures of the shared scorer (per type, per language, the event F1
    headline) and a confusion table of gold types against predicted types.

    \b
    Examples:
      parley eval gold/ corpus/ --show-errors
      parley eval tests/data/blind/es.tsv
    """
    from .evaluate import (format_confusion, format_pass_rates, format_table, load_gold, load_sentence_table,
                           pass_rates, predicted_triples, prf, score, table_gold)
    from .ingest import read_articles
    from .pipeline import code_articles
    from .records import Article
    from .settings import load_settings
    from .terminal import width

    table = load_sentence_table(gold) if Path(gold).is_file() else None
    if table is None and not paths:
        raise click.UsageError("give the documents to code after the gold folder (or a .tsv sentence table)")
    settings = load_settings(config)
    problems: list[InputError] = []
    report = _skip_reporter(problems)
    if table is not None:
        gold_docs = table_gold(table)
        articles = iter([Article(id=row.id, text=row.text, lang=row.lang) for row in table])
    else:
        gold_docs = load_gold(gold)
        articles = read_articles(paths, report)
    counted_only = settings["output"]["counted_only"]
    events = (e for batch in code_articles(articles, settings, jobs)
              for a in batch for e in a.events if e.counted or not counted_only)
    pred = predicted_triples(events)
    scores = score(gold_docs, pred)
    rates = pass_rates(table, pred) if table is not None else None
    if show_errors:
        click.echo("\n".join(scores.errors))
    if as_json:
        p, r, f = prf(scores.total["tp"], scores.total["fp"], scores.total["fn"])
        click.echo(json.dumps({"precision": p, "recall": r, "f1": f, **scores.total, "docs": scores.docs,
                               "by_type": {t: dict(c) for t, c in scores.by_type.items()},
                               "by_lang": {l: dict(c) for l, c in scores.by_lang.items()},
                               "confusion": {t: dict(c) for t, c in scores.confusion.items()},
                               **({"sentences_right": {f"{lang}/{t}": list(v) for (lang, t), v in rates.items()}}
                                  if rates is not None else {})}, indent=1))
        click.echo(scores.headline(), err=True)
    else:
        click.echo(format_table(scores).rsplit("\n", 1)[0])
        click.echo()
        click.echo(format_confusion(scores, width()))
        click.echo()
        if rates is not None:
            click.echo(format_pass_rates(rates))
            click.echo()
        click.echo(scores.headline())
    if problems:
        sys.exit(EXIT_SKIPPED)


@cli.group()
def actors() -> None:
    """Inspect the actor dictionaries."""


@actors.command("lookup")
@click.argument("text")
@click.option("--lang", default="en", show_default=True, help="Language of TEXT (en, es, ru, ...).")
@click.option("--date", "when", help="Resolve roles as of this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of the actors found.")
def actors_lookup(text: str, lang: str, when: str | None, as_json: bool) -> None:
    """Show how TEXT resolves to actors, and why.

    \b
    Example:
      parley actors lookup "el canciller bielorruso" --lang es --date 2014-06-20
    """
    from .actors import ActorLexicon, find_mentions

    mentions = find_mentions(text, lang, ActorLexicon(), _date_option(when, "--date"))
    if as_json:
        click.echo(json.dumps([m.actor.to_dict() | {"kind": m.kind} for m in mentions], ensure_ascii=False))
        return
    if not mentions:
        click.echo("no actor found")
    for m in mentions:
        a = m.actor
        click.echo(f"{m.text!r} [{m.start}:{m.end}] -> country={a.country} sector={a.sector} "
                   f"name={a.name} id={a.id} (matched as {m.kind})")


from . import cli_reports  # noqa: E402,F401  (registers stats, events, groups, dyads, timeline, plot, digest)
from . import cli_explain  # noqa: E402,F401  (registers explain)


def main() -> None:
    """Entry point: run the CLI, turning Parley's errors into one line on stderr."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("parley: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except ParleyError as err:
        click.echo(f"parley: error: {err}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)

