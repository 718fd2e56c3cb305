"""The event grammar's data: trigger lexicons, function words and the PLOVER/CAMEO
tables, loaded once from `data/lang/<code>/` and `data/ontology/` and validated at load."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..datafiles import data_root, one_of, read_table
from ..dates import DateLexicon
from ..lang import GRAMMAR_CATEGORIES, NO_PHRASES, Language, Phrases, load_languages  # noqa: F401  (re-exported)
from ..ontology import PLOVER_TYPES, Coding, Ontology, load_ontology
from ..places import PlaceLexicon
from ..records import Token  # noqa: F401  (the grammar's modules import it from here)
from ..textnorm import fold

GAP = "..."
LEMMA_CACHE_WORDS = 200_000  # per language; bounds memory on a corpus of any size


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger pattern of triggers.tsv with the ontology's properties of its type and mode
    (see `ontology`), so that the grammar asks `trigger.has("targetless")`, never a type's name."""

    words: tuple[str, ...]
    event_type: str  # "-": an event only when the subject is military (see `military`), else none at all
    mode: str | None
    pos: str
    military: "Trigger | None" = None  # what it means when the subject is armed forces ("troops arrived")
    props: frozenset[str] = frozenset()
    by_state: "Trigger | None" = None  # what it means when a state does it ("Moscow protested": a note)
    announced: "Trigger | None" = None  # its doer's announcement of it ("will send aid": an agreement)
    refused: "Trigger | None" = None  # its doer's saying it will not do it ("will never recognise": a refusal)
    cameo: str | None = None  # a finer CAMEO code than its (type, mode)'s (triggers.tsv's `cameo` column)
    undone: "Trigger | None" = None  # what lifting or ending it is ("lifted the curfew": an easing)
    undoes: bool = False  # it is such a reading: the word before it lifts, it does not call off
    rejects: "Trigger | None" = None  # what a request noun it takes as object tells ("rejected Moscow's call")
    by_crowd: "Trigger | None" = None  # what it means when a crowd does it ("protesters stormed parliament": a riot)
    judging: bool = False  # made of a `naming` verb and a judgement word (judgements.tsv): its gap is an object

    def for_military(self) -> "Trigger":
        """What the trigger means with armed forces as its subject ("troops arrived")."""
        return self.military or self

    def has(self, prop: str) -> bool:
        """Whether the trigger's type (or mode) has a property of ontology/plover.tsv."""
        return prop in self.props

    @property
    def acts(self) -> bool:
        """Whether the trigger is an event on its own reading (not only with armed forces as subject)."""
        return self.event_type != NO_TYPE


JUDGEMENT_READINGS = ("ACCUSE:criticize", "REJECT:deny", "SUPPORT:praise")  # what naming an act so makes it
NO_TYPE = "-"  # triggers.tsv's type of a word that is an event only in its military reading


def reading(words: tuple[str, ...], event_type: str, mode: str | None, pos: str, ontology: Ontology,
            military: Trigger | None = None, cameo: str | None = None) -> Trigger:
    """A trigger for one (type, mode) with its ontology properties and its reading by a state
    (which keeps no finer CAMEO code: a state's protest is another type)."""
    if event_type == NO_TYPE:
        return Trigger(words, event_type, mode, pos, military)
    info = ontology.types[event_type]
    props = frozenset(info.properties | info.mode_properties.get(mode or "", frozenset()))
    by_state = reading(words, *info.by_state, pos, ontology) if info.by_state else None
    announced = None
    if info.announced == (event_type, mode):  # a refusal announced is a refusal made
        announced = Trigger(words, event_type, mode, pos, military, props, by_state, cameo=cameo)
    elif info.announced:
        announced = reading(words, *info.announced, pos, ontology)
    refused = reading(words, *info.refused, pos, ontology) if info.refused else None
    undone_as = info.undone_reading(mode)
    undone = replace(reading(words, *undone_as, pos, ontology), undoes=True) if undone_as else None
    rejects = reading(words, *info.rejects, "noun", ontology) if info.rejects else None
    by_crowd = reading(words, *info.by_crowd, pos, ontology) if info.by_crowd else None
    return Trigger(words, event_type, mode, pos, military, props, by_state, announced, refused, cameo, undone,
                   rejects=rejects, by_crowd=by_crowd)


class EventGrammar:
    """Trigger lexicons, function words and the PLOVER/CAMEO tables, loaded once."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_root()
        self.ontology = load_ontology(root)
        self.triggers: dict[str, dict[str, list[Trigger]]] = {}
        self.words: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        self._lemmas: dict[str, dict[str, str]] = defaultdict(dict)
        self.languages: dict[str, Language] = load_languages(root)
        self.words = {code: dict(language.words) for code, language in self.languages.items()}
        for folder in sorted((self.root / "lang").iterdir()):
            if (folder / "triggers.tsv").exists():
                language = self.languages.get(folder.name)
                by_lemma = language is not None and language.match_lemmas
                self.triggers[folder.name] = self._load_triggers(folder / "triggers.tsv",
                                                                 folder.name if by_lemma else None)
            if (folder / "judgements.tsv").exists() and folder.name in self.triggers:
                self._add_judgements(self.triggers[folder.name], folder / "judgements.tsv",
                                     self.words.get(folder.name, {}).get("naming", ()),
                                     folder.name if by_lemma else None)
        for lang, forms in self._load_futures(self.root / "lang" / "generated" / "future.tsv").items():
            self.words.setdefault(lang, {})["future_form"] = forms
        self.nominal = {lang: _nominal_context(words) for lang, words in self.words.items()}
        self.circumstantial = {lang: _circumstance_words(words) for lang, words in self.words.items()}
        self.codings = self.ontology.codings
        self.dates = DateLexicon(self.root)
        # single words that name a day: weekdays (CLDR) and relative date words ("hoy", "вчера")
        self.time_words = {lang: frozenset(w for table in (self.dates.weekdays.get(lang, {}),
                                                           self.dates.relative.get(lang, {}))
                                           for w in table if " " not in w)
                           for lang in set(self.dates.weekdays) | set(self.dates.relative)}
        self.places = PlaceLexicon(self.root)

    def _verb_of_participle(self, lemma: str, lang: str) -> str:
        """"liberados" -> "liberar": the lemmatiser may give a participle as an adjective; when
        a participle rule of grammar.tsv ("ado>ar") turns it into a trigger verb, use the verb."""
        index = self.triggers.get(lang, {})
        if lemma in index:
            return lemma
        for rule in self.words.get(lang, {}).get("participle", ()):
            ending, _, verb_ending = rule[0].partition(">")
            if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
                verb = lemma[: len(lemma) - len(ending)] + verb_ending
                if verb in index:
                    return verb
        return lemma

    def warm_up(self) -> None:
        """Load the lemmatiser's dictionary of every language with triggers now (about a
        second each) rather than on the first sentence that needs it."""
        for lang in self.triggers:
            self.lemma("parley", lang)

    def _load_triggers(self, path: Path, lemmatise: str | None = None) -> dict[str, list[Trigger]]:
        """The trigger index by first word. With `lemmatise` (a language code; `match_lemmas on`
        in its grammar.tsv) a pattern is also indexed with each word replaced by its lemma, so
        that "вывод войск" also matches "вывода войск" and "ejercicios militares" "ejercicio
        militar" (tokens are lemmatised by the same lemmatiser)."""
        index: dict[str, list[Trigger]] = defaultdict(list)
        for row in read_table(path, ("pattern", "type", "pos"), ("mode", "military", "cameo"),
                              {"type": one_of(NO_TYPE, *PLOVER_TYPES), "pos": one_of("verb", "noun", "obligation")}):
            words = tuple(fold(w) for w in row["pattern"].split())
            if words[0] == GAP or words[-1] == GAP:
                raise row.error("pattern", "a pattern cannot start or end with '...'")
            military = _military_reading(row)
            cameo = _cameo_code(row, military, self.ontology)
            armed_code = cameo if row["type"] == NO_TYPE else None
            for form in _pattern_forms(row["pattern"], words, lemmatise):
                armed = reading(form, *military, row["pos"], self.ontology, cameo=armed_code) if military else None
                index[form[0]].append(reading(form, row["type"], row.get("mode") or None, row["pos"], self.ontology,
                                              armed, cameo if armed_code is None else None))
        for candidates in index.values():
            candidates.sort(key=lambda t: -len(t.words))
        return dict(index)

    def _add_judgements(self, index: dict[str, list[Trigger]], path: Path, namings, lemmatise: str | None) -> None:
        """Verb triggers made of a `naming` verb of grammar.tsv and a word of judgement of
        `judgements.tsv` ("call ... unacceptable", "calificar ... de ... desproporcionado",
        "назвать ... провокация"): naming an act by a judgement is an accusation, a denial or
        praise, whichever the word is, so that each word serves every naming verb. A pattern
        triggers.tsv already holds keeps its row there."""
        known = {(t.words, t.pos) for candidates in index.values() for t in candidates}
        for row in read_table(path, ("text", "reading"), (), {"reading": one_of(*JUDGEMENT_READINGS)}):
            event_type, _, mode = row["reading"].partition(":")
            for naming in namings:
                # "call ... unacceptable"; "calificar ... de ... constructivo" ('de "paso constructivo"')
                pattern = " ".join(naming) + f" {GAP} " + row["text"]
                words = tuple(fold(w) for w in pattern.split())
                for form in _pattern_forms(pattern, words, lemmatise):
                    if (form, "verb") not in known:
                        known.add((form, "verb"))
                        judged = reading(form, event_type, mode or None, "verb", self.ontology)
                        index.setdefault(form[0], []).append(replace(judged, judging=True))
        for candidates in index.values():
            candidates.sort(key=lambda t: -len(t.words))

    def _load_futures(self, path: Path) -> dict[str, Phrases]:
        """Future forms of perfective trigger verbs ("посетит"), generated from pymorphy3."""
        forms: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        if path.exists():
            for row in read_table(path, ("lang", "form", "verb")):
                forms[row["lang"]].append((fold(row["form"]),))
        return {lang: Phrases(found) for lang, found in forms.items()}

    def coding(self, event_type: str, mode: str | None, cameo: str | None = None) -> Coding:
        return self.ontology.coding(event_type, mode, cameo)

    def lemma(self, word: str, lang: str) -> str:
        lemmas = self._lemmas[lang]
        cached = lemmas.get(word)
        if cached is None:
            import simplemma

            try:
                cached = fold(simplemma.lemmatize(word, lang=lang))
            except ValueError:  # a language simplemma does not know
                cached = fold(word)
            cached = self._verb_of_participle(cached, lang)
            if len(lemmas) < LEMMA_CACHE_WORDS:
                lemmas[word] = cached
        return cached


def _pattern_forms(pattern: str, words: tuple[str, ...], lang: str | None) -> list[tuple[str, ...]]:
    """The folded pattern, and (for a language matched by lemmas) the same with each word
    lemmatised from its written form. Both are kept: the lemmatiser is not idempotent
    ("дорожную" -> "дорожный", but "дорожный" -> "знак")."""
    if lang is None:
        return [words]
    import simplemma

    try:
        lemmas = tuple(GAP if w == GAP else fold(simplemma.lemmatize(w, lang=lang)) for w in pattern.split())
    except ValueError:  # a language simplemma does not know
        return [words]
    return [words] if lemmas == words else [words, lemmas]


def _military_reading(row) -> tuple[str, str | None] | None:
    """The `military` column, "TYPE" or "TYPE:mode": what the trigger means when its
    subject is armed forces ("troops arrived in Belarus" mobilises; "Lavrov arrived" visits)."""
    value = row.get("military") or ""
    if not value:
        return None
    event_type, _, mode = value.partition(":")
    if event_type not in PLOVER_TYPES:
        raise row.error("military", f"unknown PLOVER type '{event_type}' (write TYPE or TYPE:mode)")
    return event_type, mode or None


def _cameo_code(row, military: tuple[str, str | None] | None, ontology: Ontology) -> str | None:
    """The `cameo` column: a CAMEO code of ontology/cameo.tsv finer than the (type, mode)'s,
    whose PLOVER type is the trigger's (its military reading's for a '-' trigger)."""
    code = row.get("cameo") or ""
    if not code:
        return None
    known = ontology.cameo.get(code)
    if known is None or len(code) < 3:
        raise row.error("cameo", f"'{code}' is no CAMEO event code of ontology/cameo.tsv")
    event_type = military[0] if row["type"] == NO_TYPE and military else row["type"]
    if known.plover is None or known.plover[0] != event_type:
        maps_to = ":".join(filter(None, known.plover)) if known.plover else "no PLOVER event"
        raise row.error("cameo", f"CAMEO {code} ({known.name}) maps to {maps_to}, not to the trigger's {event_type}")
    return code


def _nominal_context(words: dict) -> frozenset[str]:
    """Words after which a trigger is a noun: determiners, possessives and the words that open a
    circumstance phrase ("a visit", "his visit", "amid protests", "following protests")."""
    return frozenset(p[0] for category in ("determiner", "possessive", "circumstance") for p in words.get(category, ())
                     if len(p) == 1)


def _circumstance_words(words: dict) -> frozenset[str]:
    """Words after which a trigger a word later is still a noun ("amid mass protests")."""
    return frozenset(p[0] for p in words.get("circumstance", ()) if len(p) == 1)


