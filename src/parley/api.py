"""API: Parley's event database over HTTP (FastAPI), read-only, the engine of the CLI.

`create_app(db_path)` builds the application; `parley serve` runs it with uvicorn on
loopback (`serve`). Every endpoint reads through `report`, `digest` and `plot` (the
functions the CLI commands use), every filter is validated (a bad one is a 422 naming the
parameter; a country is a code or a name, read by the CLI's `countries.resolve_country`, and
an unknown name is a 400 naming it with a suggestion), all SQL takes parameters, and the
store is opened read-only, so nothing here can write. `/api/events.csv` and `.jsonl` stream
the events of `/api/events`' filters, read a page at a time. The dashboard (`web/`) and the API docs (`/docs`, Swagger UI shipped in
`web/vendor/`) are served by the same application.

Served safely: a request whose Host header names neither a loopback name, the address
served nor a name allowed with `--allow-host` is refused (DNS rebinding); every response
carries a Content-Security-Policy with no inline script and no foreign origin, frame and
MIME-sniffing protection; error messages name files without their folders; and the store
is shared with writers (`store.SharedConnection`): `parley extract` into it while it is
served works, and the next request sees what was written.
"""
# No `from __future__ import annotations` here: FastAPI reads the parameter annotations at run time.
import errno
import ipaddress
import re
import socket
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse,
                               StreamingResponse)
from fastapi.staticfiles import StaticFiles

from . import report
from .actors import SECTORS
from .datafiles import data_root
from .digest import DIGEST_CSP, country_names
from .digest import digest as make_digest
from .countries import resolve_country
from .errors import ParleyError, StoreError, UnknownCountry
from .events import PLOVER_TYPES
from .export import event_csv, event_jsonl
from .ontology import load_ontology
from .plot import dyad_series
from .store import Store

MAX_LIMIT = 500
PLACE_HELP = ("A country or organisation: its code (ISO-3 or the organisation's, e.g. BLR, EU) or its name in "
              "English, Spanish or Russian (Belarus, Bielorrusia, Беларусь, European Union)")
MAX_PLACE_LENGTH = 100
MAX_REGION = 50  # countries in one region (a digest's)
Since = Annotated[date | None, Query(description="On or after this day (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="On or before this day (YYYY-MM-DD)")]
Period = Literal["week", "month", "year"]
Factuality = Literal["asserted", "reported", "planned", "hypothetical", "alleged", "negated", "background"]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")]
Sort = Literal["date", "-date", "mentions", "-mentions"]


def Sector(side: str) -> Any:  # noqa: N802 (used as a type, like Query)
    """A query parameter naming an actor sector (GOV, OPP, MIL, ...) of `side`."""
    return Annotated[str | None, Query(max_length=3, description=f"Actor sector of {side}, e.g. GOV, OPP, MIL")]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
# The dashboard and the docs: scripts and styles from the server only (no inline script,
# so a `javascript:` URL or an injected <script> cannot run), images also as data: URLs
# (the favicon, Swagger UI's icons), framed only by the server's own pages.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
SECURITY_HEADERS = (("x-content-type-options", "nosniff"), ("x-frame-options", "SAMEORIGIN"),
                    ("referrer-policy", "no-referrer"))
# An absolute path in a message (not a URL's path): shown without its folders.
ABSOLUTE_PATH = re.compile(r"(?<![\w:/.])/(?:[^\s/'\"()]+/)+")


def create_app(db_path: str, hosts: Iterable[str] = (), any_ip: bool = False) -> Any:
    """The FastAPI application over the DuckDB file at `db_path` (opened read-only), answering
    requests for the loopback names and `hosts` (and any IP address when `any_ip`)."""
    store = Store(db_path, read_only=True, hold=True)  # one connection, a cursor per request
    name = Path(db_path).name
    app = FastAPI(title="Parley", version=_version(), docs_url=None, redoc_url=None,
                  description="Political events coded from multilingual news (PLOVER, CAMEO), read-only.")
    checked: dict[str, Any] = {"stamp": None, "found": None}

    def public(message: str) -> str:
        return public_message(message, store.path)

    def run(query, *args, **kwargs):
        try:
            return query(store, *args, **kwargs)
        except StoreError as err:
            raise HTTPException(503, public(str(err))) from None
        except ParleyError as err:
            raise HTTPException(422, public(str(err))) from None

    def check_type(event_type: str | None) -> str | None:
        if event_type and event_type.upper() not in PLOVER_TYPES:
            raise HTTPException(422, f"unknown event type '{event_type}' (one of {', '.join(sorted(PLOVER_TYPES))})")
        return event_type.upper() if event_type else None

    def check_sector(parameter: str, sector: str | None) -> str | None:
        if sector and sector.upper() not in SECTORS:
            raise HTTPException(422, f"{parameter}: unknown sector '{sector}' (one of {', '.join(SECTORS)})")
        return sector.upper() if sector else None

    def check_period(since: date | None, until: date | None) -> None:
        if since and until and since > until:
            raise HTTPException(422, f"since ({since}) is after until ({until})")

    @app.get("/api/health", summary="Is the store readable and whole: its schema version, tables and rows")
    def health():
        # The whole check (every row read) runs once per change of the file: the same bytes
        # give the same answer, and the dashboard asks every few seconds.
        stamp = store.stamp()
        try:
            if stamp != checked["stamp"]:
                checked["found"] = store.check()
                checked["stamp"] = stamp
            else:
                store.query("SELECT 1")  # the connection still answers
        except StoreError as err:
            checked["stamp"] = None
            return JSONResponse({"status": "error", "db": name, "detail": public(str(err))}, status_code=503)
        found = checked["found"]
        return {"status": "ok", "db": name, "schema_version": found.schema_version, "tables": found.rows,
                "stamp": stamp, "version": _version()}

    @app.get("/api/stats", summary="Corpus size, languages, events by type, top dyads; the PLOVER types, "
             "each with its chart colour (ontology/plover.tsv), and the sectors")
    def stats() -> dict[str, Any]:
        s = run(report.summary)
        extra = run(report.store_figures)
        return {"articles": s.articles, "sentences": s.sentences, "events": s.events,
                "counted_events": s.counted_events, "languages": dict(s.languages), "event_types": dict(s.event_types),
                "top_dyads": [{"source": a, "target": b, "events": n} for a, b, n in s.top_dyads],
                "plover_types": sorted(PLOVER_TYPES), "type_colours": load_ontology().colours(),
                "sectors": list(SECTORS), **extra}

    def who(sector: Sector("the `country` side (either side when no country is given)") = None,
            partner_sector: Sector("the `partner` side (without a partner: the side facing `country`); with "
                                   "`sector` and a partner, a dyad of two actors") = None,
            actor: Annotated[str | None, Query(min_length=2, max_length=200, description=(
                "A person or body on either side: its id (lukashenko) or part of its name"))] = None,
            ) -> dict[str, str | None]:
        """Who acted, not only which country: the sector and actor filters of every endpoint
        that filters on a country (`report.EventFilters` reads them)."""
        return {"sector": check_sector("sector", sector), "partner_sector": check_sector("partner_sector", partner_sector),
                "actor": actor}

    Who = Annotated[dict[str, str | None], Depends(who)]

    def event_filters(who: Who, country: Place("country"), partner: Place("partner"),
                      source: Place("source"), target: Place("target"),
                      type: Annotated[str | None, Query(description="PLOVER type, e.g. CONSULT")] = None,
                      mode: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z-]+$")] = None,
                      since: Since = None, until: Until = None,
                      q: Annotated[str | None, Query(max_length=200,
                                                     description="Text in an evidence sentence")] = None,
                      min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
                      factuality: Factuality | None = None,
                      source_sector: Sector("the source") = None, target_sector: Sector("the target") = None,
                      ) -> report.EventFilters:
        """The filters of `/api/events`, shared by its exports (the same query parameters)."""
        check_period(since, until)
        return report.EventFilters(country=country, partner=partner, source=source, target=target,
                                   event_type=check_type(type), mode=mode, since=since, until=until, text=q,
                                   min_confidence=min_confidence, factuality=factuality, **who,
                                   source_sector=check_sector("source_sector", source_sector),
                                   target_sector=check_sector("target_sector", target_sector))

    Filters = Annotated[report.EventFilters, Depends(event_filters)]

    @app.get("/api/events", summary="Distinct events with their mentions and evidence, filtered and paged")
    def events(filters: Filters, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50, cursor: Cursor = None,
               sort: Sort = "-date") -> dict[str, Any]:
        return run(report.event_page, filters, limit=limit, cursor=cursor, sort=sort)

    def export(filters: report.EventFilters, limit: int | None, cursor: str | None, sort: str, fmt: str):
        # The first page is read before the response starts, so that a bad cursor or a store
        # that cannot be read is an error status, not a cut-short body; the next part's cursor
        # (when `limit` cuts the selection) goes in the headers, before the rows.
        pages = report.event_pages(store, filters, limit=limit, cursor=cursor, sort=sort)
        first = run(lambda _: next(pages, []))
        after = run(report.cursor_after, filters, limit, cursor=cursor, sort=sort) if limit else None
        chunks = (event_csv if fmt == "csv" else event_jsonl)(_chained(first, pages))
        headers = {"content-disposition": f'attachment; filename="parley-events.{fmt}"'}
        if after:
            headers["x-next-cursor"] = after
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
        return StreamingResponse(chunks, media_type=media, headers=headers)

    ExportLimit = Annotated[int | None, Query(ge=1, description="At most this many events (default: every one); "
                                                                 "X-Next-Cursor then names the rest")]

    @app.get("/api/events.csv", summary="The events of /api/events' filters, streamed as CSV (one flat row each)",
             response_class=StreamingResponse)
    def events_csv(filters: Filters, limit: ExportLimit = None, cursor: Cursor = None, sort: Sort = "-date"):
        return export(filters, limit, cursor, sort, "csv")

    @app.get("/api/events.jsonl", summary="The events of /api/events' filters, streamed as JSON Lines "
             "(each event as /api/events gives it)", response_class=StreamingResponse)
    def events_jsonl(filters: Filters, limit: ExportLimit = None, cursor: Cursor = None, sort: Sort = "-date"):
        return export(filters, limit, cursor, sort, "jsonl")

    @app.get("/api/dyads", summary="Per period and ordered dyad: events by type, Goldstein, quad classes")
    def dyads(who: Who, country: Place("country"), partner: Place("partner"), since: Since = None,
              until: Until = None, by: Period = "month") -> dict[str, Any]:
        check_period(since, until)
        if partner and not country:
            raise HTTPException(422, "partner: needs a country (the other side of the dyad)")
        columns, rows = run(report.dyad_rows, country=country, partner=partner, period=by, since=since, until=until,
                            **who)
        # events with no day are in no period: counted, so that a client can say so
        undated = run(report.undated_events, report.EventFilters(country=country, partner=partner, **who),
                      with_source=True)
        return {"dyads": [dict(zip(columns, row)) for row in rows], "undated": undated}

    @app.get("/api/types", summary="Distinct events per period and PLOVER type, and how many have no day")
    def types(who: Who, country: Place("country"), since: Since = None, until: Until = None,
              by: Period = "month") -> dict[str, Any]:
        check_period(since, until)
        return {"period": by,
                "types": run(report.type_rows, country=country, period=by, since=since, until=until, **who),
                "undated": run(report.undated_events, report.EventFilters(country=country, **who))}

    @app.get("/api/countries", summary="Every country or IGO in the events, with its name and distinct events")
    def countries(lang: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en") -> dict[str, Any]:
        names = country_names(lang)
        return {"countries": [{**row, "name": names.get(row["code"], row["code"])}
                              for row in run(report.country_rows)]}

    @app.get("/api/country", summary="The code of a country or organisation given by name (en, es, ru) or code")
    def country(name: Place("name", required=True),
                lang: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en") -> dict[str, Any]:
        return {"code": name, "name": country_names(lang).get(name, name)}

    @app.get("/api/series", summary="A dyad's (or a country's) cooperation–conflict series, as the charts draw it")
    def series(country: Place("country", required=True), partner: Place("partner"), since: Since = None,
               until: Until = None, by: Period = "month",
               sector: Sector("`country`: that sector's relations (BLR with sector=OPP)") = None,
               partner_sector: Sector("`partner`: with `sector`, a dyad of two sectors (GOV, OPP)") = None,
               actor: Annotated[str | None, Query(min_length=2, max_length=200, description=(
                   "Only the events of a person or body (its id or part of its name)"))] = None,
               ) -> dict[str, Any]:
        check_period(since, until)
        s = run(dyad_series, country, partner, period=by, since=since, until=until, actor=actor,
                sector=check_sector("sector", sector), partner_sector=check_sector("partner_sector", partner_sector))
        return {"title": s.title, "period": s.period, "periods": s.periods, "lines": s.lines, "quads": s.quads,
                "types": s.types, "undated": s.undated}

    @app.get("/api/partners", summary="A country's partners with event counts and Goldstein mean (for the map)")
    def partners(who: Who, country: Place("country", required=True), since: Since = None,
                 until: Until = None) -> dict[str, Any]:
        check_period(since, until)
        return {"country": country, "partners": run(report.partner_rows, country, since=since, until=until, **who)}

    @app.get("/api/timeline", summary="A country's distinct events in date order, with evidence and sources")
    def timeline(who: Who, country: Place("country", required=True), with_: Place("with"),
                 since: Since = None, until: Until = None,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
        check_period(since, until)
        columns, rows = run(report.timeline_rows, country=country, partner=with_, since=since, until=until,
                            limit=limit, **who)
        return {"events": [dict(zip(columns, row)) for row in rows]}

    @app.get("/api/digest", summary="The digest of a country's (or a region's) relations (HTML or Markdown)",
             response_class=HTMLResponse)
    def digest(who: Who, country: Places("country"), since: Since = None, until: Until = None,
               format: Literal["html", "md"] = "html",
               lang: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en"):
        check_period(since, until)
        if who["partner_sector"]:
            raise HTTPException(422, "partner_sector: a digest is of every partner (use sector, or actor)")
        text = run(make_digest, country, since=since, until=until, fmt=format, lang=lang, sector=who["sector"],
                   actor=who["actor"])
        if format == "md":
            return PlainTextResponse(text, media_type="text/markdown")
        return HTMLResponse(text, headers={"content-security-policy": DIGEST_CSP + "; frame-ancestors 'self'"})

    @app.get("/api/groups", summary="Groups of near-duplicate articles")
    def groups(article: Annotated[str | None, Query(max_length=400)] = None) -> dict[str, Any]:
        columns, rows = run(report.group_rows, article=article)
        return {"groups": [dict(zip(columns, row)) for row in rows]}

    static = resources.files("parley") / "web"

    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/ui/")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(str(static / "docs.html"))

    @app.exception_handler(UnknownPlace)
    def unknown_place(request: Any, err: UnknownPlace) -> JSONResponse:
        return JSONResponse(err.body(), status_code=400)

    app.mount("/ui", StaticFiles(directory=str(static), html=True), name="ui")
    # outside FastAPI's own error handling, so that a 500 carries the headers too
    return GuardMiddleware(app, LOOPBACK_NAMES | {h.lower() for h in hosts}, any_ip)


class UnknownPlace(Exception):
    """A query parameter naming a country or organisation no actor table knows: a 400 whose
    JSON names the parameter and the value and carries the closest known name, if any."""

    def __init__(self, parameter: str, error: UnknownCountry) -> None:
        super().__init__(f"{parameter}: {error}")
        self.parameter, self.error = parameter, error

    def body(self) -> dict[str, Any]:
        suggestion = self.error.suggestion
        return {"detail": str(self), "parameter": self.parameter, "value": self.error.text,
                "suggestion": {"name": suggestion[0], "code": suggestion[1]} if suggestion else None,
                "candidates": [{"name": name, "code": code} for name, code in self.error.candidates]}


def Place(parameter: str, required: bool = False) -> Any:  # noqa: N802 (used as a type, like Query)
    """The query parameter `parameter`, a country or organisation given by code or by name in
    any language the actor tables know, resolved to its code by `countries.resolve_country`
    (the resolver of the CLI); an unknown name raises `UnknownPlace` (a 400)."""
    def resolved(value: str) -> str:
        try:
            return resolve_country(value)
        except UnknownCountry as err:
            raise UnknownPlace(parameter, err) from None

    query = Query(alias=parameter, min_length=1, max_length=MAX_PLACE_LENGTH, description=PLACE_HELP)
    if required:
        def code(value: Annotated[str, query]) -> str:
            return resolved(value)
    else:
        def code(value: Annotated[str | None, query] = None) -> str | None:
            return None if value is None else resolved(value)

    code.__name__ = f"place_{parameter}"
    return Annotated[str | None, Depends(code)]


def Places(parameter: str) -> Any:  # noqa: N802 (used as a type, like Query)
    """A required query parameter naming one or more countries or organisations (repeated,
    `country=BLR&country=UKR`, or a comma list, `country=BLR,UKR`), each read as `Place`
    reads one; a name with a comma of its own is read whole first."""
    def resolved(value: str) -> list[str]:
        try:
            return [resolve_country(value)]
        except UnknownCountry as err:
            if "," not in value:
                raise UnknownPlace(parameter, err) from None
        codes = []
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                codes.append(resolve_country(part))
            except UnknownCountry as err:
                raise UnknownPlace(parameter, err) from None
        return codes

    def codes(value: Annotated[list[str], Query(alias=parameter, min_length=1, max_length=MAX_REGION,
                                                description=PLACE_HELP + "; several (repeated or a comma list) "
                                                "for a region")]) -> list[str]:
        if any(len(v) > MAX_PLACE_LENGTH * MAX_REGION for v in value):
            raise HTTPException(422, f"{parameter}: too long")
        return list(dict.fromkeys(code for v in value for code in resolved(v)))

    codes.__name__ = f"places_{parameter}"
    return Annotated[list[str], Depends(codes)]


class GuardMiddleware:
    """Refuses a request for a host the server does not serve (`host_allowed`) and adds the
    security headers (and `PAGE_CSP`, unless the route set its own policy) to every response."""

    def __init__(self, app: Any, hosts: frozenset[str], any_ip: bool) -> None:
        self.app, self.hosts, self.any_ip = app, hosts, any_ip

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
        if host is not None and not host_allowed(host, self.hosts, self.any_ip):
            response = PlainTextResponse(
                f"host '{host[:100]}' is not served here: start the server with --allow-host NAME to allow a name",
                status_code=400, headers={"content-security-policy": PAGE_CSP, **dict(SECURITY_HEADERS)})
            await response(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS if k.encode() not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def host_allowed(host_header: str, hosts: frozenset[str], any_ip: bool) -> bool:
    """Whether a request's Host header names this server.

    A web page on another site can make a browser send requests to a loopback server by
    pointing its own name at 127.0.0.1 (DNS rebinding); the request then carries that
    name. So only the names in `hosts` are served, and IP addresses only when the server
    listens on all of them (`any_ip`): an address cannot be rebound to another site.
    """
    name = host_header.strip().lower()
    if name.startswith("["):  # [::1]:8765
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    name = name.rstrip(".")
    if name in hosts:
        return True
    return any_ip and _is_ip(name)


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server on this machine."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_hosts(bind_host: str, allowed: Iterable[str]) -> tuple[frozenset[str], bool]:
    """The Host names to answer (beyond the loopback ones) when listening on `bind_host`, and
    whether any IP address is one (when listening on all addresses)."""
    names = {h.strip().lower().rstrip(".") for h in allowed if h.strip()}
    if bind_host not in WILDCARD_ADDRESSES:
        names.add(bind_host.lower())
    return frozenset(names), bind_host in WILDCARD_ADDRESSES


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host:port`, bound before the server starts so that a busy
    port is one clear error (uvicorn alone exits with 3, which Parley uses for skipped inputs)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise ParleyError(f"cannot listen on {host}:{port}: unknown host ({err.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host in WILDCARD_ADDRESSES:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(2048)
    except OSError as err:
        sock.close()
        hint = " (another server? choose another --port)" if err.errno == errno.EADDRINUSE else ""
        raise ParleyError(f"cannot listen on {host}:{port}: {err.strerror.lower()}{hint}") from None
    sock.set_inheritable(True)
    return sock


def serve(db_path: str, sock: socket.socket, workers: int = 1, hosts: Iterable[str] = (),
          any_ip: bool = False) -> None:
    """Serve the API over `db_path` on a listening socket (see `listen`) until interrupted."""
    import os

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ["PARLEY_DB"] = db_path
    os.environ["PARLEY_HOSTS"] = ",".join(hosts)
    os.environ["PARLEY_ANY_IP"] = "1" if any_ip else ""
    config = uvicorn.Config("parley.api:app_from_environment", factory=True, workers=workers, log_level="warning",
                            server_header=False)
    server = uvicorn.Server(config)
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
        return
    server.run(sockets=[sock])
    if not server.started:
        raise ParleyError(f"{Path(db_path).name}: the server did not start (see the message above)")


def app_from_environment() -> Any:
    """The application over the database named by `PARLEY_DB` (how `parley serve` starts workers)."""
    import os

    path = os.environ.get("PARLEY_DB")
    if not path:
        raise ParleyError("PARLEY_DB is not set: start the server with `parley serve --db FILE`")
    hosts = [h for h in os.environ.get("PARLEY_HOSTS", "").split(",") if h]
    return create_app(path, hosts, any_ip=bool(os.environ.get("PARLEY_ANY_IP")))


def _chained(first: list, rest: Iterator[list]) -> Iterator[list]:
    """`first`, then what `rest` yields."""
    if first:
        yield first
    yield from rest


def public_message(message: str, db_path: str) -> str:
    """A message fit for a response: the store and Parley's data files named without their
    folders, and any other absolute path cut to its last part (a response tells a client
    nothing about the server's disk)."""
    message = message.replace(str(Path(db_path).resolve()), Path(db_path).name).replace(db_path, Path(db_path).name)
    message = message.replace(str(data_root()), "data")
    return ABSOLUTE_PATH.sub("", message)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parley")
    except PackageNotFoundError:
        return "unknown"
