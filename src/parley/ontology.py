"""The PLOVER ontology as data: each event type's modes, CAMEO codes, the properties
the grammar asks about ("may it have no target?", "is it symmetric?") and the colour
every chart draws it in.

The grammar never names an event type: it asks `ontology.has(event_type, "targetless")`,
so that what a type means lives in one table (`data/ontology/plover.tsv`), which a
codebook change edits without touching code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .datafiles import Row, data_root, one_of, read_table
from .errors import DataFileError

# The codebook's sixteen types, in the PLOVER manual's order: what plover.tsv is checked against.
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

PROPERTIES = frozenset({"cooperative", "domestic", "targetless", "destination", "place_target", "city",
                        "owner_target", "judged_place", "implied_target", "inheriting", "undergone", "moving", "self_moved",
                        "reaction", "asking", "accusation", "warning", "crowd", "travel", "expulsion", "armed",
                        "done_by_the_state_there", "force", "mediating", "at_home", "holding", "frees_the_held", "answering", "people_taken", "if_unmet",
                        "commits", "scheduled", "told_is_done", "truce", "imposed"})
VALUED_PROPERTIES = frozenset({"by_state", "by_crowd", "announced", "refused", "undone", "rejects"})
COLOUR = re.compile(r"#[0-9a-f]{6}")  # a type's colour in plover.tsv: lower-case hex, as the palette gives it
NO_PLOVER = "-"  # cameo.tsv's `plover` of a code that is no PLOVER event (a neutral statement)


@dataclass(frozen=True, slots=True)
class Coding:
    cameo: str
    goldstein: float
    quad_class: int
    symmetric: bool


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One code of the CAMEO codebook (`ontology/cameo.tsv`) and the PLOVER (type, mode) it
    maps to, or None for a code that is no PLOVER event."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: tuple[str, str | None] | None


@dataclass(slots=True)
class TypeInfo:
    """One event type: its properties, the extra properties of its modes, what it means
    when a state does it and what its doer's announcement of it is (readings `TYPE:mode`,
    or None)."""

    name: str
    properties: frozenset[str] = frozenset()
    mode_properties: dict[str, frozenset[str]] = field(default_factory=dict)
    by_state: tuple[str, str | None] | None = None
    by_crowd: tuple[str, str | None] | None = None  # what it means when a crowd does it (a riot)
    announced: tuple[str, str | None] | None = None  # what its doer's own announcement of it is
    refused: tuple[str, str | None] | None = None  # what its doer's saying it will not do it is
    rejects: tuple[str, str | None] | None = None  # what a request noun it answers tells ("rejected Moscow's call")
    undone: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # by mode ("": the type's)
    colour: str = ""

    def undone_reading(self, mode: str | None) -> tuple[str, str | None] | None:
        """What lifting or ending an act of this type and mode is (`undone=`), if anything."""
        return self.undone.get(mode or "", self.undone.get(""))


class Ontology:
    """The types, their modes' CAMEO codings, their properties and colours, from
    `ontology/plover.tsv` and `ontology/cameo.tsv`, validated at load (errors name file, line
    and field)."""

    def __init__(self, root: Path | None = None) -> None:
        onto = (root or data_root()) / "ontology"
        cameo = {row["code"]: row for row in read_table(onto / "cameo.tsv", ("code", "name", "goldstein", "quad_class",
                                                                              "plover"))}
        self.codings: dict[tuple[str, str | None], Coding] = {}
        self.types: dict[str, TypeInfo] = {}
        self._mode_with: dict[str, tuple[str, str] | None] = {}
        for row in read_table(onto / "plover.tsv", ("type", "cameo", "symmetric"), ("mode", "properties", "colour"),
                              {"type": one_of(*PLOVER_TYPES), "symmetric": one_of("yes", "no")}):
            code = _known_code(row, cameo)
            mode = row.get("mode") or None
            self.codings[(row["type"], mode)] = Coding(code, float(cameo[code]["goldstein"]),
                                                       int(cameo[code]["quad_class"]), row["symmetric"] == "yes")
            info = self.types.setdefault(row["type"], TypeInfo(row["type"]))
            flags, valued = _properties(row)
            if row["symmetric"] == "yes":
                flags |= {"symmetric"}
            if "undone" in valued:
                info.undone[mode or ""] = _reading(row, valued.pop("undone"))
            if mode is None:
                info.properties = info.properties | flags
                if "by_state" in valued:
                    info.by_state = _reading(row, valued["by_state"])
                if "by_crowd" in valued:
                    info.by_crowd = _reading(row, valued["by_crowd"])
                if "announced" in valued:
                    info.announced = _reading(row, valued["announced"])
                if "refused" in valued:
                    info.refused = _reading(row, valued["refused"])
                if "rejects" in valued:
                    info.rejects = _reading(row, valued["rejects"])
                info.colour = _colour(row, self.types)
            elif row.get("colour"):
                raise row.error("colour", "a colour belongs on the type's default row (empty mode), not a mode's")
            elif valued:
                raise row.error("properties", f"'{next(iter(valued))}=' belongs on the type's default row; "
                                              "a mode takes only 'undone='")
            else:
                info.mode_properties[mode] = flags - {"symmetric"}
        missing = [t for t in PLOVER_TYPES if (t, None) not in self.codings]
        if missing:
            raise DataFileError(str(onto / "plover.tsv"), 0, "type", f"no default row (empty mode) for {', '.join(missing)}")
        # every CAMEO code: its Goldstein value, quad class and PLOVER reading ((type, mode), or None)
        self.cameo: dict[str, CameoCode] = {code: self._cameo_code(row) for code, row in cameo.items()}

    def _cameo_code(self, row: Row) -> CameoCode:
        value = row["plover"]
        plover = None
        if value != NO_PLOVER:
            event_type, _, mode = value.partition(":")
            if event_type not in PLOVER_TYPES:
                raise row.error("plover", f"unknown PLOVER type '{event_type}' (write TYPE, TYPE:mode or '-')")
            if mode and (event_type, mode) not in self.codings:
                raise row.error("plover", f"'{mode}' is no mode of {event_type} in ontology/plover.tsv")
            plover = (event_type, mode or None)
        try:
            goldstein, quad = float(row["goldstein"]), int(row["quad_class"])
        except ValueError:
            raise row.error("goldstein", f"not a number: '{row['goldstein']}' / '{row['quad_class']}'") from None
        return CameoCode(row["code"], row["name"], goldstein, quad, plover)

    def has(self, event_type: str, prop: str, mode: str | None = None) -> bool:
        """Whether a type (or one of its modes) has a property of plover.tsv."""
        info = self.types.get(event_type)
        if info is None:
            return False
        return prop in info.properties or (mode is not None and prop in info.mode_properties.get(mode, ()))

    def with_property(self, prop: str) -> frozenset[str]:
        """The types that have a property."""
        return frozenset(name for name, info in self.types.items() if prop in info.properties)

    def mode_with(self, prop: str) -> tuple[str, str] | None:
        """The first (type, mode) whose mode row has a property ("if_unmet": the ultimatum mode of
        THREATEN); looked up once per property, as the coder asks for each event."""
        if prop not in self._mode_with:
            self._mode_with[prop] = next(((name, mode) for name, info in self.types.items()
                                          for mode, props in info.mode_properties.items() if prop in props), None)
        return self._mode_with[prop]

    def by_state(self, event_type: str) -> tuple[str, str | None] | None:
        """What a type means when a state does it, as (type, mode), or None when the same."""
        info = self.types.get(event_type)
        return info.by_state if info else None

    def coding(self, event_type: str, mode: str | None, cameo: str | None = None) -> Coding:
        """The CAMEO code, Goldstein score and quad class of a type and mode (the type's own
        when the mode has no row), or of a finer CAMEO code a trigger names (`cameo`)."""
        default = self.codings.get((event_type, mode)) or self.codings[(event_type, None)]
        code = self.cameo.get(cameo) if cameo else None
        if code is None:
            return default
        return Coding(code.code, code.goldstein, code.quad_class, default.symmetric)

    def symmetric(self, event_type: str) -> bool:
        return self.has(event_type, "symmetric")

    def colours(self) -> dict[str, str]:
        """Each type's chart colour ("#rrggbb"), in the PLOVER manual's order of the types."""
        return {name: self.types[name].colour for name in PLOVER_TYPES}


def load_ontology(root: Path | None = None) -> Ontology:
    """The ontology, loaded once per data folder."""
    return _load_ontology(Path(root or data_root()).resolve())


@lru_cache(maxsize=4)
def _load_ontology(root: Path) -> Ontology:
    return Ontology(root)


def _properties(row: Row) -> tuple[set[str], dict[str, str]]:
    flags, valued = set(), {}
    for item in filter(None, (p.strip() for p in row.get("properties").split(","))):
        key, eq, value = item.partition("=")
        if eq:
            if key not in VALUED_PROPERTIES:
                raise row.error("properties", f"unknown property '{key}=' (one of {', '.join(sorted(VALUED_PROPERTIES))})")
            valued[key] = value
        elif key not in PROPERTIES:
            raise row.error("properties", f"unknown property '{key}' (see the list at the top of plover.tsv)")
        else:
            flags.add(key)
    return flags, valued


def _reading(row: Row, value: str) -> tuple[str, str | None]:
    event_type, _, mode = value.partition(":")
    if event_type not in PLOVER_TYPES:
        raise row.error("properties", f"unknown PLOVER type '{event_type}' in '{value}' (write TYPE or TYPE:mode)")
    return event_type, mode or None


def _colour(row: Row, types: dict[str, TypeInfo]) -> str:
    """The colour of a default row: required, "#rrggbb", and no other type's (two types in one
    colour could not be told apart in a chart)."""
    colour = row.get("colour")
    if not COLOUR.fullmatch(colour):
        raise row.error("colour", f"'{colour}' is not a colour #rrggbb (lower-case hex)" if colour
                        else "the type's default row needs a colour #rrggbb")
    taken = next((name for name, info in types.items() if info.colour == colour and name != row["type"]), None)
    if taken:
        raise row.error("colour", f"{colour} is already {taken}'s colour: each type needs its own")
    return colour


def _known_code(row: Row, cameo: dict) -> str:
    if row["cameo"] not in cameo:
        raise row.error("cameo", f"CAMEO code '{row['cameo']}' is not in ontology/cameo.tsv")
    return row["cameo"]
