"""Settings: the defaults in `settings.toml`, overridden key by key by a user file."""
from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ParleyError

# Every setting, its help line (documented in the README; a test checks both ways).
SETTINGS_HELP = {
    "pipeline.languages": "languages the language identifier may answer",
    "pipeline.stages": "stages run on every article, in order",
    "pipeline.batch_size": "articles per batch handed to a worker and written at once",
    "pipeline.jobs": "worker processes (0 = one per CPU core)",
    "pipeline.max_article_bytes": "inputs larger than this are skipped with an error",
    "pipeline.published": "publication date (YYYY-MM-DD) of every article that states none (`--published`)",
    "output.counted_only": "write only asserted/reported events unless --all-events",
    "store.memory_limit": "DuckDB memory limit while writing (bounds peak memory on big stores)",
    "store.write_every_articles": "coded articles gathered before one write to the store",
    "store.write_every_seconds": "longest wait, in seconds, between two writes to the store",
}


def load_settings(user_file: str | Path | None = None) -> dict[str, Any]:
    """The default settings, with a user TOML file's keys laid over them."""
    text = (resources.files("parley") / "settings.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)
    if user_file:
        try:
            user = tomllib.loads(Path(user_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ParleyError(f"{user_file}: cannot read settings ({err})") from None
        for section, values in user.items():
            if section not in settings or not isinstance(values, dict):
                raise ParleyError(f"{user_file}: unknown settings section [{section}]")
            unknown = set(values) - set(settings[section])
            if unknown:
                raise ParleyError(f"{user_file}: unknown setting {section}.{sorted(unknown)[0]}")
            for key, value in values.items():
                problem = _problem_with(f"{section}.{key}", value, settings[section][key])
                if problem:
                    raise ParleyError(f"{user_file}: setting {section}.{key} = {json.dumps(value, default=str)}: {problem}")
            settings[section].update(values)
    return settings


# Lower bounds of numeric settings (the type of each is the type of its default).
MINIMUM = {"pipeline.batch_size": 1, "pipeline.jobs": 0, "pipeline.max_article_bytes": 1000,
           "store.write_every_articles": 1, "store.write_every_seconds": 0}
# DuckDB needs a few MB to write one batch: below this it fails with "Out of Memory" mid-run.
MIN_MEMORY_BYTES = 16 * 1024 ** 2
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)
UNIT_BYTES = {"B": 1, "KB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3, "TB": 1000 ** 4,
              "KIB": 1024, "MIB": 1024 ** 2, "GIB": 1024 ** 3, "TIB": 1024 ** 4}


def _problem_with(name: str, value: Any, default: Any) -> str | None:
    """What is wrong with a user's value for a setting, or None: checked when the file is
    read, so that a typo is one line naming it rather than a failure deep in a run."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(default, int) and not isinstance(value, int)):
            return f"expected {'a whole number' if isinstance(default, int) else 'a number'}"
        if name in MINIMUM and value < MINIMUM[name]:
            return f"must be at least {MINIMUM[name]}"
        return None
    if isinstance(default, list):
        return None if isinstance(value, list) and all(isinstance(v, str) for v in value) else "expected a list of strings"
    if not isinstance(value, str):
        return "expected a string"
    if name == "store.memory_limit":
        return _memory_problem(value)
    return None


def _memory_problem(value: str) -> str | None:
    match = SIZE.match(value)
    if not match:
        return "expected a size such as '64MB' or '1GB'"
    size = float(match.group(1)) * UNIT_BYTES[match.group(2).upper()]
    if size < MIN_MEMORY_BYTES:
        return f"too small: the store needs at least {MIN_MEMORY_BYTES // 1024 ** 2}MiB to write"
    return None
