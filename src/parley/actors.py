"""Actors: find political actors in a sentence and resolve them to country, sector, name.

All names come from data files (see `data/actors/` and `data/lang/<code>/roles.tsv`);
one Aho-Corasick automaton over every pattern finds all matches of a sentence in one
pass over its folded text, the longest match wins, and adjacent matches joined by a
connector ("the foreign minister of Belarus", "Russia's Putin", "US forces",
"el canciller bielorruso") compose into one actor: the country from the country word,
the sector from the role, the name from the person or body.

Ambiguity: a name listed in `ambiguous.tsv` is dropped when its veto pattern matches
the sentence (Georgia with "Atlanta" or "governor" is the US state); case rules keep
"turkey" and "chad" out; metonyms ("Minsk") after a locative preposition ("in Minsk")
are places, which the event stage uses as locations, not actors.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import islice
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .datafiles import data_root, generated_forms, is_iso_date, one_of, read_table
from .lang import capital_letters, load_languages, script_of
from .morphology import cases, may_be_genitive_noun
from .records import Actor, Article, Mention, Sentence
from .textnorm import fold, preceding_words

LOGGER = logging.getLogger(__name__)

CASES = ("exact", "title", "any")
SECTORS = ("GOV", "MIL", "LEG", "JUD", "POL", "OPP", "REB", "COP", "SPY", "MED", "BUS", "NGO",
           "CVL", "EDU", "REL", "CRM", "ELI", "UAF")
COUNTRY_KINDS = frozenset({"country", "igo", "demonym", "metonym", "body", "person"})
# Kinds listed first win when one string has several readings (a surname that is also a city).
KIND_PRIORITY = {"none": -1, "person": 0, "body": 1, "igo": 2, "country": 3, "metonym": 4, "demonym": 5,
                 "role": 6}
# Role nouns and demonyms are common words: match them only in their own language.
LANGUAGE_BOUND_KINDS = frozenset({"role", "demonym", "none"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a pattern: what the matched words would mean."""

    kind: str
    lang: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    id: str | None = None
    role: str | None = None
    case: str = "title"
    surface: str = ""
    start: date | None = None
    end: date | None = None


class CountryName(NamedTuple):
    """One way a language names a country or an international organisation."""

    kind: str  # "country" or "igo"
    lang: str
    text: str
    code: str  # ISO 3166-1 alpha-3, or the organisation's code
    case: str = "title"


def country_names(root: Path) -> Iterator[CountryName]:
    """Every country and organisation name of the actor tables: CLDR's country names
    (`generated/cldr_countries.tsv`), the short and older forms of `countries.tsv` and the
    organisations of `igos.tsv`. The actor lexicon matches them in text; `countries.py`
    resolves a name a user types with the same rows."""
    actors = root / "actors"
    for row in read_table(actors / "generated" / "cldr_countries.tsv", ("lang", "text", "country")):
        yield CountryName("country", row["lang"], row["text"], row["country"])
    for row in read_table(actors / "countries.tsv", ("lang", "text", "country"), ("case",),
                          {"case": one_of(*CASES)}):
        yield CountryName("country", row["lang"], row["text"], row["country"], row.get("case", "title"))
    for row in read_table(actors / "igos.tsv", ("lang", "text", "code"), ("case",), {"case": one_of(*CASES)}):
        yield CountryName("igo", row["lang"], row["text"], row["code"], row.get("case", "title"))


@dataclass(slots=True)
class Match:
    start: int
    end: int
    entries: list[Entry]


class ActorLexicon:
    """Every actor pattern of every language, compiled into one automaton."""

    def __init__(self, root: Path | None = None) -> None:
        import ahocorasick

        self.root = root or data_root()
        self._patterns: dict[str, list[Entry]] = defaultdict(list)
        self.connectors: dict[str, set[str]] = defaultdict(set)
        self.coords: dict[str, set[str]] = defaultdict(set)
        self.locatives: dict[str, set[str]] = defaultdict(set)
        self.titles: dict[str, set[str]] = defaultdict(set)
        self.posted_to: dict[str, set[str]] = defaultdict(set)
        self.pronouns: dict[str, set[str]] = defaultdict(set)
        self.epithets: dict[str, set[str]] = defaultdict(set)
        self.determiners: dict[str, set[str]] = defaultdict(set)
        self.genitives: dict[str, set[str]] = defaultdict(set)
        self.former: dict[str, set[str]] = defaultdict(set)  # "former", "expresidente", "бывший"
        self.ethnic: dict[str, set[str]] = defaultdict(set)  # "ethnic", "de etnia", "этнических"
        self.possessive_suffixes: dict[str, tuple[str, ...]] = {}  # "'s"
        self.function_words: dict[str, set[str]] = defaultdict(set)  # words no modifier of a role is
        self.participle_endings: dict[str, tuple[str, ...]] = {}
        self.place_kinds: dict[str, set[str]] = defaultdict(set)  # "town", "provincia", "городе"
        self.stance_prefixes: dict[str, tuple[str, ...]] = {}  # "anti-", "pro-"
        self.directions: dict[str, set[str]] = defaultdict(set)  # "western", "восточной"
        self.not_names: set[str] = set()
        self.passive_aux: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.languages = load_languages(root)
        self.surname_endings = {code: tuple(sorted(lang.singles("surname_ending"), key=len))
                                for code, lang in self.languages.items()}
        self._compile_name_patterns()
        self.vetoes: dict[str, list[re.Pattern[str]]] = defaultdict(list)
        forms = generated_forms(self.root)
        self._load_countries(forms)
        self._load_bodies(forms)
        self._load_capitals()
        self._load_people(forms)
        self._load_roles(forms)
        self._load_grammar()
        self._load_ambiguous()
        self._load_not_actors(forms)
        self._automaton = ahocorasick.Automaton()
        for key, entries in self._patterns.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()

    # -- loading -------------------------------------------------------------------
    def _add(self, text: str, entry: Entry, forms: Mapping[tuple[str, str], list[str]]) -> None:
        for variant in [text] + forms.get((entry.lang, text), []):
            key = fold(variant)
            if key.strip():
                self._patterns[key].append(_with_surface(entry, variant))

    def _load_countries(self, forms) -> None:
        for name in country_names(self.root):
            self._add(name.text, Entry(name.kind, name.lang, country=name.code,
                                       name=name.text if name.kind == "igo" else None, case=name.case), forms)
        # one column per language ("en", "es", ...): a language's demonyms are data, not code
        for row in read_table(self.root / "actors" / "demonyms.tsv", ("country",), tuple(self.languages)):
            for lang in self.languages:
                for text in filter(None, row.get(lang).split("|")):
                    self._add(text, Entry("demonym", lang, country=row["country"], case="any"), forms)

    def _load_bodies(self, forms) -> None:
        path = self.root / "actors" / "bodies.tsv"
        for row in read_table(path, ("lang", "text", "country", "kind"), ("sector", "name", "case"),
                              {"kind": one_of("metonym", "body"), "sector": one_of(*SECTORS),
                               "case": one_of(*CASES)}):
            self._add(row["text"], Entry(row["kind"], row["lang"], country=row["country"],
                                         sector=row.get("sector") or None, name=row.get("name") or None,
                                         id=_slug(row.get("name")) if row.get("name") else None,
                                         case=row.get("case", "title")), forms)

    def _load_capitals(self) -> None:
        """Every sovereign country's capital as a metonym of its government (generated; the
        seats of power in bodies.tsv, written by hand, win where both name a place)."""
        for row in read_table(self.root / "actors" / "generated" / "capitals.tsv", ("lang", "text", "country")):
            if not any(e.kind in ("metonym", "body", "country") for e in self._patterns.get(fold(row["text"]), ())):
                self._add(row["text"], Entry("metonym", row["lang"], country=row["country"], sector="GOV"), {})

    def _load_people(self, forms) -> None:
        for path in sorted((self.root / "actors" / "people").glob("*.tsv")):
            self._load_people_file(path, forms)

    def _load_people_file(self, path: Path, forms) -> None:
        for row in read_table(path, ("id", "name", "country", "variants"), ("sector", "role", "start", "end"),
                              {"sector": one_of(*SECTORS), "start": is_iso_date, "end": is_iso_date}):
            entry = Entry("person", "*", country=row["country"], sector=row.get("sector") or None,
                          name=row["name"], id=row["id"], role=row.get("role") or None,
                          start=_date(row.get("start")), end=_date(row.get("end")))
            for variant in {row["name"], *row["variants"].split("|")}:
                if variant and not variant[0].isupper() and not variant.lower().startswith(self._particles()):
                    raise row.error("variants", f"'{variant}' must start with a capital letter "
                                    "(or a name particle of grammar.tsv: 'von der Leyen')")
                for lang in self._languages_written_in(variant):
                    self._add(variant, _with_lang(entry, lang), forms)

    def _particles(self) -> tuple[str, ...]:
        """Name particles that may start a variant in lower case ("von der Leyen", "al-Assad"):
        `name_particle` of every grammar.tsv, a hyphenated one a prefix, another a word."""
        return tuple(p if p.endswith("-") else p + " " for lang in self.languages.values()
                     for p in lang.texts("name_particle"))

    def _languages_written_in(self, variant: str) -> list[str]:
        """"*" (every language) for a name in Latin script; the languages written in its script
        otherwise ("Лукашенко" is matched in Russian text only)."""
        script = script_of(variant)
        if script in (None, "Latin"):
            return ["*"]
        return [code for code, lang in self.languages.items() if lang.script == script] or ["*"]

    def _compile_name_patterns(self) -> None:
        """The patterns of a person's name beside a role and of a capitalised word, from the
        capital letters of the languages' alphabets and their articles."""
        capitals = capital_letters(self.languages)
        name = rf"[{capitals}][\w'’-]+(?: [{capitals}][\w'’-]+){{1,2}}"  # "John Smith", "María José Pérez"
        articles = "|".join(sorted({re.escape(w) + " " for lang in self.languages.values()
                                    for w in lang.singles("determiner")}, key=len, reverse=True))
        self.name_after_role = re.compile(rf"^,? ({name})\b")
        self.name_before_role = re.compile(rf"\b({name}), (?:{articles})?$")
        self.capitalised = re.compile(rf"[{capitals}][\w'’-]+")

    def _load_roles(self, forms) -> None:
        for path in sorted((self.root / "lang").glob("*/roles.tsv")):
            lang = path.parent.name
            for row in read_table(path, ("text", "sector", "role"), ("country", "case"),
                                  {"sector": one_of(*SECTORS), "case": one_of("", "any", "title", "lower")}):
                for text in row["text"].split("|"):  # "title": only capitalised ("la Armada", not "tregua armada"),
                    # "lower": only in lower case ("la junta" rules; "la Junta de Andalucía" is a region's government)
                    self._add(text, Entry("role", lang, country=row.get("country") or None, sector=row["sector"],
                                          role=row["role"], case=row.get("case") or "any"), forms)

    def _load_grammar(self) -> None:
        for lang, language in self.languages.items():
            self.connectors[lang] |= language.texts("connector")
            self.coords[lang] |= {fold(t) for t in language.texts("coord")}
            self.locatives[lang] |= language.texts("locative")
            self.pronouns[lang] |= language.texts("pronoun")  # accents kept: "Él" is he, "El" is the
            self.epithets[lang] |= {fold(t) for t in language.texts("epithet")}
            self.determiners[lang] |= {fold(t) for t in language.texts("determiner")}
            self.genitives[lang] |= {fold(t) for t in language.texts("genitive")}
            self.former[lang] |= {fold(t) for t in language.texts("former")}
            self.ethnic[lang] |= {fold(t) for t in language.texts("ethnic")}
            self.posted_to[lang] |= language.texts("posted_to")
            self.titles[lang] |= language.texts("title")
            self.not_names |= language.texts("not_name")
            self.passive_aux[lang] = tuple(language.phrases("passive_aux"))
            self.place_kinds[lang] = {fold(t) for t in language.texts("place_kind")}
            self.stance_prefixes[lang] = tuple(fold(t) for t in language.texts("stance_prefix"))
            self.directions[lang] = {fold(t) for t in language.texts("direction")}
            self.possessive_suffixes[lang] = tuple(sorted(language.texts("possessive_suffix"), key=len, reverse=True))
            self.participle_endings[lang] = tuple(language.singles("participle_ending"))
            self.function_words[lang] = {fold(w) for c in FUNCTION_CATEGORIES for t in language.texts(c)
                                         for w in t.split()}

    def _load_not_actors(self, forms) -> None:
        """Phrases that contain an actor word but name none ("South American", "Latin America");
        being longer, they win the match and then resolve to nothing."""
        for row in read_table(self.root / "actors" / "not_actors.tsv", ("lang", "text"), ("note",)):
            self._add(row["text"], Entry("none", row["lang"], case="any"), forms)

    def _load_ambiguous(self) -> None:
        path = self.root / "actors" / "ambiguous.tsv"
        for row in read_table(path, ("text", "veto"), ("note",)):
            try:
                self.vetoes[fold(row["text"])].append(re.compile(row["veto"]))
            except re.error as err:
                raise row.error("veto", f"not a valid regular expression ({err})") from None

    # -- matching ------------------------------------------------------------------
    def matches(self, text: str, lang: str, folded: str | None = None) -> list[Match]:
        """Non-overlapping matches in `text`, longest first, that pass case and veto rules."""
        folded = folded or fold(text)
        found = []
        for end_index, (length, entries) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if not _at_word_boundaries(folded, start, end):
                continue
            surface = text[start:end]
            kept = [e for e in entries if _case_ok(e, surface) and _lang_ok(e, lang)]
            if kept and not self._vetoed(folded[start:end], text):
                found.append(Match(start, end, kept))
        found.sort(key=lambda m: (m.start - m.end, m.start))
        taken: list[Match] = []
        used = bytearray(len(text) + 1)
        for match in found:
            if not any(used[match.start:match.end]):
                taken.append(match)
                used[match.start:match.end] = b"\x01" * (match.end - match.start)
        taken.sort(key=lambda m: m.start)
        return taken

    def _vetoed(self, key: str, sentence: str) -> bool:
        return any(v.search(sentence) for v in self.vetoes.get(key, ()))


def _with_surface(entry: Entry, surface: str) -> Entry:
    return Entry(entry.kind, entry.lang, entry.country, entry.sector, entry.name, entry.id, entry.role,
                 entry.case, surface, entry.start, entry.end)


def _with_lang(entry: Entry, lang: str) -> Entry:
    return Entry(entry.kind, lang, entry.country, entry.sector, entry.name, entry.id, entry.role,
                 entry.case, entry.surface, entry.start, entry.end)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _at_word_boundaries(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return not (before.isalnum() or (after.isalnum() and folded[end - 1].isalnum()))


def _case_ok(entry: Entry, surface: str) -> bool:
    if entry.case == "exact":
        return surface == entry.surface
    if entry.case == "title":
        return surface[:1].isupper()
    if entry.case == "lower":
        return surface[:1].islower()
    return True


def _lang_ok(entry: Entry, lang: str) -> bool:
    return entry.kind not in LANGUAGE_BOUND_KINDS or entry.lang == lang


# -- resolution ----------------------------------------------------------------------
def find_mentions(text: str, lang: str, lexicon: ActorLexicon, when: date | None = None,
                  offset: int = 0, folded: str | None = None) -> list[Mention]:
    """The actor mentions of one sentence, composed and resolved; spans shifted by `offset`."""
    mentions = []
    prefixes = lexicon.stance_prefixes.get(lang, ())
    reach = max(map(len, prefixes), default=0)
    matches = [m for m in lexicon.matches(text, lang, folded) if not _is_surname(text, m, lexicon.directions[lang])
               and not (prefixes and fold(text[max(0, m.start - reach):m.start]).endswith(prefixes))]  # "anti-Syria"
    previous: list[Match] = []
    for group in _groups(text, lang, matches, lexicon):
        posted = _is_posting(text, previous, group, lexicon.posted_to.get(lang, set()))
        if posted and mentions and mentions[-1].start == previous[0].start + offset:
            host = _resolve(group, when)  # kept on the diplomat: "recalled its ambassador to Guyana"
            host.text, host.span = text[group[0].start:group[-1].end], (group[0].start + offset, group[-1].end + offset)
            mentions[-1].posted_to = host
        previous = group
        if posted or any(m.entries[0].kind == "none" for m in group):
            continue  # "South American countries", "the ambassador of Venezuela to Russia": not actors
        start, end = group[0].start, group[-1].end
        actor = _resolve(group, when)
        actor.text, actor.span = text[start:end], (start + offset, end + offset)
        kind = min((_best(m.entries, when).kind for m in group), key=KIND_PRIORITY.get)
        if actor.name is None and any(_best(m.entries, when).kind == "role" for m in group):
            name = _name_beside_role(text, start, end, lexicon)
            if name:
                actor.name, actor.id = name, _slug(name)
        before = preceding_words(text, start)
        if kind == "role" and _after_passive_aux(before, lexicon.passive_aux.get(lang, ())):
            continue  # "fue detenido", "были задержаны": a participle, not the role noun "detainee"
        if actor.sector in STATE_ROLE_SECTORS and _after_former(before, lexicon.former.get(lang, set())):
            actor.sector = "ELI"  # "former president Bolsonaro", "el expresidente Castillo": no longer the state
        if kind == "demonym" and _names_a_kind_of_place(before, text[end:], lang, lexicon):
            kind = "country"  # "in the Somali town of Baidoa", "в сирийском городе Алеппо": where, as the country
        if kind == "demonym" and _named_as_a_people(before, text[end:], lexicon.ethnic.get(lang, set())):
            # "Serb forces killed three ethnic Albanians in southern Serbia", "uzbekos étnicos": a people, not the state
            # its name shares; they are of the country where the sentence places them
            actor.country, actor.sector, kind = None, actor.sector or "CVL", "role"
        mentions.append(Mention(kind=kind, start=start + offset, end=end + offset, text=actor.text,
                                actor=actor, preposition=before[-1] if before else None, before=before))
    return _shared_heads(mentions, text, lexicon.coords.get(lang, set()), offset)


def _shared_heads(mentions: list[Mention], text: str, coords: set[str], offset: int) -> list[Mention]:
    """"Armenian and Azerbaijani troops", "армянские и азербайджанские военные", "tropas
    tailandesas y camboyanas": a bare demonym joined by a coordinator to a demonym with a role
    shares that role's noun, so its sector too (both sides' troops clashed)."""
    out = list(mentions)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        gap = fold(text[first.end - offset:second.start - offset]).strip()
        if gap not in coords or first.kind != "demonym" or second.kind != "demonym":
            continue
        bare = [m for m in (first, second) if m.actor.sector is None]
        headed = [m for m in (first, second) if m.actor.sector is not None]
        if len(bare) == 1 and len(headed) == 1:  # "Tropas tailandesas y camboyanas": either side
            out[out.index(bare[0])] = _with_sector(bare[0], headed[0].actor.sector)
    return out


def _with_sector(mention: Mention, sector: str) -> Mention:
    return replace(mention, actor=replace(mention.actor, sector=sector))


STATE_ROLE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})  # offices one may have left


def _named_as_a_people(before: tuple[str, ...], after: str, ethnic: set[str]) -> bool:
    """Whether an `ethnic` word stands just before a demonym or just after it ("ethnic
    Albanians", "этнических узбеков", "uzbekos étnicos")."""
    following = fold(after[:ETHNIC_REACH]).split()[:1]
    return bool(ethnic) and ((bool(before) and before[-1] in ethnic) or (bool(following) and following[0] in ethnic))


ETHNIC_REACH = 24  # characters after a demonym where its `ethnic` word may stand


FORMER_REACH = 2  # words between "former" and the office ("former Prime Minister", "бывший глава МИД")


def _names_a_kind_of_place(before: tuple[str, ...], after: str, lang: str, lexicon: "ActorLexicon") -> bool:
    """"in the Somali town of Baidoa", "в сирийском городе Алеппо", "en la ciudad siria de Alepo"
    (the demonym after the kind, then "de" or nothing): a demonym right before or after a word
    for a kind of place, after a locative (an article between allowed), says in which country
    the place is ("в провинции руандийские военные" names Rwandan soldiers, no place)."""
    locatives = lexicon.locatives.get(lang, set())
    kinds = lexicon.place_kinds.get(lang, set())
    following = fold(after).split()[:1]
    words = list(before)
    if following and following[0] in kinds:  # the demonym, then the kind of place
        pass
    elif words and words[-1] in kinds and (not following or following[0] in lexicon.genitives.get(lang, set())):
        words = words[:-1]  # the kind of place, then the demonym, then its name: "la provincia afgana de Paktika"
    else:
        return False
    if words and words[-1] in lexicon.determiners.get(lang, set()):
        words = words[:-1]
    return any(" ".join(words[-n:]) in locatives for n in (1, 2, 3) if len(words) >= n)


def _after_former(before: tuple[str, ...], former: set[str]) -> bool:
    """Whether a `former` word ("former", "ex", "expresidente", "бывший") stands just before."""
    return any(word in former for word in before[-FORMER_REACH:])


def _after_passive_aux(before: tuple[str, ...], auxiliaries) -> bool:
    """Whether the words before end with a passive auxiliary of the language ("fue", "ha sido")."""
    return any(before[-len(aux):] == aux for aux in auxiliaries if 0 < len(aux) <= len(before))


# Roles that are posted abroad ("the ambassador of Venezuela to Russia", "the US embassy in
# Minsk", "US officials in Kyiv"); ministers and heads of state only visit.
POSTED_ROLES = frozenset({"diplomat", "official", "government"})


def _is_posting(text: str, previous: list[Match], group: list[Match], posted_to: set[str]) -> bool:
    """Whether `group` is the country a role is posted to: "the ambassador of Venezuela to Russia".
    Only officials are posted: "войска в Венесуэлу" is where troops go, "prisoners to Lithuania"
    whom they are handed to."""
    if not previous or not any(e.kind == "role" and e.sector in ("GOV", None) and e.role in POSTED_ROLES
                               for m in previous for e in m.entries[:1]):
        return False  # a visiting minister is not posted: "визит госсекретаря США в Белоруссию"
    return fold(text[previous[-1].end:group[0].start]).strip() in posted_to


def _name_beside_role(text: str, start: int, end: int, lexicon: ActorLexicon) -> str | None:
    """The unlisted person a role noun names: "envoy John Smith", "John Smith, the envoy"."""
    for match in (lexicon.name_after_role.match(text[end:]), lexicon.name_before_role.search(text[:start])):
        if match and not any(fold(word) in lexicon.not_names for word in match.group(1).split()):
            return match.group(1)
    return None


def _groups(text: str, lang: str, matches: list[Match], lexicon: ActorLexicon) -> list[list[Match]]:
    """Adjacent matches joined by nothing but a connector become one actor."""
    groups: list[list[Match]] = []
    connectors = lexicon.connectors.get(lang, set())
    for match in matches:
        if groups:
            previous = groups[-1]
            raw_gap = text[previous[-1].end:match.start]
            gap = fold(raw_gap).strip()
            joined = gap == "" or gap in connectors or _is_given_names(raw_gap, previous, match) \
                or _is_office_name(text, lang, previous, match, connectors) \
                or _is_possessed_role(raw_gap, lang, previous, match, lexicon)
            if joined and _compatible(previous, match) and not _place_then_role(text, lang, previous, match, lexicon):
                previous.append(match)
                continue
        groups.append([match])
    return groups


def _place_then_role(text: str, lang: str, group: list[Match], match: Match, lexicon: "ActorLexicon") -> bool:
    """"принял в Минске делегацию США", "met in Caracas envoys of ...": a country or capital
    named as a place ends there; the role after it is another actor (a demonym still joins:
    "в российском МИД"). So does a place that names no actor ("задержали в Финском заливе танкер ..."),
    and a state followed by "of" and a role ("la visita a Montevideo del ministro indio"): a role
    is "of" its country, never the other way round."""
    first = group[0]
    if len(group) != 1 or first.entries[0].kind not in ("country", "metonym", "none") or match.entries[0].kind != "role":
        return False
    gap = fold(text[first.end:match.start]).split()
    if first.entries[0].kind != "none" and gap and gap[0] in lexicon.genitives.get(lang, set()):
        return True  # "la visita a Montevideo del ministro indio": the minister's visit, not Uruguay's minister
    before = preceding_words(text, first.start)
    locatives = lexicon.locatives.get(lang, set())
    return any(" ".join(before[-n:]) in locatives for n in (1, 2, 3) if len(before) >= n)


OFFICE_NAME_WORDS = 4  # words naming an office between its role and its country ("del Interior")
FIELD_WORDS = 2  # lower-case words naming a role's trade or field before its country ("de la construcción de")


def _is_office_name(text: str, lang: str, group: list[Match], match: Match, connectors: set[str]) -> bool:
    """"El Ministerio del Interior paquistaní", "la Secretaría de Seguridad Pública de México",
    "Министр внутренних дел Пакистана": a role, the name of its office, then its country. The
    office's name is capitalised words joined by connectors, or, in a language with a genitive
    case, lower-case words that may all be genitive, with the country after them genitive too;
    a trade or field is one or two lower-case words between connectors before a country ("los
    obreros de la construcción de Panamá", "workers of the oil sector of Nigeria")."""
    if group[-1].entries[0].kind != "role" or match.entries[0].kind not in ("country", "demonym"):
        return False
    words = text[group[-1].end:match.start].split()
    if not 0 < len(words) <= OFFICE_NAME_WORDS:
        return False
    glue = {w for c in connectors for w in c.split()}
    if fold(words[0]) in glue and any(w[:1].isupper() for w in words):
        return all(fold(w) in glue or (w[:1].isupper() and w.isalpha()) for w in words)
    if fold(words[0]) in glue and fold(words[-1]) in glue and match.entries[0].kind == "country" \
            and 0 < sum(fold(w) not in glue for w in words) <= FIELD_WORDS \
            and all(fold(w) in glue or (w.isalpha() and w.islower()) for w in words):
        return True  # "los obreros de la construcción de Panamá": the role's trade, then its country
    country = text[match.start:match.end].split()
    return all(w.isalpha() and w.islower() and may_be_genitive_noun(w, lang) for w in words) \
        and "Gen" in cases(country[0], lang)


MODIFIER_WORDS = 3  # words between a country's possessive and its role ("'s leading human rights")
FUNCTION_CATEGORIES = ("determiner", "preposition", "genitive", "locative", "coord", "agent", "complementizer",
                       "negation", "passive_aux", "possessive")


def _is_possessed_role(gap: str, lang: str, group: list[Match], match: Match, lexicon: "ActorLexicon") -> bool:
    """"Nigeria's oil workers' union", "Algeria's leading human rights activist", "Nicaragua's
    Sandinista government", "Zimbabwe's ruling ZANU-PF party": a country owning a role through
    a possessive suffix, with up to three words between that only qualify the role (no function
    word, no participle: "Russia's shelling killed civilians" names no Russian civilians). A
    role is the country's own then as it is in "Nigeria's union"."""
    suffix = next((s for s in lexicon.possessive_suffixes.get(lang, ()) if gap.startswith(s)), None)
    if suffix is None or len(group) != 1 or group[0].entries[0].kind not in ("country", "metonym") \
            or match.entries[0].kind != "role":
        return False
    words = gap[len(suffix):].split()
    endings = lexicon.participle_endings.get(lang, ())
    return 0 < len(words) <= MODIFIER_WORDS and all(
        w.replace("-", "").isalpha() and fold(w) not in lexicon.function_words[lang]
        and not (w.islower() and endings and w.endswith(endings)) for w in words)


GIVEN_NAMES = re.compile(r"^\s*(?:[A-ZÁÉÍÓÚÑА-ЯЁ][\w'-]*\.?\s+){1,3}$")


def _is_given_names(gap: str, group: list[Match], match: Match) -> bool:
    """"President Vladimir V. Putin", "президента США Дональда Трампа": a role (with the country
    it is of), then given names, then a known surname."""
    return (group[-1].entries[0].kind == "role"
            or (group[0].entries[0].kind == "role" and group[-1].entries[0].kind == "country")) \
        and match.entries[0].kind == "person" and bool(GIVEN_NAMES.match(gap))


def _compatible(group: list[Match], match: Match) -> bool:
    """Two country words, or two people, of different countries stay two actors ("Estados
    Unidos Rusia", "the Trump-Putin summit"); a role joins whatever names it ("Russian
    President Putin")."""
    kinds = {e.kind for m in group for e in m.entries[:1]} | {match.entries[0].kind}
    countries = {m.entries[0].country for m in group} | {match.entries[0].country}
    if "role" in kinds or ("person" in kinds and kinds != {"person"}):
        return True
    return len(countries) == 1


def _best(entries: list[Entry], when: date | None) -> Entry:
    """The most plausible reading: by kind priority, then by the role in force at `when`."""
    if len(entries) == 1:
        return entries[0]
    ranked = sorted(entries, key=lambda e: (KIND_PRIORITY[e.kind], not _in_force(e, when),
                                            -(e.start or date.min).toordinal()))
    return ranked[0]


def _in_force(entry: Entry, when: date | None) -> bool:
    if entry.kind != "person" or when is None:
        return True
    return (entry.start is None or entry.start <= when) and (entry.end is None or when <= entry.end)


def _resolve(group: list[Match], when: date | None) -> Actor:
    """One actor from a group: country from a country word, sector from body or role, name from person or body."""
    best = [_best(m.entries, when) for m in group]
    person = next((e for e in best if e.kind == "person"), None)
    if person:
        sector = person.sector if _in_force(person, when) else "ELI"
        return Actor(country=person.country, sector=sector, name=person.name, id=person.id)
    role = next((e for e in best if e.kind == "role"), None)
    body = next((e for e in best if e.kind == "body"), None)
    other = next((e for e in best if e.kind in COUNTRY_KINDS), None)
    sector = (body.sector if body else None) or (role.sector if role else None) or (other.sector if other else None)
    country = other.country if other else (role.country if role else None)
    return Actor(country=country, sector=sector,
                 name=body.name if body else None, id=body.id if body else None)


NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-ZÁÉÍÓÚА-ЯЁ][a-záéíóúñа-яё]+ $")


def _is_surname(text: str, match: Match, directions: set[str] = frozenset()) -> bool:
    """"the actor John Paris": a place name right after a capitalised word mid-sentence is a
    surname; not after a word for a part of the compass ("in Western Cambodia", "Eastern Ukraine")."""
    if match.entries[0].kind not in ("metonym", "country"):
        return False
    before = NAME_BEFORE.search(text[:match.start])
    return bool(before) and fold(before.group(0).strip()) not in directions


def resolve_actors(article: Article, lexicon: ActorLexicon) -> Article:
    """Fill `sentence.mentions` for every sentence (spans are offsets in the clean text).

    A person named once with a role ("John Smith, the deputy secretary of state") keeps
    that resolution when the article names them again by surname ("Mr. Smith", "Smith").
    """
    if article.dateline is not None:
        article.dateline.country = dateline_country(article.dateline.text, article.lang or "en", lexicon)
    named: dict[str, Actor] = {}
    last_person: tuple[int, Actor] | None = None  # (sentence index, actor) of the latest named person
    first_actor: Actor | None = None  # the first actor the sentence before named: most often its subject
    for sentence in article.sentences:
        mentions = find_mentions(sentence.text, sentence.lang, lexicon, article.published, offset=sentence.start,
                                 folded=sentence.folded or None)
        mentions += _surname_mentions(sentence, mentions, named, lexicon)
        if last_person and sentence.index - last_person[0] <= PRONOUN_REACH:
            mentions += _pronoun_subjects(sentence, mentions, last_person[1], lexicon)
        if first_actor is not None:
            mentions = _epithet_subject(sentence, mentions, first_actor, lexicon)
        sentence.mentions = sorted(mentions, key=lambda m: m.start)
        first_actor = next((m.actor for m in sentence.mentions if m.actor.country), None)
        people = [m for m in sentence.mentions
                  if m.actor.name and m.actor.country and m.kind not in ("body", "igo")]
        for mention in people:
            named.setdefault(_surname(mention.actor.name), mention.actor)
        # the first person named (or an official named by a role of one country: "the secretary
        # of state") is most often the subject a later "he" continues
        persons = [m for m in sentence.mentions if m in people or (m.kind == "role" and m.actor.country)]
        if persons:
            last_person = (sentence.index, persons[0].actor)
    return article


# A sentence-initial "He"/"Она" refers to the first person named in the latest sentence that
# names one, at most this many sentences before.
PRONOUN_REACH = 2


DATELINE_KINDS = frozenset({"country", "metonym"})  # what of a dateline names its place


@lru_cache(maxsize=4)
def operating_countries(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The countries each armed group of `actors/operating.tsv` acts in, by its name in
    bodies.tsv (home first); validated at load (errors name file, line and field)."""
    table = {}
    for row in read_table((root or data_root()) / "actors" / "operating.tsv", ("name", "acts_in"), ("note",)):
        codes = tuple(row["acts_in"].split("|"))
        if not all(len(c) == 3 and c.isupper() for c in codes):
            raise row.error("acts_in", f"not a '|' list of ISO 3166-1 alpha-3 codes: '{row['acts_in']}'")
        table[row["name"]] = codes
    return table


def dateline_country(text: str, lang: str, lexicon: ActorLexicon) -> str | None:
    """The one country a dateline's words name: a country ("KHARKIV, Ukraine"), a capital
    ("NAIROBI (AP)"); None when they name none (a city only: see `events`) or two. The
    agency in brackets ("(Reuters)", a British body) says nothing of the place."""
    countries = {m.actor.country for m in find_mentions(text, lang, lexicon)
                 if m.actor.country and m.kind in DATELINE_KINDS}
    return countries.pop() if len(countries) == 1 else None


def _pronoun_subjects(sentence: Sentence, mentions: list[Mention], person: Actor,
                      lexicon: ActorLexicon) -> list[Mention]:
    """"Maduro spoke for an hour. He demanded amnesty ...", "There he met Putin, and he later
    criticised ...": a subject pronoun stands for the person named just before (the simplest,
    most common coreference in news), each of them, unless a person this sentence names comes
    before the first."""
    found = list(_pronoun_pattern(frozenset(lexicon.pronouns.get(sentence.lang, ()))).finditer(sentence.text))
    if not found or any(m.kind == "person" and m.start - sentence.start < found[0].start() for m in mentions):
        return []
    taken = [(m.start - sentence.start, m.end - sentence.start) for m in mentions]
    out = []
    for match in found:
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        span = (match.start() + sentence.start, match.end() + sentence.start)
        actor = Actor(country=person.country, sector=person.sector, name=person.name, id=person.id,
                      text=match.group(0), span=span)
        out.append(Mention(kind="person", start=span[0], end=span[1], text=match.group(0), actor=actor))
    return out


@lru_cache(maxsize=16)
def _pronoun_pattern(pronouns: frozenset[str]) -> re.Pattern:
    """The subject pronouns of a language as one pattern (case aside, accents kept: "Él", not "El")."""
    if not pronouns:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, pronouns), key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)


EPITHET_WORDS = 5  # words of an epithet opening a sentence: "The former special forces commander"
WORD = re.compile(r"[\w'’-]+")


def _epithet_subject(sentence: Sentence, mentions: list[Mention], actor: Actor,
                     lexicon: ActorLexicon) -> list[Mention]:
    """"Putin received Modi. The Kremlin leader praised ...", "The South American nation also
    closed its airspace", "El mandatario anunció ...", "Глава государства заявил ...": a noun
    phrase opening the sentence (after a determiner where the language has them) whose last
    word is an `epithet` (leader, nation, bloc, mandatario, глава) and which names no actor
    stands for the first actor of the sentence before; role words inside it give way."""
    opening = islice(WORD.finditer(sentence.text), EPITHET_WORDS + 2)  # only the opening words matter
    words = [(m.start(), m.end(), fold(m.group(0))) for m in opening]
    if not words:
        return mentions
    determiners = lexicon.determiners.get(sentence.lang, set())
    first = 1 if words[0][2] in determiners else 0
    if determiners and not first:
        return mentions
    epithets = lexicon.epithets.get(sentence.lang, set())
    head = next((i for i in range(first, min(len(words), first + EPITHET_WORDS)) if words[i][2] in epithets), None)
    if head is None or (head + 1 < len(words) and words[head + 1][2] in lexicon.genitives.get(sentence.lang, ())):
        return mentions
    start, end = sentence.start + words[0][0], sentence.start + words[head][1]
    inside = [m for m in mentions if m.start < end and start < m.end]
    if any(m.actor.country for m in inside):
        return mentions  # "The Kremlin leader": the phrase names its actor itself
    text = sentence.text[words[0][0]:words[head][1]]
    carried = Actor(country=actor.country, sector=actor.sector, name=actor.name, id=actor.id, text=text,
                    span=(start, end))
    kept = [m for m in mentions if m not in inside]
    return kept + [Mention(kind="person" if actor.name else "country", start=start, end=end, text=text, actor=carried)]


def _surname(name: str) -> str:
    return fold(name.split()[-1])


def _surname_mentions(sentence: Sentence, mentions: list[Mention], named: dict[str, Actor],
                      lexicon: ActorLexicon) -> list[Mention]:
    """Later mentions of a named person by surname, optionally after a title ("Mr. Smith")."""
    if not named:
        return []
    found = []
    taken = [(m.start - sentence.start, m.end - sentence.start) for m in mentions]
    titles = lexicon.titles.get(sentence.lang, set())
    stems = {surname[:3] for surname in named}
    endings = lexicon.surname_endings.get(sentence.lang, ())
    for match in lexicon.capitalised.finditer(sentence.text):
        start, end = match.span()
        word = fold(match.group())
        if word[:3] not in stems:
            continue
        actor = _named_by(word, named, endings)
        if actor is None or any(s < end and start < e for s, e in taken):
            continue
        before = preceding_words(sentence.text, start)
        if len(before) > 1 and before[-1] == "." and before[-2] in titles:
            before = before[:-1]
        if before and before[-1] in titles:
            title = re.search(r"\S+\s*$", sentence.text[:start])
            start = title.start() if title else start
            before = preceding_words(sentence.text, start)
        text = sentence.text[start:end]
        span = (start + sentence.start, end + sentence.start)
        found.append(Mention(kind="person", start=span[0], end=span[1], text=text,
                             actor=Actor(country=actor.country, sector=actor.sector, name=actor.name,
                                         id=actor.id, text=text, span=span),
                             preposition=before[-1] if before else None, before=before))
    return found


def _named_by(word: str, named: dict[str, Actor], endings: tuple[str, ...]) -> Actor | None:
    """The named person whose surname `word` is, allowing the case endings of the sentence's
    language (`surname_ending` in grammar.tsv: "Смита")."""
    for ending in ("", *endings):
        if ending and not word.endswith(ending):
            continue
        actor = named.get(word[:len(word) - len(ending)] if ending else word)
        if actor is not None:
            return actor
    return None
