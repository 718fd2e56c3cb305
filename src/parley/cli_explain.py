"""`parley explain`: why a text gave the events it gave (registered on the `parley` group)."""
from __future__ import annotations

import json
import sys

import click

from .cli import _date_option, cli


@cli.command()
@click.argument("text")
@click.option("--lang", help="Language of TEXT (en, es, ru, ...; detected when not given).")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="Publication date, for relative dates (\"on Tuesday\").")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"sentences": [...], "events": [{..., "rules": [...]}]} as JSON.')
def explain(text: str, lang: str | None, when: str | None, as_json: bool) -> None:
    """Show how TEXT is analysed and which rules decided each event.

    For each sentence: its tokens with part of speech and features, where clauses start,
    the actors with the word class that governs them, and the triggers. For each event
    (planned, negated ... included): its trigger and every rule that decided a field
    (type, source, target, factuality, date, location), with what the rule says. The
    rules and their order are in data/grammar/rules.tsv. TEXT '-' reads standard input.

    \b
    Examples:
      parley explain "Three prisoners were released by Belarus to the United States." --lang en
      parley explain "К санкциям присоединились Норвегия и Исландия." --lang ru --json
    """
    from .explain import explain_text, format_explanation
    from .terminal import width

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("TEXT is empty")
    explained = explain_text(text, lang, _date_option(when, "--date"))
    if as_json:
        click.echo(json.dumps(explained, ensure_ascii=False, indent=1))
    else:
        click.echo(format_explanation(explained, width()))
