"""Reading Parley's data files (TSV tables under `parley/data/`) with validation.

Every table is a UTF-8 TSV with a header line; `#` starts a comment line. Rows are
checked at load so that a typo in a lexicon fails with file, line and field, not
with a wrong event three stages later.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .errors import DataFileError

LOGGER = logging.getLogger(__name__)

Validator = Callable[[str], str | None]  # returns a problem description, or None if fine


@dataclass(frozen=True, slots=True)
class Row:
    """One data row with where it came from, for error messages downstream."""

    path: str
    line: int
    fields: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.fields[name]

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name) or default

    def error(self, field: str, problem: str) -> DataFileError:
        return DataFileError(self.path, self.line, field, problem)


def data_root() -> Path:
    """The folder of bundled data files inside the installed package."""
    return Path(str(resources.files("parley") / "data"))


def one_of(*allowed: str) -> Validator:
    allowed_set = set(allowed)

    def check(value: str) -> str | None:
        if value and value not in allowed_set:
            return f"'{value}' is not one of {', '.join(sorted(allowed_set))}"
        return None

    return check


def is_number(value: str) -> str | None:
    try:
        float(value)
    except ValueError:
        return f"'{value}' is not a number" if value else None
    return None


def is_iso_date(value: str) -> str | None:
    if value and not (len(value) == 10 and value[4] == "-" and value[7] == "-"
                      and value.replace("-", "").isdigit()):
        return f"'{value}' is not a date YYYY-MM-DD"
    return None


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
               checks: dict[str, Validator] | None = None) -> Iterator[Row]:
    """Yield validated rows of a TSV data file.

    `required` columns must exist in the header and be non-empty in every row;
    `optional` columns may be missing or empty. `checks` maps a column to a validator.
    """
    checks = checks or {}
    name = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(name, 0, "-", "file not found") from None
    except UnicodeDecodeError as err:
        raise DataFileError(name, 0, "-", f"not UTF-8 ({err.reason})") from None
    header: list[str] | None = None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            missing = [col for col in required if col not in header]
            if missing:
                raise DataFileError(name, number, missing[0], "column missing from header")
            continue
        if len(cells) > len(header):
            raise DataFileError(name, number, header[-1],
                                f"{len(cells)} cells but the header has {len(header)} columns")
        fields = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        for col in required:
            if not fields.get(col):
                raise DataFileError(name, number, col, "required value is empty")
        for col, check in checks.items():
            problem = check(fields.get(col, ""))
            if problem:
                raise DataFileError(name, number, col, problem)
        yield Row(name, number, fields)
    if header is None:
        raise DataFileError(name, 0, "-", "file has no header line")


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Non-empty, non-comment lines of a plain list file, with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(path), 0, "-", "file not found") from None
    return [(n, line.rstrip("\n")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=4)
def generated_forms(root: Path) -> MappingProxyType:
    """(lang, base) -> the generated inflected forms of an actor-table text
    (`actors/generated/forms.tsv`), read once per data root: the actor lexicon and the place
    lexicon both need them, and the file is large."""
    rows = read_table(root / "actors" / "generated" / "forms.tsv", ("lang", "base", "forms"))
    return MappingProxyType({(row["lang"], row["base"]): row["forms"].split("|") for row in rows})
