"""Settings: the defaults in `settings.toml`, overridden key by key by a user file."""
from __future__ import annotations

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
            settings[section].update(values)
    return settings
