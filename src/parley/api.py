"""API: Parley's event database over HTTP (FastAPI), read-only, the engine of the CLI.

`create_app(db_path)` builds the application; `parley serve` runs it with uvicorn on
loopback. Every endpoint reads through `report`, `digest` and `plot` (the functions the
CLI commands use), every filter is validated (a bad one is a 422 naming the parameter),
all SQL takes parameters, and the store is opened read-only, so nothing here can write.
The dashboard (`web/`) is served by the same application.
"""
# No `from __future__ import annotations` here: FastAPI reads the parameter annotations at run time.
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from . import report
from .digest import country_names
from .digest import digest as make_digest
from .errors import ParleyError, StoreError
from .events import PLOVER_TYPES
from .plot import dyad_series
from .store import SCHEMA_VERSION, Store

CODE = r"^[A-Za-z]{2,6}$"  # an ISO-3 country or an IGO code
MAX_LIMIT = 500
Code = Annotated[str | None, Query(pattern=CODE, description="ISO-3 country or IGO code, e.g. BLR, EU")]
RequiredCode = Annotated[str, Query(pattern=CODE, description="ISO-3 country or IGO code, e.g. BLR, EU")]
Since = Annotated[date | None, Query(description="On or after this day (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="On or before this day (YYYY-MM-DD)")]
Period = Literal["week", "month", "year"]


def create_app(db_path: str) -> Any:
    """The FastAPI application over the DuckDB file at `db_path` (opened read-only)."""
    store = Store(db_path, read_only=True, hold=True)  # one connection, a cursor per request
    app = FastAPI(title="Parley", version=_version(),
                  description="Political events coded from multilingual news (PLOVER, CAMEO), read-only.")

    def run(query, *args, **kwargs):
        try:
            return query(store, *args, **kwargs)
        except StoreError as err:
            raise HTTPException(503, str(err)) from None
        except ParleyError as err:
            raise HTTPException(422, str(err)) from None

    def check_type(event_type: str | None) -> str | None:
        if event_type and event_type.upper() not in PLOVER_TYPES:
            raise HTTPException(422, f"unknown event type '{event_type}' (one of {', '.join(sorted(PLOVER_TYPES))})")
        return event_type.upper() if event_type else None

    def check_period(since: date | None, until: date | None) -> None:
        if since and until and since > until:
            raise HTTPException(422, f"since ({since}) is after until ({until})")

    @app.get("/api/health", summary="Is the server up, and which database does it read")
    def health() -> dict[str, Any]:
        run(lambda s: s.query("SELECT 1"))
        return {"status": "ok", "db": db_path, "schema_version": SCHEMA_VERSION, "version": _version()}

    @app.get("/api/stats", summary="Corpus size, languages, events by type, top dyads")
    def stats() -> dict[str, Any]:
        s = run(report.summary)
        extra = run(report.store_figures)
        return {"articles": s.articles, "sentences": s.sentences, "events": s.events,
                "counted_events": s.counted_events, "languages": dict(s.languages), "event_types": dict(s.event_types),
                "top_dyads": [{"source": a, "target": b, "events": n} for a, b, n in s.top_dyads],
                "plover_types": sorted(PLOVER_TYPES), **extra}

    @app.get("/api/events", summary="Distinct events with their mentions and evidence, filtered and paged")
    def events(country: Code = None, partner: Code = None, source: Code = None, target: Code = None,
               type: Annotated[str | None, Query(description="PLOVER type, e.g. CONSULT")] = None,
               mode: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z-]+$")] = None,
               since: Since = None, until: Until = None,
               q: Annotated[str | None, Query(max_length=200, description="Text in an evidence sentence")] = None,
               min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
               factuality: Literal["asserted", "reported", "planned", "hypothetical", "alleged", "negated"] | None = None,
               limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
               cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")] = None,
               sort: Literal["date", "-date", "mentions", "-mentions"] = "-date") -> dict[str, Any]:
        check_period(since, until)
        filters = report.EventFilters(country=country, partner=partner, source=source, target=target, event_type=check_type(type),
                                      mode=mode, since=since, until=until, text=q, min_confidence=min_confidence,
                                      factuality=factuality)
        return run(report.event_page, filters, limit=limit, cursor=cursor, sort=sort)

    @app.get("/api/dyads", summary="Per period and ordered dyad: events by type, Goldstein, quad classes")
    def dyads(country: Code = None, since: Since = None, until: Until = None,
              by: Period = "month") -> dict[str, Any]:
        check_period(since, until)
        columns, rows = run(report.dyad_rows, country=country, period=by, since=since, until=until)
        return {"dyads": [dict(zip(columns, row)) for row in rows]}

    @app.get("/api/types", summary="Distinct events per period and PLOVER type")
    def types(country: Code = None, since: Since = None, until: Until = None,
              by: Period = "month") -> dict[str, Any]:
        check_period(since, until)
        return {"period": by, "types": run(report.type_rows, country=country, period=by, since=since, until=until)}

    @app.get("/api/countries", summary="Every country or IGO in the events, with its name and distinct events")
    def countries(lang: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en") -> dict[str, Any]:
        names = country_names(lang)
        return {"countries": [{**row, "name": names.get(row["code"], row["code"])}
                              for row in run(report.country_rows)]}

    @app.get("/api/series", summary="A dyad's (or a country's) cooperation–conflict series, as the charts draw it")
    def series(country: RequiredCode, partner: Code = None, since: Since = None,
               until: Until = None, by: Period = "month") -> dict[str, Any]:
        check_period(since, until)
        s = run(dyad_series, country, partner, period=by, since=since, until=until)
        return {"title": s.title, "period": s.period, "periods": s.periods, "lines": s.lines, "quads": s.quads}

    @app.get("/api/partners", summary="A country's partners with event counts and Goldstein mean (for the map)")
    def partners(country: RequiredCode, since: Since = None,
                 until: Until = None) -> dict[str, Any]:
        check_period(since, until)
        return {"country": country.upper(), "partners": run(report.partner_rows, country, since=since, until=until)}

    @app.get("/api/timeline", summary="A country's distinct events in date order, with evidence and sources")
    def timeline(country: RequiredCode, with_: Annotated[str | None, Query(
                 alias="with", pattern=CODE)] = None, since: Since = None, until: Until = None,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
        check_period(since, until)
        columns, rows = run(report.timeline_rows, country=country, partner=with_, since=since, until=until,
                            limit=limit)
        return {"events": [dict(zip(columns, row)) for row in rows]}

    @app.get("/api/digest", summary="The digest of a country's relations (HTML or Markdown)",
             response_class=HTMLResponse)
    def digest(country: RequiredCode, since: Since = None, until: Until = None,
               format: Literal["html", "md"] = "html",
               lang: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en"):
        check_period(since, until)
        text = run(make_digest, country, since=since, until=until, fmt=format, lang=lang)
        return HTMLResponse(text) if format == "html" else PlainTextResponse(text, media_type="text/markdown")

    @app.get("/api/groups", summary="Groups of near-duplicate articles")
    def groups(article: Annotated[str | None, Query(max_length=400)] = None) -> dict[str, Any]:
        columns, rows = run(report.group_rows, article=article)
        return {"groups": [dict(zip(columns, row)) for row in rows]}

    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/ui/")

    static = resources.files("parley") / "web"
    app.mount("/ui", StaticFiles(directory=str(static), html=True), name="ui")
    return app


def app_from_environment() -> Any:
    """The application over the database named by `PARLEY_DB` (how `parley serve` starts workers)."""
    import os

    path = os.environ.get("PARLEY_DB")
    if not path:
        raise ParleyError("PARLEY_DB is not set: start the server with `parley serve --db FILE`")
    return create_app(path)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parley")
    except PackageNotFoundError:
        return "unknown"
