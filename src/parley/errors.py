"""Parley's exceptions: one family, with messages a user can act on.

    ParleyError                 base class; catch this to catch everything Parley raises
    ├── InputError              an input file or record could not be read (names file and line)
    ├── DataFileError           a bundled or user data file is malformed (names file, line, field)
    ├── UnknownCountry          a country or organisation name no actor table knows (with a suggestion)
    └── StoreError              the DuckDB event store cannot be opened or written
        └── RowsRefused         the store refused some rows (bad data), not a failure of the store

The CLI turns any `ParleyError` into one line on stderr, never a traceback.
"""
from __future__ import annotations


class ParleyError(Exception):
    """Base class of every error Parley raises on purpose."""


class InputError(ParleyError):
    """An input could not be read; the message names the file (and line) and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, severity: str = "skipped") -> None:
        """`severity`: "skipped" when the input (or part of it) was left out, "warning" when it
        was coded but something about it is worth knowing."""
        self.path, self.problem, self.line, self.severity = path, problem, line, severity
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):  # pickled by its fields: a cluster worker sends it back to the driver
        return type(self), (self.path, self.problem, self.line, self.severity)


class DataFileError(ParleyError):
    """A data file (lexicon, actor table, ontology) is malformed."""

    def __init__(self, path: str, line: int, field: str, problem: str) -> None:
        self.path, self.line, self.field, self.problem = path, line, field, problem
        super().__init__(f"{path}:{line}: field '{field}': {problem}")


class UnknownCountry(ParleyError):
    """A country or organisation, given by name or code, that the actor tables do not know
    (`suggestion`: the closest known name and its code, if any), or a name that several
    share (`candidates`: their names and codes)."""

    def __init__(self, text: str, suggestion: tuple[str, str] | None = None,
                 candidates: list[tuple[str, str]] | None = None) -> None:
        self.text, self.suggestion, self.candidates = text, suggestion, candidates or []
        if self.candidates:
            named = ", ".join(f"{name} ({code})" for name, code in self.candidates)
            message = f"'{text}' names several countries or organisations: {named}; give the code"
        else:
            message = f"unknown country or organisation '{text}'"
            if suggestion:
                message += f" (did you mean {suggestion[0]} ({suggestion[1]})?)"
        super().__init__(message)


class StoreError(ParleyError):
    """The event store could not be opened, read or written."""


class RowsRefused(StoreError):
    """The store refused a batch's rows because of what they hold; the store itself is sound
    and the other articles can still be written."""
