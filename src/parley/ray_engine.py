"""The Ray engine: the same extraction on a Ray cluster (`parley extract --engine ray`).

The driver (the process that runs `parley extract`) joins the cluster named by
`RAY_ADDRESS`, or starts a local one, and lists the inputs (`ingest.plan_inputs`: the
same ids and messages as a local run). It hands them out in units: up to `batch_size`
small files, or one JSONL or WARC shard; standard input, which only the driver can read,
goes out as batches of articles. A pool of actors, each holding one loaded `Pipeline`,
reads and codes each unit and streams coded batches back (Ray generators). The driver
takes them in the order it handed them out, so the input problems, "the later record
wins", writing and dedupe are those of a local run (`extraction.run_extraction`) and the
store equals a local run's.

A lost worker is restarted (it loads its data again) and its units run again; a unit's
stream is replayed without duplicates, and the store is idempotent by content hash, so
nothing is lost or written twice. With a `ParquetDataset`, workers write their coded
articles themselves and send back only ids (see `dataset`).
"""
from __future__ import annotations

import logging
import os
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count
from typing import Any

from .errors import InputError, ParleyError
from .extraction import CodedBatch, Job, later_wins
from .ingest import JSONL_SUFFIXES, WARC_SUFFIXES, FileInput, Stdin, plan_inputs, read_planned, walk_plan
from .pubdate import apply_given_dates
from .records import Article

LOGGER = logging.getLogger(__name__)

ADDRESS_ENV = "RAY_ADDRESS"  # Ray's own convention for the cluster to join
# Ray advertises a machine's network address even for a cluster on one machine; with this
# set before Ray is imported, a local cluster (and a driver joining one on 127.0.0.1) keeps
# to the loopback interface.
LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
LOOPBACK_HOSTS = ("127.", "localhost", "[::1]", "::1")
CONNECT_SECONDS = 10.0  # a cluster that does not answer in this time is reported at once, not after Ray's minute
TOKEN_LOGGER = "ray._private.authentication.authentication_token_setup"
NAMESPACE = "parley"
# A worker lost more often than this ends the run (something kills it: memory, or an input).
MAX_RESTARTS = 3
# Units in flight per worker: one being coded, one waiting, so that no worker idles while
# the driver takes results in order.
UNITS_PER_WORKER = 2
SHARD_SUFFIXES = JSONL_SUFFIXES + WARC_SUFFIXES
HASHES_PER_CALL = 200_000
PARLEY_ERROR_LINE = re.compile(r"(?:ParleyError|DataFileError|InputError|StoreError): ([^\n]+)")
INSTALL_HINT = "pip install 'parley[ray]'"


def import_ray() -> Any:
    """The `ray` module, or one clear error saying how to install it."""
    address = os.environ.get(ADDRESS_ENV, "")
    if not address or address.startswith(LOOPBACK_HOSTS):
        os.environ.setdefault(LOOPBACK_ENV, "0")
    try:
        import ray
    except ImportError:
        raise ParleyError(f"--engine ray needs Ray, which is not installed ({INSTALL_HINT})") from None
    return ray


@dataclass(slots=True)
class Unchanged:
    """An article a worker read but did not code: stored already with the same content."""

    article: Article


@dataclass(slots=True)
class Written:
    """An article a worker coded and wrote to the dataset itself: what the driver needs of it."""

    id: str
    path: str | None
    hash: str
    events: int


@dataclass(slots=True)
class WorkerLog:
    """A warning a worker logged while coding (re-logged by the driver, in input order)."""

    logger: str
    level: int
    message: str


@dataclass(slots=True)
class Unit:
    """Inputs handed to one worker in one call: files it reads, or articles read by the driver."""

    index: int
    work: list[FileInput] | list[Article]
    first: int = 0  # place of its first article within unit `index` (standard input's batches)
    stream: Any = None  # the Ray generator of its coded batches, once submitted


class RayEngine:
    """Code on a Ray cluster: `workers` actors (default: one per CPU of the cluster)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers
        self.ray = import_ray()
        self.worker_cpu_seconds = 0.0  # CPU the workers spent coding in the last run (as far as they answer)

    def code(self, paths: list[str], job: Job) -> Iterator[CodedBatch]:
        ray = self.ray
        address = os.environ.get(ADDRESS_ENV) or "local"
        local = {"num_cpus": max(self.workers or 0, os.cpu_count() or 1)} if address == "local" else {}
        # A local cluster gets a token (Ray's default), and Ray says so in a warning on every run.
        logging.getLogger(TOKEN_LOGGER).setLevel(logging.ERROR)
        if address != "local":
            _check_reachable(address)
        try:
            ray.init(address=address, namespace=NAMESPACE, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING, configure_logging=False, **local)
        except Exception as err:  # noqa: BLE001 - Ray raises ConnectionError, RuntimeError, ValueError ...
            raise ParleyError(f"cannot join the Ray cluster at {address} ({_first_line(err)}; a cluster with "
                              "token authentication also needs RAY_AUTH_MODE=token here)") from None
        try:
            pool = WorkerPool(ray, job, self.workers, [p for p in paths if p != "-"])
            yield from _in_input_order(pool.coded(paths), job, paths, pool)
            self.worker_cpu_seconds = pool.cpu_seconds()
        finally:
            ray.shutdown()


def _in_input_order(items: Iterator[Any], job: Job, paths: list[str], pool: "WorkerPool") -> Iterator[CodedBatch]:
    """The workers' articles, in input order, through the same rules as a local run: dates
    of `--dates` accounted for, a repeated id reported (the later record wins), an article
    stored unchanged left out (unless its id was given before in this run: then it is coded)."""
    kinds: deque[Any] = deque()

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Unchanged):
                kinds.append("unchanged")
                yield item.article
            elif isinstance(item, Written):
                kinds.append(item.events)
                yield Article(id=item.id, text="", path=item.path, hash=item.hash)
            else:
                kinds.append(None)
                yield item

    stream: Iterable[Article] = articles()
    if job.given_dates is not None:
        stream = apply_given_dates(stream, job.given_dates, paths)
    size = int(job.settings["pipeline"]["batch_size"])
    batch: list[Article] = []
    events = 0
    for article in later_wins(stream, job.report):
        kind = kinds.popleft()
        if kind == "unchanged":
            if not article.repeated:
                continue
            coded = pool.code_now(article)
            if not coded:
                continue
            article = coded[0]
            kind = None
        events += kind if isinstance(kind, int) else len(article.events)
        batch.append(article)
        if len(batch) >= size:
            yield CodedBatch(batch, events)
            batch, events = [], 0
    if batch:
        yield CodedBatch(batch, events)


class WorkerPool:
    """The coding actors of one run, and the units handed to them."""

    def __init__(self, ray: Any, job: Job, workers: int | None, roots: list[str]) -> None:
        self.ray = ray
        self.settings = job.settings
        self.report = job.report
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if not workers:
            workers = max(1, cpus)
        elif workers > cpus:
            LOGGER.warning("%d Ray workers asked for, the cluster has %d CPUs: the others wait for more "
                           "(an autoscaling cluster adds nodes)", workers, cpus)
        worker_class, hashes_class = _actor_classes(ray)
        # The hashes of the stored articles are held once in the cluster, by one actor that the
        # workers ask about the ids they read (not copied into every worker: a store of ten
        # million articles holds about 1 GB of them).
        self.hashes, hashes_name = None, None
        run = f"parley-{os.getpid()}-{id(self):x}"
        if job.known:
            hashes_name = f"{run}-hashes"  # found by name: a handle among a worker's arguments would be
            self.hashes = hashes_class.options(name=hashes_name).remote()  # stored apart, lost to a restart
            items = list(job.known.items())
            ray.get([self.hashes.add.remote(dict(items[i:i + HASHES_PER_CALL]))
                     for i in range(0, len(items), HASHES_PER_CALL)])
        from .pubdate import date_folders

        self.actors = [worker_class.options(name=f"{run}-{i}").remote(
            job.settings, hashes_name, job.given_dates, date_folders(roots), job.dataset)
            for i in range(workers)]
        self.running: list[list[Any]] = [[] for _ in self.actors]  # per actor: its units' completion refs
        self.window = UNITS_PER_WORKER * len(self.actors)
        self.size = int(job.settings["pipeline"]["batch_size"])
        self.units = count()

    def coded(self, paths: list[str]) -> Iterator[Any]:
        """What the workers give for every input, in input order (`ingest.walk_plan`)."""
        return walk_plan(self._submitted(self._units(plan_inputs(paths))), self.report, self._read)

    def _units(self, plan: Iterable[Any]) -> Iterator[Any]:
        """The plan with its files grouped into units: up to `batch_size` small files, or one shard.
        Workers read a file by its absolute path (their folder is not this one)."""
        files: list[FileInput] = []
        for item in plan:
            if isinstance(item, FileInput):
                item = replace(item, source=os.path.abspath(item.path))
            if isinstance(item, FileInput) and not item.path.lower().endswith(SHARD_SUFFIXES):
                files.append(item)
                if len(files) >= self.size:
                    yield Unit(next(self.units), files)
                    files = []
                continue
            if files:
                yield Unit(next(self.units), files)
                files = []
            if isinstance(item, FileInput):
                yield Unit(next(self.units), [item])
            elif isinstance(item, Stdin):
                yield Unit(next(self.units), [], first=-1)  # read by the driver when its turn comes
            else:
                yield item
        if files:
            yield Unit(next(self.units), files)

    def _submitted(self, plan: Iterable[Any]) -> Iterator[Any]:
        """The plan, with up to `window` units submitted ahead of the one being taken."""
        ahead: deque[Any] = deque()
        in_flight = 0
        for item in plan:
            if isinstance(item, Unit) and item.first >= 0:
                self._submit(item)
                in_flight += 1
            ahead.append(item)
            while in_flight > self.window:
                head = ahead.popleft()
                in_flight -= isinstance(head, Unit) and head.first >= 0
                yield head
        yield from ahead

    def _submit(self, unit: Unit, recode: bool = False) -> None:
        actor = self._least_busy()
        unit.stream = self.actors[actor].code_unit.remote(unit.index, unit.work, unit.first, recode)
        self.running[actor].append(unit.stream.completed())

    def _least_busy(self) -> int:
        for refs in self.running:
            if refs:
                ready, _ = self.ray.wait(refs, num_returns=len(refs), timeout=0, fetch_local=False)
                for ref in ready:
                    refs.remove(ref)
        return min(range(len(self.actors)), key=lambda i: len(self.running[i]))

    def _read(self, item: Unit, report: Any) -> Iterator[Any]:
        if item.first < 0:
            yield from self._read_stdin(item, report)
            return
        for ref in item.stream:
            for thing in self._get(ref, item):
                if isinstance(thing, InputError):
                    report(thing)
                elif isinstance(thing, WorkerLog):
                    logging.getLogger(thing.logger).log(thing.level, "%s", thing.message)
                else:
                    yield thing

    def _read_stdin(self, item: Unit, report: Any) -> Iterator[Any]:
        """Standard input, read here and coded by the workers in batches, in order; its problems
        travel in the batches, in their place, so they are reported as a local run reports them."""
        met: list[Any] = []  # articles and problems, in the order they were met
        articles = read_planned(Stdin(), met.append, int(self.settings["pipeline"]["max_article_bytes"]))
        pending: deque[Unit] = deque()
        first, done = 0, False
        while not done:
            done = _take(articles, self.size, met) < self.size
            if met:
                unit = Unit(item.index, list(met), first)
                self._submit(unit)
                pending.append(unit)
                first += len(met)
                met.clear()
            while pending and (done or len(pending) >= self.window):
                yield from self._read(pending.popleft(), report)

    def cpu_seconds(self) -> float:
        """CPU the workers spent since they loaded their data (a restarted one counts from its restart)."""
        return float(sum(self.ray.get([actor.cpu_seconds.remote() for actor in self.actors])))

    def code_now(self, article: Article) -> list[Article]:
        """Code one article now, whatever the store holds (a repeated id whose later record is stored)."""
        unit = Unit(next(self.units), [article])
        self._submit(unit, recode=True)
        return [a for a in self._read(unit, self.report) if isinstance(a, Article)]

    def _get(self, ref: Any, unit: Unit) -> list[Any]:
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayError as err:
            what = unit.work[0].name if unit.work and isinstance(unit.work[0], FileInput) else "standard input"
            raise ParleyError(f"a Ray worker failed coding {what}"
                              f"{f' and {len(unit.work) - 1} more' if len(unit.work) > 1 else ''} "
                              f"({_first_line(err)})") from None


def _check_reachable(address: str) -> None:
    """One clear line, at once, when nothing answers at `address` (host:port, or ray://host:port)."""
    import socket

    target = address.split("://", 1)[-1]
    host, _, port = target.rpartition(":")
    if not port.isdigit():
        return  # "auto" and other forms Ray resolves itself
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        raise ParleyError(f"cannot join the Ray cluster at {address} ({err.strerror or err}; is it running? "
                          f"set {ADDRESS_ENV} to its head's address, or unset it to start a local cluster)") from None


def _first_line(err: BaseException) -> str:
    """What a Ray error says happened, on one line: the message of a Parley error raised in
    a worker (a bad data file, an unknown stage), else Ray's first line."""
    text = str(err)
    ours = PARLEY_ERROR_LINE.findall(text)
    if ours:
        return ours[-1].strip()[:300]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else type(err).__name__)[:300]


def _actor_classes(ray: Any) -> tuple[Any, Any]:
    """The actor classes, made once Ray is imported (Ray is an optional extra)."""

    @ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=-1, concurrency_groups={"control": 1})
    class CodingWorker:
        """One worker: a loaded `Pipeline` that reads and codes units of input."""

        def __init__(self, settings: dict[str, Any], hashes_name: str | None, given_dates: Any,
                     folders: list[str], dataset: Any) -> None:
            from .pipeline import Pipeline

            lookup = None
            if hashes_name is not None:
                hashes = ray.get_actor(hashes_name, namespace=NAMESPACE)
                lookup = lambda ids: ray.get(hashes.lookup.remote(ids))  # noqa: E731
            self.worker = UnitCoder(Pipeline(settings), lookup, given_dates, folders, dataset)
            self.loaded_cpu = time.process_time()

        @ray.method(concurrency_group="control")
        def pid(self) -> int:
            """This worker's process id (answered while it codes: tests kill workers by it)."""
            return os.getpid()

        @ray.method(concurrency_group="control")
        def cpu_seconds(self) -> float:
            """CPU spent since the data files were loaded."""
            return time.process_time() - self.loaded_cpu

        @ray.method(concurrency_group="control")
        def coded(self) -> int:
            """Articles coded since this worker (last) started."""
            return self.worker.coded

        def code_unit(self, unit: int, work: list, first: int, recode: bool) -> Iterator[list[Any]]:
            yield from self.worker.code_unit(unit, work, first, recode)

    @ray.remote(num_cpus=0)
    class StoredHashes:
        """id -> content hash of the articles in the store, asked by the workers."""

        def __init__(self) -> None:
            self.hashes: dict[str, str] = {}

        def add(self, hashes: dict[str, str]) -> None:
            self.hashes.update(hashes)

        def lookup(self, ids: list[str]) -> dict[str, str]:
            return {i: self.hashes[i] for i in ids if i in self.hashes}

    return CodingWorker, StoredHashes


@dataclass
class UnitCoder:
    """What a worker does with a unit (plain Python, apart from Ray): read its files (or take
    its articles), give them their `--dates` dates, leave out those stored unchanged, code the
    rest, and hand back batches of results in input order: coded articles (or, with a dataset,
    what was written), `Unchanged` ones, the input problems and the warnings of coding."""

    pipe: Any
    lookup: Any  # ids -> {id: stored hash}, or None when nothing is stored
    given_dates: Any
    folders: list[str]
    dataset: Any
    coded: int = 0
    size: int = field(init=False)
    max_bytes: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = int(self.pipe.settings["pipeline"]["batch_size"])
        self.max_bytes = int(self.pipe.settings["pipeline"]["max_article_bytes"])

    def code_unit(self, unit: int, work: list, first: int = 0, recode: bool = False) -> Iterator[list[Any]]:
        """Batches of results for `work` (files, or articles), `batch_size` articles at a time."""
        read: list[Any] = []  # articles and input problems, in the order they were met
        articles = self._read(work, read.append) if work and isinstance(work[0], FileInput) else iter(work)
        with _LogCapture() as logs:
            while True:
                got = _take(articles, self.size, read)
                yield self._finish(self._code(read, recode, logs), unit, first)
                read.clear()
                first += got
                if got < self.size:
                    return

    def _code(self, read: list[Any], recode: bool, logs: "_LogCapture") -> list[Any]:
        from .pipeline import code_or_skip
        from .pubdate import give_date

        ids = [a.id for a in read if isinstance(a, Article)]
        stored = self.lookup(ids) if self.lookup is not None and ids and not recode else {}
        items: list[Any] = []
        for thing in read:
            if not isinstance(thing, Article):
                items.append(thing)
                continue
            if self.given_dates is not None:
                give_date(thing, self.given_dates, self.folders)
            if stored.get(thing.id) == thing.hash:
                items.append(Unchanged(thing))
            else:
                items += code_or_skip(self.pipe, [thing])
                self.coded += 1
            items += logs.drain()
        return items

    def _read(self, files: list[FileInput], on_error: Any) -> Iterator[Article]:
        for item in files:
            yield from read_planned(item, on_error, self.max_bytes)

    def _finish(self, items: list[Any], unit: int, first: int) -> list[Any]:
        """A batch of results; with a dataset, its coded articles written and replaced by `Written`."""
        if self.dataset is None:
            return items
        coded = [item for item in items if isinstance(item, Article)]
        self.dataset.write(coded, unit=unit, first=first)
        return [Written(item.id, item.path, item.hash, len(item.events)) if isinstance(item, Article) else item
                for item in items]


class _LogCapture(logging.Handler):
    """Warnings Parley's stages log while a worker codes, kept to be sent to the driver."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[WorkerLog] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(WorkerLog(record.name, record.levelno, record.getMessage()))

    def drain(self) -> list[WorkerLog]:
        records, self.records = self.records, []
        return records

    def __enter__(self) -> "_LogCapture":
        logging.getLogger("parley").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("parley").removeHandler(self)


def _take(items: Iterator[Any], size: int, into: list[Any]) -> int:
    """Move up to `size` items from `items` into `into`; returns how many (fewer: `items` ran out)."""
    got = 0
    for item in items:
        into.append(item)
        got += 1
        if got >= size:
            break
    return got
