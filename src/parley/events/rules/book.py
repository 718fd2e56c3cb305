"""The rule book: the registry of named rules, the records the rules work on (the
attachment of one trigger, its reading, an implied target) and `data/grammar/rules.tsv`,
which says which rules run, in which order, for which types and languages."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...datafiles import data_root, one_of, read_table
from ...errors import DataFileError
from ...ontology import PROPERTIES
from ...records import Mention, Sentence
from ..dyads import TARGET_WINDOW
from ..grammar import Token, Trigger


Dyad = tuple[Mention | None, Mention | None, bool]
STAGES = ("reading", "candidates", "attachment", "implied_target")
DECIDES = ("type", "source", "target", "source+target", "event")


@dataclass(slots=True)
class Attachment:
    """What the rules know of one trigger while they decide its dyads."""

    toks: list[Token]
    first: int
    last: int
    trigger: Trigger
    actors: list[Mention]
    sentence: Sentence
    words: dict
    earlier: list[tuple[int, str]]
    places: set[int] | None
    stop: int | None
    fired: list[str] = field(default_factory=list)
    left: list[Mention] = field(default_factory=list)
    right: list[Mention] = field(default_factory=list)
    inside: list[Mention] = field(default_factory=list)
    window: int = TARGET_WINDOW
    limit: int = 0
    clause: int = 0
    source: Mention | None = None
    sources: list[Mention | None] = field(default_factory=list)
    owned: bool = False
    passive_target: Mention | None = None  # the subject of a passive that names no agent
    setting: str | None = None  # the country the article is set in (its dateline, else its first place)
    complement: tuple[int, int, Trigger] | None = None  # the act a verb leads to ("agreed to provide aid")

    @property
    def start(self) -> int:
        return self.toks[self.first].start

    @property
    def end(self) -> int:
        return self.toks[self.last - 1].end

    def doers(self) -> list[Mention | None]:
        """The sources: the joined subjects when a rule found them, else the one source."""
        return self.sources or [self.source]

    def sentence_triggers(self) -> list[tuple[int, Trigger]]:
        """(start offset, trigger) of every trigger of the sentence, this one included."""
        analysis = self.sentence.analysis
        return [(self.toks[f].start, t) for f, _, t in (analysis.triggers if analysis else ())]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its name, the field it decides, its stage and its function."""

    name: str
    decides: str
    stage: str
    func: Callable
    types: str = "*"  # a property of plover.tsv the trigger must have ("!p": must not; "p,q": any), or "*"
    langs: frozenset[str] | None = None  # None: every language

    @property
    def doc(self) -> str:
        return " ".join((self.func.__doc__ or "").split())

    def applies(self, trigger: Trigger, lang: str) -> bool:
        if self.langs is not None and lang not in self.langs:
            return False
        if self.types == "*":
            return True
        props = self.types.split(",")
        wanted = [p for p in props if not p.startswith("!")]
        return (not wanted or any(trigger.has(p) for p in wanted)) \
            and not any(trigger.has(p[1:]) for p in props if p.startswith("!"))


REGISTRY: dict[str, Rule] = {}


def rule(name: str, decides: str, stage: str) -> Callable:
    """Register a rule function under `name` (its order, types and languages come from rules.tsv)."""
    assert decides in DECIDES and stage in STAGES, (decides, stage)

    def register(func: Callable) -> Callable:
        REGISTRY[name] = Rule(name, decides, stage, func)
        return func

    return register


@dataclass(slots=True)
class Reading:
    """One trigger's reading and its dyads while the reading rules run."""

    trigger: Trigger
    attach: Callable[[Trigger], tuple[list[Dyad], list[str]]]
    dyads: list[Dyad] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    done: bool = False
    context: "Attachment | None" = None


@dataclass(slots=True)
class Implied:
    """One source of an event with no object, while the implied-target rules run."""

    a: Attachment
    source: Mention


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The rules of each stage in their order, from rules.tsv."""

    stages: dict[str, tuple[Rule, ...]]

    def of(self, stage: str) -> tuple[Rule, ...]:
        return self.stages.get(stage, ())

    def all(self) -> list[Rule]:
        return [r for stage in STAGES for r in self.of(stage)]


@lru_cache(maxsize=4)
def load_rules(root: Path | None = None) -> RuleBook:
    """The rule book of `grammar/rules.tsv`: every row names a registered rule, every
    registered rule has a row; a row may narrow the rule to types (a plover.tsv property)
    and languages."""
    path = (root or data_root()) / "grammar" / "rules.tsv"
    stages: dict[str, list[Rule]] = {stage: [] for stage in STAGES}
    seen: set[str] = set()
    for row in read_table(path, ("rule", "stage"), ("types", "langs", "note"),
                          {"stage": one_of(*STAGES), "types": _known_properties}):
        name = row["rule"]
        if name not in REGISTRY:
            raise row.error("rule", f"no rule named '{name}' (one of {', '.join(sorted(REGISTRY))})")
        if name in seen:
            raise row.error("rule", f"rule '{name}' is listed twice")
        base = REGISTRY[name]
        if base.stage != row["stage"]:
            raise row.error("stage", f"rule '{name}' belongs to stage '{base.stage}'")
        seen.add(name)
        langs = row.get("langs") or "*"
        stages[row["stage"]].append(Rule(name, base.decides, base.stage, base.func, row.get("types") or "*",
                                         None if langs == "*" else frozenset(langs.split(","))))
    missing = sorted(set(REGISTRY) - seen)
    if missing:
        raise DataFileError(str(path), 0, "rule", f"registered rules missing from the file: {', '.join(missing)}")
    return RuleBook({stage: tuple(rules) for stage, rules in stages.items()})


def _known_properties(value: str) -> str | None:
    """A rules.tsv `types` cell: *, or properties (any of them) and !properties (none of
    them) joined by commas."""
    if value in ("", "*"):
        return None
    for prop in (p.removeprefix("!") for p in value.split(",")):
        if prop not in PROPERTIES | {"symmetric"}:
            return f"'{prop}' is no property of ontology/plover.tsv (one of {', '.join(sorted(PROPERTIES))})"
    return None


def rule_names() -> list[str]:
    """Every registered rule's name, and the pseudo-rule of an event with no target."""
    return sorted(REGISTRY) + ["no_target"]
