"""Countries: a country or organisation as a user names it, resolved to the code events carry.

`resolve_country("Bielorrusia")` is "BLR", and so are "Belarus", "Беларусь", "Белоруссии",
"belarus" and "blr"; "EU", "European Union", "ЕС" and "Unión Europea" are "EU". A code
(ISO 3166-1 alpha-3, or an organisation's code) is taken as it is; a name is looked up,
folded (case and accents ignored), among the very names the actor stage matches in text
(`actors.country_names`: CLDR's names, the hand-written short forms and organisations)
with their generated inflections. A name nobody knows raises `UnknownCountry`, with the
closest known name as a suggestion; the CLI and the API both call this one function.
"""
from __future__ import annotations

import difflib
import logging
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .actors import KIND_PRIORITY, country_names
from .datafiles import data_root, generated_forms
from .errors import UnknownCountry
from .textnorm import fold

LOGGER = logging.getLogger(__name__)

# How close (difflib's ratio, 0-1) a known name must be to be suggested for an unknown one:
# "Belarsu" scores 0.86 against "belarus", "Belarusian" 0.82, "Bolivia" 0.43, and "Narnia"
# 0.77 against "armenia", which is no help.
SUGGEST_CUTOFF = 0.8


class CountryIndex:
    """Every folded country and organisation name, and every code, of the actor tables."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or data_root()
        forms = generated_forms(root)
        self.codes: set[str] = set()
        self._names: dict[str, dict[str, int]] = defaultdict(dict)  # folded name -> code -> kind priority
        self._shown: dict[str, str] = {}  # folded name -> the name as the tables write it
        for name in country_names(root):
            self.codes.add(name.code)
            for variant in [name.text, *forms.get((name.lang, name.text), [])]:
                key = _key(variant)
                if key:
                    self._names[key][name.code] = min(KIND_PRIORITY[name.kind],
                                                      self._names[key].get(name.code, 99))
                    self._shown.setdefault(key, name.text)
        # the name shown for a code: its English name, else the first the tables give
        self._code_names: dict[str, str] = {}
        for name in sorted(country_names(root), key=lambda n: (n.lang != "en", n.case != "title")):
            self._code_names.setdefault(name.code, name.text)

    def resolve(self, text: str) -> str:
        """The code of `text`: a known code (any case), or the code of a known name."""
        given = " ".join(text.split())
        if given.upper() in self.codes:
            return given.upper()
        codes = self._names.get(_key(given))
        if not codes:
            raise UnknownCountry(text, self.suggest(given))
        best = min(codes.values())  # an organisation before a country, as the actor stage reads it
        winners = sorted(code for code, priority in codes.items() if priority == best)
        if len(winners) > 1:
            raise UnknownCountry(text, None, [(self._code_names.get(c, c), c) for c in winners])
        return winners[0]

    def suggest(self, text: str) -> tuple[str, str] | None:
        """The known name (as the tables write it) and code closest to `text`, if one is close."""
        close = difflib.get_close_matches(_key(text), self._names.keys(), n=1, cutoff=SUGGEST_CUTOFF)
        if close:
            codes = self._names[close[0]]
            code = min(codes, key=lambda c: (codes[c], c))
            return self._shown[close[0]], code
        given = text.strip().upper()
        close = difflib.get_close_matches(given, sorted(self.codes), n=1, cutoff=SUGGEST_CUTOFF)
        if close and len(given) <= 6:  # "BLRR", "NAT0"
            return self.name(close[0]), close[0]
        return None

    def name(self, code: str) -> str:
        """A readable name of `code` (English when the tables have one)."""
        return self._code_names.get(code, code)


def _key(text: str) -> str:
    return " ".join(fold(text).replace(".", " ").split())


@lru_cache(maxsize=2)
def country_index(root: Path | None = None) -> CountryIndex:
    """The index of the bundled tables (or of `root`), built once per process: read-only data."""
    return CountryIndex(root)


def resolve_country(text: str, index: CountryIndex | None = None) -> str:
    """The code of a country or organisation named by `text` in any language the actor
    tables know, or given by its code; raises `UnknownCountry` (a `ParleyError`) otherwise."""
    return (index or country_index()).resolve(text)
