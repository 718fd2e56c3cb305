"""Events: find who did what to whom in a sentence, coded in PLOVER (with CAMEO).

A shallow, data-driven grammar, not a dependency parser: no parser with models on
PyPI covers English, Spanish and Russian at the speed Parley needs (hundreds of
articles a second per core), and news sentences about interstate events are regular
enough for a few rules over actor mentions and trigger words.

1. Triggers: lemma sequences from `data/lang/<code>/triggers.tsv`, matched on
   simplemma lemmas (or the lower-cased surface form), longest match first.
2. Source: the nearest actor before the trigger that is not a place ("in Minsk") and
   not a partner ("with Putin"); in the passive ("were released by Belarus") the
   agent after "by"/"por" is the source and the subject the target.
3. Targets: the nearest actor after the trigger, plus actors coordinated with it
   ("visits to Cuba, Ecuador and Nicaragua" gives three events). For symmetric types
   with no actor after the trigger, "X and Y met" gives X and Y.
4. Factuality from cue words in `grammar.tsv`: negation, modality, future and
   conditionals in the few words before the trigger; reporting cues anywhere in the
   sentence; a question is hypothetical.

Confidence (0-1) is a transparent score, not a calibrated probability: 0.35 for a
trigger, +0.25 if a source was found, +0.2 for a target, +0.1 for a verb trigger,
+0.1 when source and target sit on opposite sides of the trigger.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import Row, data_root, one_of, read_table
from .dates import DateExpression, DateLexicon, nearest_date
from .places import PlaceLexicon
from .records import Actor, Article, Event, Mention, Sentence
from .textnorm import fold, preceding_words, tokens

LOGGER = logging.getLogger(__name__)

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
GAP = "..."
MAX_GAP = 4
LEMMA_CACHE_WORDS = 200_000  # per language; bounds memory on a corpus of any size
CUE_WINDOW = 5          # words before a trigger searched for negation / modality / future cues
CALLED_OFF_WINDOW = 8   # words after a trigger searched for "was postponed" ("la visita de Lavrov a Caracas fue aplazada")
NOUN_TARGET_WINDOW = 8  # words after a nominal trigger searched for its target
TARGET_WINDOW = 14      # words after a trigger searched for its target
DATE_CARRY_SENTENCES = 2  # an undated event takes the date of events at most this many sentences before
NOUN_SOURCE_WORDS = 4   # a nominal event's source after a preposition stands at most this far before it
# Types for which an event with the same country on both sides is a real (domestic) event.
DOMESTIC_TYPES = frozenset({"COERCE", "ASSAULT", "PROTEST", "REQUEST", "ACCUSE", "MOBILIZE", "CONCEDE",
                            "REJECT", "THREATEN"})
# Types that make sense without a target ("opposition rally", "troops mobilised").
TARGETLESS_TYPES = frozenset({"PROTEST", "MOBILIZE", "RETREAT"})
# A state acting on people it names only by role ("released prisoners", "detained
# journalists") acts on its own people: the target takes the source's country.
# An attack on a place is an attack on the country it lies in ("struck targets in Syria").
# Types whose act goes somewhere: "вторжение в Венесуэлу", "ввели войска в Венесуэлу" (see `_is_destination`).
DESTINATION_TYPES = frozenset({"ASSAULT", "MOBILIZE", "THREATEN"})
# Types whose target may be a place: "struck targets in Syria", "troops stationed in Poland",
# "recalled its ambassador from Chisinau", "seized a tanker off Venezuela".
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "MOBILIZE", "SANCTION", "COERCE"})
# Reactions whose gapped trigger holds the owner of what they react to ("blocked the EU
# decision to aid Ukraine", "called the Russian strike on Kyiv unacceptable"): the owner is the target.
OWNER_TARGET_TYPES = frozenset({"REJECT", "ACCUSE"})
# Criticism of what happens in a country accuses its state ("condemned the repression in
# Belarus"); only countries and capitals, not cities, are taken (an attack in Kyiv is not Kyiv's).
ACCUSED_PLACE_TYPES = frozenset({"ACCUSE"})
CITY_TYPES = PLACE_TARGET_TYPES | {"PROTEST"}  # types for which the sentence's cities are looked up
INHERITING_TYPES = frozenset({"COERCE", "CONCEDE"})
INHERITED_SECTORS = frozenset({"CVL", "OPP", "MED", "NGO"})
# Roles that take the country of the one place a sentence names ("police in Caracas"): the
# state's organs and crowds. Not prisoners or journalists: they are acted on, and inherit
# the acting state's country instead (INHERITED_SECTORS).
PLACED_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
GRAMMAR_CATEGORIES = ("connector", "locative", "agent", "passive_aux", "coord", "negation", "modal",
                      "future", "condition", "report", "comitative", "clause", "future_suffix",
                      "conditional_suffix", "irrealis", "speech", "topic", "title", "not_name", "determiner",
                      "posted_to", "preposition", "complementizer", "genitive", "denial", "participle", "pronoun",
                      "adversary", "place_anaphor", "directional", "place_ending", "border", "on_behalf", "called_off", "forum", "command",
                      "impersonal_in", "impersonal_ending", "opener", "gerund_ending", "between", "possessive",
                      "quantifier")

ACCENTED_CATEGORIES = frozenset({"future_suffix", "conditional_suffix"})


@dataclass(frozen=True, slots=True)
class Trigger:
    words: tuple[str, ...]
    event_type: str  # "-": an event only when the subject is military (see `military`), else none at all
    mode: str | None
    pos: str
    military: tuple[str, str | None] | None = None  # (type, mode) when the subject is armed forces

    def for_military(self) -> "Trigger":
        """What the trigger means with armed forces as its subject ("troops arrived")."""
        event_type, mode = self.military or (self.event_type, self.mode)
        return Trigger(self.words, event_type, mode, self.pos)


@dataclass(frozen=True, slots=True)
class Coding:
    cameo: str
    goldstein: float
    quad_class: int
    symmetric: bool


@dataclass(slots=True)
class Token:
    start: int
    end: int
    surface: str
    folded: str
    lemma: str


class EventGrammar:
    """Trigger lexicons, function words and the PLOVER/CAMEO tables, loaded once."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_root()
        self.triggers: dict[str, dict[str, list[Trigger]]] = {}
        self.words: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        self._lemmas: dict[str, dict[str, str]] = defaultdict(dict)
        for folder in sorted((self.root / "lang").iterdir()):
            if (folder / "triggers.tsv").exists():
                self.triggers[folder.name] = self._load_triggers(folder / "triggers.tsv")
            if (folder / "grammar.tsv").exists():
                self.words[folder.name] = self._load_grammar(folder / "grammar.tsv")
        for lang, forms in self._load_futures(self.root / "lang" / "generated" / "future.tsv").items():
            self.words.setdefault(lang, {})["future_form"] = forms
        self.nominal = {lang: _nominal_context(words) for lang, words in self.words.items()}
        self.codings = self._load_ontology()
        self.dates = DateLexicon(self.root)
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

    def _load_triggers(self, path: Path) -> dict[str, list[Trigger]]:
        index: dict[str, list[Trigger]] = defaultdict(list)
        for row in read_table(path, ("pattern", "type", "pos"), ("mode", "military"),
                              {"type": one_of("-", *PLOVER_TYPES), "pos": one_of("verb", "noun")}):
            words = tuple(fold(w) for w in row["pattern"].split())
            if words[0] == GAP or words[-1] == GAP:
                raise row.error("pattern", "a pattern cannot start or end with '...'")
            military = _military_reading(row)
            index[words[0]].append(Trigger(words, row["type"], row.get("mode") or None, row["pos"], military))
        for candidates in index.values():
            candidates.sort(key=lambda t: -len(t.words))
        return dict(index)

    def _load_futures(self, path: Path) -> dict[str, Phrases]:
        """Future forms of perfective trigger verbs ("посетит"), generated from pymorphy3."""
        forms: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        if path.exists():
            for row in read_table(path, ("lang", "form", "verb")):
                forms[row["lang"]].append((fold(row["form"]),))
        return {lang: Phrases(found) for lang, found in forms.items()}

    def _load_grammar(self, path: Path) -> dict[str, Phrases]:
        words: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for row in read_table(path, ("category", "text"), (), {"category": one_of(*GRAMMAR_CATEGORIES)}):
            # verb endings keep their accents: "-rá" is a future ("entregará"), "-ra" is not ("primera")
            text = row["text"].lower() if row["category"] in ACCENTED_CATEGORIES else fold(row["text"])
            words[row["category"]].append(tuple(text.split()))
        return {category: Phrases(phrases) for category, phrases in words.items()}

    def _load_ontology(self) -> dict[tuple[str, str | None], Coding]:
        onto = self.root / "ontology"
        cameo = {row["code"]: row for row in read_table(onto / "cameo.tsv", ("code", "name", "goldstein", "quad_class"))}
        codings = {}
        for row in read_table(onto / "plover.tsv", ("type", "cameo", "symmetric"), ("mode",),
                              {"type": one_of(*PLOVER_TYPES), "symmetric": one_of("yes", "no")}):
            code = _known_code(row, cameo)
            codings[(row["type"], row.get("mode") or None)] = Coding(
                code, float(cameo[code]["goldstein"]), int(cameo[code]["quad_class"]), row["symmetric"] == "yes")
        return codings

    def coding(self, event_type: str, mode: str | None) -> Coding:
        return self.codings.get((event_type, mode)) or self.codings[(event_type, None)]

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


def _known_code(row: Row, cameo: dict) -> str:
    if row["cameo"] not in cameo:
        raise row.error("cameo", f"CAMEO code '{row['cameo']}' is not in ontology/cameo.tsv")
    return row["cameo"]


# -- the grammar -----------------------------------------------------------------------
def sentence_tokens(sentence: Sentence, grammar: EventGrammar) -> list[Token]:
    """The sentence's words with folded forms and lemmas (the text is folded once)."""
    folded = sentence.folded or fold(sentence.text)
    return [Token(s + sentence.start, e + sentence.start, w, folded[s:e], grammar.lemma(w, sentence.lang))
            for s, e, w in tokens(sentence.text)]


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


def find_triggers(toks: list[Token], lang: str, grammar: EventGrammar) -> list[tuple[int, int, Trigger]]:
    """(first token, last token + 1, trigger) of every non-overlapping trigger match."""
    index = grammar.triggers.get(lang, {})
    nominal = grammar.nominal.get(lang, frozenset())
    found = []
    used = set()
    for i, tok in enumerate(toks):
        if i in used:
            continue
        for key in {tok.lemma, tok.folded}:
            for trigger in index.get(key, ()):
                end = _match_rest(toks, i + 1, trigger.words[1:])
                if end is not None:
                    found.append((i, end, _reading_in_context(trigger, index.get(key, ()), toks, i, nominal)))
                    used.update(range(i, end))
                    break
            else:
                continue
            break
    return found


def _nominal_context(words: dict) -> frozenset[str]:
    """Words after which a trigger is a noun: determiners and possessives ("a visit", "his visit")."""
    return frozenset(p[0] for category in ("determiner", "possessive") for p in words.get(category, ())
                     if len(p) == 1)


def _reading_in_context(trigger: Trigger, candidates, toks: list[Token], i: int, nominal: frozenset[str]) -> Trigger:
    """A word listed both as a verb and as a noun ("visit", "protest") is a noun after a
    determiner ("after a visit to Minsk by ...") and a verb otherwise."""
    twins = [t for t in candidates if t.words == trigger.words and t.pos != trigger.pos]
    if not twins:
        return trigger
    wanted = "noun" if i > 0 and toks[i - 1].folded in nominal else "verb"
    return trigger if trigger.pos == wanted else twins[0]


def _match_rest(toks: list[Token], i: int, words: tuple[str, ...]) -> int | None:
    if not words:
        return i
    if words[0] == GAP:
        for skip in range(0, MAX_GAP + 1):
            end = _match_rest(toks, i + skip, words[1:])
            if end is not None:
                return end
        return None
    if i < len(toks) and words[0] in (toks[i].lemma, toks[i].folded):
        return _match_rest(toks, i + 1, words[1:])
    return None


class Phrases(frozenset):
    """A set of folded word tuples ("did", "not") that knows which lengths it holds,
    so that a window of tokens is checked in one pass per length, not per phrase."""

    def __new__(cls, phrases=()):
        self = super().__new__(cls, phrases)
        self.lengths = tuple(sorted({len(p) for p in self}))
        return self


NO_PHRASES = Phrases()


def _has_phrase(toks: list[Token], lo: int, hi: int, phrases: Phrases) -> bool:
    window = [t.folded for t in toks[max(lo, 0):hi]]
    for n in phrases.lengths:
        for i in range(len(window) - n + 1):
            if tuple(window[i:i + n]) in phrases:
                return True
    return False


def _factuality(toks: list[Token], first: int, last: int, sentence: Sentence, words: dict,
                event_type: str = "", noun: bool = False) -> str:
    clause_start = _clause_start(toks, first, words)
    # cues do not reach across a quotation or colon ("said the release was “not enough” and urged")
    lo = max(clause_start, first - CUE_WINDOW, _after_last_mark(toks, first, sentence, SPEECH_BREAKS))
    trigger_words = {t.folded for t in toks[first:last]}
    negations = Phrases(p for p in words.get("negation", ()) if not set(p) <= trigger_words)
    if _has_phrase(toks, lo, first, negations) \
            or _has_phrase(toks, _after_last_mark(toks, first, sentence, ","), first, words.get("denial", NO_PHRASES)) \
            or _has_phrase(toks, last, last + CALLED_OFF_WINDOW, words.get("called_off", NO_PHRASES)):
        return "negated"  # "did not meet", "denied meeting", "the visit was postponed"
    if event_type != "THREATEN" and first > 0 and (toks[first - 1].folded,) in words.get("irrealis", []) \
            and not _has_phrase(toks, clause_start, first, words.get("command", NO_PHRASES)):
        return "planned"  # "urged Moscow to release": asked for, not done; "ordered troops to deploy" is done
    if _has_phrase(toks, clause_start, first, words.get("condition", NO_PHRASES)):
        return "hypothetical"
    if _has_phrase(toks, lo, first, words.get("modal", NO_PHRASES)) or sentence.text.rstrip().endswith("?"):
        return "hypothetical"
    # a noun's tense is its verb's ("entregará ... en ayuda"); a verb's ending may sit past a clitic
    # ("se reunirá"); a Russian future form only on the verb itself ("не признает" may be "признаёт")
    verbs = range(lo, first + 1) if noun else range(first, last)
    if event_type != "THREATEN" and (_has_phrase(toks, lo, last, words.get("future", NO_PHRASES))
                                     or any(_has_suffix(toks[i], words, "future_suffix") for i in verbs)
                                     or any((toks[i].folded,) in words.get("future_form", NO_PHRASES)
                                            for i in (verbs if noun else (first,)))):
        return "planned"  # a threat speaks of the future by nature: "will not tolerate" is a threat now
    if _has_suffix(toks[first], words, "conditional_suffix"):
        return "hypothetical"
    if _has_phrase(toks, 0, len(toks), words.get("report", NO_PHRASES)):
        return "reported"
    return "asserted"


def _after_last_mark(toks: list[Token], first: int, sentence: Sentence, marks) -> int:
    """The first token after the last of `marks` before token `first`: cues do not reach past a
    quotation mark or colon, a denial not past a comma ("denies all accusations, insisting
    that the U.S. ..." insists, it does not deny)."""
    text = sentence.text[:toks[first].start - sentence.start]
    mark = max(text.rfind(ch) for ch in marks)
    if mark < 0:
        return 0
    return next((i for i in range(first) if toks[i].start - sentence.start > mark), first)


def _has_suffix(tok: Token, words: dict, category: str) -> bool:
    word = tok.surface.lower()
    return any(word.endswith(s[0]) and len(word) > len(s[0]) + 2 for s in words.get(category, []))


def _clause_start(toks: list[Token], first: int, words: dict) -> int:
    clause_words = {p[0] for p in words.get("clause", []) if len(p) == 1}
    for i in range(first - 1, -1, -1):
        if toks[i].folded in clause_words:
            return i + 1
    return 0


PARTICIPLE_ENDINGS = ("ed", "en", "do", "da", "dos", "das", "ен", "ена", "ены", "ан", "ана", "аны", "т", "та", "ты")


def _is_passive(toks: list[Token], first: int, trigger: Trigger, words: dict) -> bool:
    if trigger.pos != "verb" or trigger.event_type == "MOBILIZE":
        return False  # "troops were deployed", "están estacionados": the subject is the force itself
    aux = {p[0] for p in words.get("passive_aux", []) if len(p) == 1}
    head = toks[first]
    participle = head.folded != head.lemma and head.folded.endswith(PARTICIPLE_ENDINGS)
    return participle and any(t.folded in aux for t in toks[max(0, first - 3):first])


def _is_place(mention: Mention, words: dict) -> bool:
    """A country, capital or city after a locative, an article between allowed ("en el Kremlin")."""
    if mention.kind not in ("country", "metonym", "city"):
        return False
    locatives = words.get("locative", [])
    before = mention.before
    if before and (before[-1],) in words.get("determiner", ()):
        before = before[:-1]
    return _ends_with_phrase(before, locatives)


def _is_destination(mention: Mention, words: dict) -> bool:
    """"вторжение в Венесуэлу": after a preposition that takes the accusative for a direction
    and the prepositional for a place (в, на), a name not in the prepositional case ("в
    Венесуэле", "в России", "в Соединённых Штатах") is where the act goes, so it can be the target."""
    if not _prep_in(mention, words.get("directional", [])):
        return False
    last = fold(mention.text).split()[-1] if mention.text.strip() else ""
    return not any(last.endswith(ending[0]) for ending in words.get("place_ending", []))


def _places(sentence: Sentence, actors: list[Mention], words: dict) -> set[int]:
    """Ids of the mentions that are places: after a locative, or listed with one ("the crises
    in Iran, Syria and Venezuela")."""
    places: set[int] = set()
    for mention in actors:
        if id(mention) not in places and _is_place(mention, words):
            places.update(id(m) for m in _coordinated(sentence, actors, mention, words))
    return places


def _prep_in(mention: Mention, phrases: list[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` ("in", "cerca de", "по поводу") stands right before the mention."""
    return _ends_with_phrase(mention.before, phrases)


def _ends_with_phrase(words: tuple[str, ...], phrases) -> bool:
    lengths = getattr(phrases, "lengths", None)
    if lengths is None:  # a plain list of phrases
        return any(words[-len(p):] == p for p in phrases if len(p) <= len(words))
    count = len(words)  # a Phrases set: one lookup per phrase length
    return any(tuple(words[count - n:]) in phrases for n in lengths if n <= count)


def _coordinated(sentence: Sentence, mentions: list[Mention], first: Mention, words: dict) -> list[Mention]:
    """`first` and the mentions joined to it by "and", "y", "и" or commas."""
    group = [first]
    for mention in mentions:
        if mention.start <= group[-1].start:
            continue
        if _joins(sentence, group[-1], mention, words):
            group.append(mention)
        else:
            break
    return group


def _coordinated_before(sentence: Sentence, mentions: list[Mention], last: Mention, words: dict) -> list[Mention]:
    """`last` and the mentions joined to it before it: "Poland, Lithuania and Latvia accused ...".
    The join next to `last` must be a word ("and"): a comma alone there closes an opening
    phrase ("According to Reuters, Russian troops ...", "Ante la presión de Estados Unidos, Maduro ...")."""
    group = [last]
    for mention in reversed([m for m in mentions if m.end <= last.start]):
        if _joins(sentence, mention, group[0], words, comma=len(group) > 1):
            group.insert(0, mention)
        else:
            break
    return group


def _joins(sentence: Sentence, first: Mention, second: Mention, words: dict, comma: bool = True) -> bool:
    """Whether only "and", "y", "и", a comma (and an article) stand between two mentions."""
    coord = {" ".join(p) for p in words.get("coord", []) if comma or p != (",",)}
    gap_words = fold(sentence.text[first.end - sentence.start:second.start - sentence.start]).split()
    while gap_words and ((gap_words[-1],) in words.get("determiner", ()) or (gap_words[-1],) in words.get("possessive", ())):
        gap_words.pop()  # "Putin, y su homólogo estadounidense", "Russia and the EU"
    gap = " ".join(gap_words)
    return gap in coord or gap in {", " + c for c in coord} | {", " + c.strip(",") for c in coord}


def events_in_sentence(article: Article, sentence: Sentence, grammar: EventGrammar,
                       carried: Mention | None = None, recent: list[Event] | None = None) -> list[Event]:
    """Every event of one sentence, one per (type, source, target).

    `carried` is the subject of the sentence before, for languages that drop a repeated
    subject ("Maduro habló en la televisión. Acusó a Estados Unidos de ..."); `recent` are
    the events of the sentence before, which a reaction may name by a noun ("U.S. forces
    seized a tanker. Venezuela called the seizure an act of piracy").
    """
    actors = [m for m in sentence.mentions if m.actor.country]
    unplaced = [m for m in sentence.mentions if m.actor.country is None and m.actor.sector in PLACED_SECTORS]
    if not actors and not unplaced:
        return []
    words = grammar.words.get(sentence.lang, {})
    toks = sentence_tokens(sentence, grammar)
    found: dict[tuple, Event] = {}
    dates: list[DateExpression] | None = None  # found once per sentence, when an event needs them
    location: dict | None = None
    places: set[int] | None = None
    # a trigger word inside an actor's own name is no event ("a U.S. carrier strike group arrived")
    triggers = [(first, last, trigger) for first, last, trigger in find_triggers(toks, sentence.lang, grammar)
                if not all(_in_mention(tok, sentence.mentions) for tok in toks[first:last])]
    if not triggers:
        return []
    cities: list[Mention] | None = None
    placed: list[Mention] = []
    if unplaced:  # "police in Caracas", "суд в Минске": roles of the one country where it happens
        cities = _city_mentions(sentence, grammar)
        placed = _placed_roles(unplaced, actors + cities, words)
        if not actors and not placed:
            return []
    if any({t.event_type, t.for_military().event_type} & CITY_TYPES for _, _, t in triggers):
        # looked up only when a city could be a target, or say where a crowd protests
        actors = actors + (cities if cities is not None else _city_mentions(sentence, grammar))
    for first, last, trigger in triggers:
        if _is_modifier(toks, first, trigger, words) \
                or _is_object_of(triggers, first, trigger, toks, words, sentence.mentions) \
                or _rules_out_nothing_hostile(triggers, trigger, toks, words, sentence.mentions):
            continue
        earlier = [(toks[f].start, t.event_type) for f, _, t in triggers if f < first]
        if places is None:
            places = _places(sentence, actors, words)
        here = actors
        if placed and not any(m.end <= toks[first].start and id(m) not in places for m in actors):
            # a placed role stands in only where no named actor comes before the trigger
            here = sorted(actors + [m for m in placed if not toks[first].start <= m.start < toks[last - 1].end],
                          key=lambda m: m.start)
        if carried is not None and trigger.pos == "verb" and _opens_sentence(toks, first, words):
            here = [_placed_at_start(carried.actor, carried.kind, sentence)] + here
        # a noun's objects end where the next verb's clause begins ("по итогам встречи белорусская
        # сторона освободила граждан Польши": the citizens are not the meeting's partners)
        stop = next((toks[f].start for f, _, t in triggers if f >= last and t.pos == "verb"), None)
        echo = _echoed_actor(triggers, (first, last, trigger), toks, words, sentence, recent,
                             grammar.triggers.get(sentence.lang, {})) if recent else None
        for trigger, source, target, passive in _readings(toks, first, last, trigger, here, sentence, words,
                                                          earlier, places, stop):
            if target is None and echo is not None and source is not None \
                    and echo.actor.country != source.actor.country:
                target = echo
            if dates is None:  # both depend on the sentence only: found once, for its first event
                dates = grammar.dates.expressions(sentence.text, sentence.lang, sentence.folded or None)
                location = _location(sentence, words, grammar)
            event = _event(article, sentence, toks, first, last, trigger, source, target, words, grammar, dates,
                           location)
            if event is not None and event.counted and _is_requested(triggers, first, toks, sentence, words):
                event.factuality = "planned"
            if event is not None:
                key = (event.event_type, _country(source), _country(target))
                if key not in found or found[key].confidence < event.confidence:
                    found[key] = event
    return list(found.values())


def _is_requested(triggers: list, first: int, toks: list[Token], sentence: Sentence, words: dict) -> bool:
    """"Kallas called on Russia to accept a ceasefire", "pidió a Washington retirar sus
    buques": what a request earlier in the clause asks for has not happened."""
    clause = _clause_start(toks, first, words)
    return any(other.event_type == "REQUEST" and clause <= f < first
               and (toks[f].folded,) not in words.get("preposition", ())  # "at the request of" is no ask
               and not _speech_break(sentence, toks[f].end, toks[first].start)  # "pidió ...: «gracias, Trump»"
               for f, _, other in triggers)


SPEECH_BREAKS = frozenset(':;"«»“”')


def _speech_break(sentence: Sentence, start: int, end: int) -> bool:
    """Whether a colon, semicolon or quotation mark stands between two offsets: what follows
    is another statement."""
    return any(ch in SPEECH_BREAKS for ch in sentence.text[start - sentence.start:end - sentence.start])


def _is_reduced_relative(toks: list[Token], first: int, trigger: Trigger, left: list[Mention], earlier,
                         sentence: Sentence) -> bool:
    """"expelled three Belarusian citizens accused of espionage": a participle right after the
    object of an earlier verb describes that object; it is no event of its own."""
    if trigger.pos != "verb" or not left or not earlier:
        return False
    head, nearest = toks[first], left[-1]
    participle = head.folded != head.lemma and head.folded.endswith(PARTICIPLE_ENDINGS)
    adjacent = not sentence.text[nearest.end - sentence.start:head.start - sentence.start].strip()
    return participle and adjacent and any(p < nearest.start for p, _ in earlier)


def _is_gerund_clause(toks: list[Token], first: int, trigger: Trigger, sentence: Sentence, words: dict) -> bool:
    """Whether a verb trigger is a gerund right after a comma ("..., accusing Russia of ...")."""
    if trigger.pos != "verb" or first == 0:
        return False
    between = sentence.text[toks[first - 1].end - sentence.start:toks[first].start - sentence.start]
    return "," in between and any(toks[first].folded.endswith(e[0]) for e in words.get("gerund_ending", ()))


REACTION_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "REQUEST"})


def _echoed_actor(triggers: list, match: tuple, toks: list[Token], words: dict, sentence: Sentence,
                  recent: list[Event], index: dict) -> Mention | None:
    """The actor of the event a reaction names by its noun alone ("condemned the seizure",
    "called the seizure an act of piracy" after "U.S. forces seized a tanker"): the source of
    the latest event of that type in the sentence before."""
    first, last, trigger = match
    if trigger.event_type not in REACTION_TYPES:
        return None
    named = [other.event_type for f, _, other in triggers
             if _governor(triggers, f, toks, words, sentence.mentions) is trigger]
    named += [t.event_type for tok in toks[first + 1:last] for t in index.get(tok.lemma, ())
              if t.pos == "noun" and len(t.words) == 1]  # a noun inside a gapped trigger
    for event_type in named:
        done = [e for e in recent if e.event_type == event_type and e.source and e.counted]
        if done:
            return _placed_at_start(done[-1].source, "country", sentence)
    return None


def _opens_sentence(toks: list[Token], first: int, words: dict) -> bool:
    """Whether the trigger opens its sentence, after nothing but openers ("Además", "Также")."""
    openers = words.get("opener", ())
    return bool(openers) and all((t.folded,) in openers for t in toks[:first])


def _placed_at_start(actor: Actor, kind: str, sentence: Sentence) -> Mention:
    """An actor of the sentence before (a carried subject, an echoed event's source) as an
    empty mention at the start of this one, where the grammar looks for subjects."""
    return Mention(kind=kind, start=sentence.start, end=sentence.start, text=actor.text or "", actor=actor)


def _subject_of(found: list[Event], sentence: Sentence, carried: Mention | None) -> Mention | None:
    """The mention that acts first in a sentence (or the subject it carried on): what a
    following subjectless verb refers to."""
    for event in sorted(found, key=lambda e: e.source.span if e.source else (0, 0)):
        span = tuple(event.source.span) if event.source else None
        if carried is not None and span == tuple(carried.actor.span or ()):
            return carried
        mention = next((m for m in sentence.mentions if span and (m.start, m.end) == span), None)
        if mention is not None:
            return mention
    return next((m for m in sentence.mentions if m.kind == "person" and m.actor.country), None)


def _placed_roles(unplaced: list[Mention], named: list[Mention], words: dict) -> list[Mention]:
    """"Police in Caracas arrested ...", "Суд в Минске приговорил ...": officials, forces,
    courts and crowds named only by a role belong to the country where the sentence places
    them, when every place it names (after a locative) is in that one country."""
    countries = {m.actor.country for m in named if _is_place(m, words)}
    if len(countries) != 1:
        return []
    country = countries.pop()
    return [_of_country(m, country) for m in unplaced]


def _city_mentions(sentence: Sentence, grammar: EventGrammar) -> list[Mention]:
    """Cities named in the sentence, as mentions of their country that can only be acted on
    ("Russian forces struck Kharkiv", "удар по Харькову"): a city never acts, its capital does."""
    taken = [(m.start, m.end) for m in sentence.mentions]
    cities = []
    for city in grammar.places.places(sentence.text, sentence.folded or None):
        start, end = sentence.start + city.start, sentence.start + city.end
        if any(s < end and start < e for s, e in taken):
            continue
        before = preceding_words(sentence.text, city.start)
        actor = Actor(country=city.country, text=city.text, span=(start, end))
        cities.append(Mention(kind="city", start=start, end=end, text=city.text, actor=actor,
                              preposition=before[-1] if before else None, before=before))
    return cities


def _readings(toks, first, last, trigger, actors, sentence, words, earlier, places, stop=None):
    """(trigger, source, target, passive) for each dyad: a trigger with a military reading
    takes it when its subject is armed forces ("US warships arrived"), else its own type."""
    if trigger.military:
        armed = trigger.for_military()
        dyads = _dyads(toks, first, last, armed, actors, sentence, words, earlier, places, stop)
        if dyads and all(source is not None and source.actor.sector == "MIL" for source, _, _ in dyads):
            return [(armed, source, target, passive) for source, target, passive in dyads]
    if trigger.event_type == "-":
        return []
    dyads = _dyads(toks, first, last, trigger, actors, sentence, words, earlier, places, stop)
    if not any(source for source, _, _ in dyads) and trigger.event_type == "PROTEST":
        dyads = _domestic_protest(toks[first].start, toks[last - 1].end, actors, sentence, words)
    if trigger.event_type == "PROTEST" and any(source is not None and _is_state(source) for source, _, _ in dyads):
        # "Moscow protested over the detention of ...": a state protests by note, it accuses
        note = Trigger(trigger.words, "ACCUSE", "disapprove", trigger.pos)
        return [(note, *dyad) for dyad in _dyads(toks, first, last, note, actors, sentence, words, earlier, places,
                                                 stop)]
    return [(trigger, *dyad) for dyad in dyads]


def _domestic_protest(start: int, end: int, actors: list[Mention], sentence: Sentence, words: dict) -> list:
    """"Thousands of protesters rallied in Tbilisi against the government": people named only
    by a role protest in their own country, and "the government" they oppose is its own."""
    crowd = [m for m in sentence.mentions if m.actor.country is None and m.actor.sector in PROTESTING_SECTORS
             and m.end <= start]
    place = next((m for m in actors if _is_place(m, words)), None)
    if not crowd or place is None:
        return []
    country = place.actor.country
    opposed = [m for m in sentence.mentions if m.actor.country in (None, country)
               and m.actor.sector in ("GOV", "COP", "MIL") and m.start >= end]
    return [(_of_country(crowd[-1], country), _of_country(opposed[0], country) if opposed else None, False)]


def _of_country(mention: Mention, country: str | None) -> Mention:
    """A role mention ("protesters", "the government") given the country the sentence implies."""
    actor = Actor(country=country, sector=mention.actor.sector, name=mention.actor.name, id=mention.actor.id,
                  text=mention.actor.text, span=mention.actor.span)
    return Mention(kind=mention.kind, start=mention.start, end=mention.end, text=mention.text, actor=actor,
                   preposition=mention.preposition, before=mention.before)


def _impersonal_subject(mention: Mention, verb: Token, words: dict) -> bool:
    """"В МИД Белоруссии выразили протест", "в Кремле заявили": an institution after "в" with
    a plural verb and no subject of its own (the caller passes the sentence's first actor) acts."""
    return (mention.kind != "city" and _prep_in(mention, words.get("impersonal_in", []))
            and any(verb.folded.endswith(e[0]) for e in words.get("impersonal_ending", [])))


def _after_agent_word(mention: Mention, words: dict) -> bool:
    """"by Belarus", "by a senior American envoy", "por parte de Bielorrusia": the mention
    follows an agent word, with at most two words between that are no prepositions."""
    return _after_word(mention, words.get("agent", []), words)


def _after_word(mention: Mention, phrases, words: dict) -> bool:
    """Whether one of `phrases` stands before the mention, at most two words (no prepositions:
    an article, an adjective, a title, "с господином Лукашенко") between."""
    prepositions, before = words.get("preposition", ()), mention.before
    for skip in range(3):
        if skip and (before[len(before) - skip:][0],) in prepositions:
            return False
        if _ends_with_phrase(before[:len(before) - skip], phrases):
            return True
    return False


def _forums(sentence: Sentence, actors: list[Mention], words: dict) -> set[int]:
    """Ids of the mentions named as the forum an actor speaks before ("ante la ONU", "before
    the UN General Assembly"), with the person in apposition to one ("ante el secretario
    general de la ONU, António Guterres,")."""
    phrases = words.get("forum", ())
    forums: set[int] = set()
    previous: Mention | None = None
    for mention in actors:  # an organisation, not a country: "protestó ante Guyana" protests to Guyana
        if (mention.kind == "igo" and _prep_in(mention, phrases)) or (
                previous is not None and id(previous) in forums
                and sentence.text[previous.end - sentence.start:mention.start - sentence.start].strip() == ","):
            forums.add(id(mention))
        previous = mention
    return forums


def _is_adjacent_demonym(mention: Mention, end: int) -> bool:
    """"el ataque estadounidense", "las sanciones europeas": a demonym right after a noun."""
    return mention.kind == "demonym" and mention.start - end <= 1


def _is_genitive_owner(mention: Mention, end: int, sentence: Sentence, words: dict) -> bool:
    """The actor right after a nominal trigger, bare or after "of"/"de", owns it."""
    gap = fold(sentence.text[end - sentence.start:mention.start - sentence.start]).split()
    return not gap or (len(gap) == 1 and (gap[0],) in words.get("genitive", ()))


def _warns_about_another(sentence: Sentence, source: Mention, target: Mention, words: dict) -> bool:
    """"warned Ukraine that Russia plans an attack": a warning about a third party informs
    the target rather than threatening it."""
    after = sentence.text[target.end - sentence.start:]
    words_after = fold(after).split()[:4]
    if not any((w.strip(",;:"),) in words.get("complementizer", ()) for w in words_after):
        return False
    others = {source.actor.country, target.actor.country}
    return any(m.start >= target.end and m.actor.country and m.actor.country not in others
               for m in sentence.mentions)


def _is_modifier(toks: list[Token], first: int, trigger: Trigger, words: dict) -> bool:
    """"the detained vessel": a participle after a determiner describes a noun, it is no event."""
    return (trigger.pos == "verb" and first > 0 and (toks[first - 1].surface.lower(),) in words.get("determiner", ())
            and toks[first].folded != toks[first].lemma)  # surface, not folded: "él acusó" is no "el acusado"


def _is_object_of(triggers: list, first: int, trigger: Trigger, toks: list[Token], words: dict,
                  mentions: list[Mention]) -> bool:
    """"rejected most requests": a trigger right after a verb trigger is its object, unless
    a preposition opens it ("met at the request of Venezuela" is an adjunct, not an object)."""
    return _governor(triggers, first, toks, words, mentions) is not None


def _governor(triggers: list, first: int, toks: list[Token], words: dict, mentions: list[Mention]):
    """The verb trigger whose object the trigger at token `first` is, or None."""
    if (toks[first].folded,) in words.get("preposition", ()):
        return None
    fillers = words.get("determiner", NO_PHRASES) | words.get("possessive", NO_PHRASES) \
        | words.get("quantifier", NO_PHRASES)
    for f, last, other in triggers:
        if other.pos == "verb" and (other.event_type != "-" or other.military) and last <= first \
                and first - last <= 3 and all(
                (t.folded,) in fillers or _in_mention(t, mentions)
                for t in toks[last:first]):
            return other  # "rejected most requests", "blocked EU sanctions"
    return None


SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _not_between(right: list[Mention], sentence: Sentence, words: dict) -> list[Mention]:
    """Drop the mentions after "between" / "entre" / "между" and those joined to them: the
    parties of something else ("a dialogue between Russia and the West"), not the target."""
    between = [m for m in right if _prep_in(m, words.get("between", ()))]
    dropped = {id(m) for first in between for m in _coordinated(sentence, right, first, words)}
    return [m for m in right if id(m) not in dropped]


COOPERATIVE_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


def _rules_out_nothing_hostile(triggers: list, trigger: Trigger, toks: list[Token], words: dict,
                               mentions: list[Mention]) -> bool:
    """"Putin did not rule out a meeting with Zelensky": not ruling out a cooperative act is
    no threat (not ruling out an invasion is)."""
    return trigger.event_type == "THREATEN" and trigger.mode == "military" and any(
        other.event_type in COOPERATIVE_TYPES and _governor(triggers, f, toks, words, mentions) is trigger
        for f, _, other in triggers)


def _in_mention(tok: Token, mentions: list[Mention]) -> bool:
    return any(m.start <= tok.start and tok.end <= m.end for m in mentions)


def _dyads(toks, first, last, trigger, actors, sentence, words, earlier=(), places=None, stop=None):
    start, end = toks[first].start, toks[last - 1].end
    visit = trigger.mode == "visit"
    comitative = words.get("comitative", [])
    first_actor = next((m for m in actors if m.kind != "city"), None)
    left = [m for m in actors if m.end <= start and m.kind != "city" and (
        (trigger.pos == "verb" and m is first_actor and _impersonal_subject(m, toks[first], words))
        or (not _is_place(m, words) and not _prep_in(m, comitative)
            and not (trigger.pos == "verb" and (m.preposition,) in words.get("preposition", ())
                     and (m.preposition,) not in words.get("clause", ()))))]  # "days after Lukashenko met"
    quoted = _quotes(sentence)
    # an organisation one speaks in is no subject ("intervino en la Asamblea General de la ONU, donde criticó")
    left = [m for m in left if not any(q0 <= m.start and m.end <= q1 <= start for q0, q1 in quoted)
            and not (m.kind == "igo" and _prep_in(m, words.get("locative", ())))]
    forum_ids = _forums(sentence, actors, words)
    forums = [m for m in actors if id(m) in forum_ids]
    window = TARGET_WINDOW
    if forums:  # "denunció ante la ONU el despliegue de EE.UU.": the body spoken before takes no part
        left = [m for m in left if m not in forums]
        actors = [m for m in actors if m not in forums]
        window += sum(len(tokens(m.text)) + 2 for m in forums if m.start >= end)  # and its words do not count
    if trigger.pos == "noun":  # a noun's object stands close to it ("the seizure of the tanker by ...")
        window = min(window, NOUN_TARGET_WINDOW)
    limit = toks[min(last + window, len(toks)) - 1].end
    places = set() if visit else (places if places is not None else _places(sentence, actors, words))
    toward = trigger.event_type in DESTINATION_TYPES
    right = [m for m in actors if m.start >= end and m.start <= limit
             and (id(m) not in places or (toward and _is_destination(m, words)))
             and (m.kind != "city" or trigger.event_type in PLACE_TARGET_TYPES)]
    right = _before_clause_break(right, sentence, end, words)
    if trigger.pos == "noun" and stop is not None:
        right = [m for m in right if m.start < stop]
    inside = [m for m in actors if start < m.start < end and id(m) not in places]
    if not right or any(_is_possessive(m, sentence) for m in inside) \
            or (inside and trigger.event_type in OWNER_TARGET_TYPES):
        # "returned ten Armenian prisoners", "blocked the EU's sanctions package against Russia",
        # "blocked the EU decision to aid Ukraine": the object, or its owner, inside a gapped trigger
        right = inside + right
    if trigger.event_type not in SYMMETRIC_TYPES:  # "called for a dialogue between Russia and the West"
        right = _not_between(right, sentence, words)
    # "warn that Washington will not tolerate ...": the subject of a reported clause is not who is warned
    right = [m for m in right if not _prep_in(m, words.get("topic", [])) and not _is_speaker(m, sentence, words)
             and not (trigger.event_type == "THREATEN" and _prep_in(m, words.get("complementizer", [])))]
    clause = toks[_clause_start(toks, first, words)].start
    askers = [m for m in right if _prep_in(m, words.get("on_behalf", []))]
    if askers:  # "the Council met at the request of Venezuela": Venezuela asked, and met nobody
        right = [m for m in right if m not in askers]
        if trigger.event_type == "REQUEST":  # of the clause's subject ("Biden hablará con Putin a petición de ...")
            asked = [m for m in left if m.start >= clause][:1] or [m for m in right if m.start > askers[0].start][:1]
            return [(askers[0], asked[0], False)] if asked else []
    if _is_passive(toks, first, trigger, words):
        agents = [m for m in right if _prep_in(m, words.get("agent", []))]
        source = agents[0] if agents else None
        others = [m for m in right if m not in agents]
        target = left[-1] if left else (others[0] if others else None)
        return [(source, target, True)] if target else []
    # active voice: an agent after a participle belongs to it ("a deal brokered by China"), while
    # "the release of the prisoners by Belarus" still names whom the praise is for
    # — but criticism is aimed at whoever did the thing ("denounced the blockade imposed by Washington")
    if trigger.event_type not in OWNER_TARGET_TYPES:
        right = [m for m in right if not (_prep_in(m, words.get("agent", [])) and len(m.before) >= 2
                                          and m.before[-2].endswith(PARTICIPLE_ENDINGS))]
    earlier = [(p, t) for p, t in earlier if p >= clause]  # earlier verbs of another clause govern nothing here
    if _is_reduced_relative(toks, first, trigger, left, earlier, sentence):
        return []
    source = _subject(left, start, trigger, earlier, sentence, words)
    if source is not None and _is_gerund_clause(toks, first, trigger, sentence, words):
        # "La administración Biden continúa ... con sus socios europeos, consultando ...": a gerund
        # after a comma shares the subject of the sentence, not the nearest actor
        source = next((m for m in left if (m.preposition,) not in words.get("preposition", ())), source)
    if trigger.pos == "noun" and right and _is_genitive_owner(right[0], end, sentence, words) \
            and (source is None or _is_adjacent_demonym(right[0], end)) \
            and not (trigger.event_type in INHERITING_TYPES | {"ASSAULT"}
                     and right[0].actor.sector in INHERITED_SECTORS):
        # "la visita de Lavrov a Caracas", "визит Лаврова в Каракас"; an adjective after its noun
        # owns it whoever speaks of it ("Petro calificó de ejecución el ataque estadounidense");
        # but people after an arrest or a release undergo it ("задержание российских граждан")
        source, right, owned = right[0], right[1:], True
    elif trigger.pos == "noun" and visit and not words.get("genitive"):
        # a language with a genitive case, not word: a visit's owner may follow its destination,
        # and beats the sentence's subject ("Белоруссия освободила ... после визита в Минск
        # специального посланника США": the envoy visited, not Belarus)
        owner = next((m for m in right if not _after_word(m, words.get("preposition", ()), words)
                      and _is_state(m)), None)
        owned = owner is not None
        if owned:
            source, right = owner, [m for m in right if m is not owner]
    else:
        owned = False
    agents = [m for m in right if _after_agent_word(m, words)] if trigger.pos == "noun" else []
    if agents:  # "after a visit to Minsk by a senior American envoy": a noun's agent is its source
        source, right, owned = agents[0], [m for m in right if m is not agents[0]], True
    if source is None and trigger.event_type in SYMMETRIC_TYPES:
        # "После встречи с господином Лукашенко Кристофер Смит поехал ...", "After meeting with Mr.
        # Lukashenko, Smith drove ...": the partner follows "with", the subject comes after
        partner = next((m for m in right if _after_word(m, comitative, words)), None)
        doer = next((m for m in right if partner is not None and m.start > partner.end and _is_state(m)
                     and m.actor.country != partner.actor.country
                     and (m.preposition,) not in words.get("preposition", ())), None)
        if doer is not None:
            return [(doer, partner, False)]
    if owned and not right and trigger.event_type in SYMMETRIC_TYPES:
        # "Lukashenko freed 14 prisoners after a visit by Keith Kellogg": the visit was to him
        host = next((m for m in left if m.actor.country != source.actor.country and _is_state(m)), None)
        if host is not None:
            return [(source, host, False)]
    if trigger.event_type in OWNER_TARGET_TYPES and source is not None:
        # "Москва выразила протест в связи с задержанием российских граждан в Азербайджане": a protest
        # for one's own citizens accuses whoever holds them
        right = [m for m in right if not (m.actor.country == source.actor.country and m.actor.sector == "CVL")]
        # "condenó las violaciones del espacio aéreo de Estonia por aviones rusos": who did it comes first
        right = sorted(right, key=lambda m: not _after_agent_word(m, words))
    symmetric = trigger.event_type in SYMMETRIC_TYPES
    if symmetric:  # "held joint exercises near the Armenian border": a border is no partner
        right = [m for m in right if not _names_a_border(m, sentence, words)]
    # "Poland, Lithuania and Latvia accused Belarus": each of the joined subjects acts
    sources = _coordinated_before(sentence, left, source, words) if source in left else [source]
    if right:
        targets = _coordinated(sentence, right, right[0], words)
        if source is None and symmetric and len(targets) > 1:
            return [(targets[0], t, False) for t in targets[1:]]
        return [(s, t, False) for s in sources for t in targets]
    if source is not None and symmetric:
        partners = [m for m in left if m.actor.country != source.actor.country]  # not its own apposition
        if partners:
            group = _coordinated(sentence, actors, partners[-1], words)
            if source in group:
                return [(partners[-1], source, False)]
    if source is None:
        return []
    return [(s, _target_without_object(s, trigger, actors, sentence, end, limit, clause, words), False)
            for s in sources]


def _target_without_object(source: Mention, trigger: Trigger, actors: list[Mention], sentence: Sentence,
                           end: int, limit: int, clause: int, words: dict) -> Mention | None:
    """The target of an event whose trigger has no actor as object: the acting state's own
    people, a place named after it, the foreign actor a mobilisation answers, or the one
    other state a warning or accusation can be aimed at."""
    target = _domestic_target(source, trigger, sentence, end, limit, words)
    if target is None and trigger.event_type in PLACE_TARGET_TYPES | ACCUSED_PLACE_TYPES:
        target = next((m for m in _right_places(actors, end, limit, sentence, words)
                       if m.actor.country != source.actor.country), None)
    if target is None and trigger.event_type in TARGETLESS_TYPES:
        target = _adversary(actors, source, sentence, words)
    if target is None and trigger.event_type in IMPLIED_TARGET_TYPES:
        target = _only_other_country(actors, source, sentence, end, clause, words)
    return target


# Warnings and accusations whose object names no actor ("warned that Washington will not
# tolerate new interference") are aimed at the one other country the sentence names.
IMPLIED_TARGET_TYPES = frozenset({"THREATEN", "ACCUSE"})


def _only_other_country(actors: list[Mention], source: Mention, sentence: Sentence, end: int, clause: int,
                        words: dict) -> Mention | None:
    """The one foreign state named in the trigger's clause other than as a place, if only one is."""
    others = [m for m in actors if m.actor.country and m.actor.country != source.actor.country
              and m.kind != "city" and not _is_place(m, words) and _is_state(m) and m.start >= clause
              and not _breaks_between(sentence, min(m.end, end), max(m.start, end), words)]
    return others[0] if others and len({m.actor.country for m in others}) == 1 else None


ADVERSARY_SLACK = 3  # words between "in response to" and the actor: "ante la presión de Estados Unidos"


QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "\u201e": "\u201c"}


def _quotes(sentence: Sentence) -> list[tuple[int, int]]:
    """Spans of quoted words ("stated that “Maduro’s days are numbered” and did not rule out"):
    an actor inside a closed quotation is never the subject of a verb after it."""
    return [(sentence.start + s, sentence.start + e) for s, e in _quote_spans(sentence.text)]


@lru_cache(maxsize=256)
def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each closed quotation in `text`; cached, as every trigger of a sentence asks."""
    spans, i = [], 0
    while True:
        i = min((j for j in (text.find(q, i) for q in QUOTE_PAIRS) if j >= 0), default=-1)
        if i < 0:
            return tuple(spans)
        end = text.find(QUOTE_PAIRS[text[i]], i + 1)
        if end > i:
            spans.append((i, end + 1))
            i = end + 1
        else:
            i += 1


def _is_possessive(mention: Mention, sentence: Sentence) -> bool:
    """"the EU's package": the mention owns what follows it."""
    after = sentence.text[mention.end - sentence.start:mention.end - sentence.start + 2]
    return after in ("'s", "’s") or mention.text.endswith(("'s", "’s"))


def _names_a_border(mention: Mention, sentence: Sentence, words: dict) -> bool:
    """"the Armenian border", "la frontera armenia", "у армянской границы": the word next to
    the mention names a border, so the mention says where, not with whom."""
    borders = {p[0] for p in words.get("border", []) if len(p) == 1}
    after = fold(sentence.text[mention.end - sentence.start:]).split()[:1]
    before = fold(sentence.text[:mention.start - sentence.start]).split()[-1:]
    return bool(borders & {w.strip(",.;:") for w in after + before})


def _adversary(actors: list[Mention], source: Mention, sentence: Sentence, words: dict) -> Mention | None:
    """"In response to U.S. pressure, Maduro announced the mobilization": a mobilisation
    with no object is aimed at the foreign actor the sentence names as what it answers."""
    phrases = words.get("adversary", [])
    for mention in actors:
        if not mention.actor.country or mention.actor.country == source.actor.country:
            continue
        before = fold(sentence.text[:mention.start - sentence.start]).split()
        if any(_ends_with_phrase(tuple(before[:len(before) - slack]), phrases) for slack in range(ADVERSARY_SLACK + 1)):
            return mention
    return None


def _right_places(actors: list[Mention], end: int, limit: int, sentence: Sentence, words: dict) -> list[Mention]:
    """Places named after the trigger ("struck targets in Syria"), nearest first."""
    return [m for m in actors if end <= m.start <= limit and _is_place(m, words)]


def _domestic_target(source: Mention, trigger: Trigger, sentence: Sentence, end: int, limit: int,
                     words: dict) -> Mention | None:
    """ "Belarus released 31 prisoners", "police detained protesters": people named by a
    role with no country of their own, acted on by their own state, are that state's."""
    if trigger.event_type not in INHERITING_TYPES or trigger.pos != "verb":
        return None  # a nominal event ("the release of prisoners") rarely says whose prisoners
    people = [m for m in sentence.mentions if m.actor.country is None and m.actor.sector in INHERITED_SECTORS
              and end <= m.start <= limit]
    people = _before_clause_break(people, sentence, end, words)
    if not people:
        return None
    role = people[0]
    actor = Actor(country=source.actor.country, sector=role.actor.sector, name=role.actor.name,
                  id=role.actor.id, text=role.actor.text, span=role.actor.span)
    return Mention(kind=role.kind, start=role.start, end=role.end, text=role.text, actor=actor,
                   preposition=role.preposition, before=role.before)


def _subject(left: list[Mention], start: int, trigger: Trigger, earlier, sentence: Sentence,
             words: dict) -> Mention | None:
    """The source among the actors before a trigger.

    The nearest one, except: a noun behind a trigger of another type ("condemned the
    seizure") has no source, and a verb coordinated with an earlier verb whose object
    the nearest actor is ("warned Moscow and urged Russia") shares that verb's subject.
    """
    if not left:
        return None
    nearest = left[-1]
    if trigger.pos == "noun" and any(nearest.end <= p < start and t != trigger.event_type for p, t in earlier):
        return None
    if trigger.pos == "noun" and ((nearest.preposition,) in words.get("preposition", ())
                                  or (nearest.preposition,) in words.get("genitive", ())) \
            and len(tokens(sentence.text[nearest.end - sentence.start:start - sentence.start])) > NOUN_SOURCE_WORDS:
        return None  # "fled from Belarus after a raid on the protests": a place, not the owner of the noun
    if trigger.pos == "verb" and nearest.kind != "person" \
            and sentence.text[nearest.end - sentence.start:start - sentence.start].strip() == ",":
        return _head_before_parenthesis(left, nearest, sentence)
    governing = [p for p, _ in earlier if p < nearest.start]
    if trigger.pos == "noun" or not governing:
        return nearest
    gap = fold(sentence.text[nearest.end - sentence.start:start - sentence.start]).split()
    coord = {p[0] for p in words.get("coord", []) if len(p) == 1}
    if not any(w in coord for w in gap):
        return nearest
    before = [m for m in left if m.end <= governing[-1]]
    return before[-1] if before else nearest


def _head_before_parenthesis(left: list[Mention], nearest: Mention, sentence: Sentence) -> Mention | None:
    """"Tatyana Khomich, a sister of one of Belarus's political prisoners, invited ...": an actor
    closing a parenthesis is not the subject; the words before the parenthesis are. When no
    actor stands there (an unlisted person), the event has no known source."""
    opening = sentence.text.rfind(",", 0, nearest.start - sentence.start)
    if opening < 0:
        return nearest
    head = [m for m in left if m.end - sentence.start <= opening]
    if not head:
        return None
    between = sentence.text[head[-1].end - sentence.start:opening]
    return head[-1] if len(tokens(between)) <= 1 else None


def _is_speaker(mention: Mention, sentence: Sentence, words: dict) -> bool:
    """"..., Ukrainian officials said": an actor right before a speech verb is the speaker."""
    after = fold(sentence.text[mention.end - sentence.start:]).split()
    speech = {p[0] for p in words.get("speech", [])}
    return bool(after) and after[0].strip(".,;:") in speech


def _before_clause_break(right: list[Mention], sentence: Sentence, end: int, words: dict) -> list[Mention]:
    """Targets stop at the first clause break after the trigger (";", "but", "which"...)."""
    kept = []
    for mention in right:
        if _breaks_between(sentence, end, mention.start, words):
            break  # one word ("but") or a phrase (", y": Spanish and Russian put no comma before a listed "and")
        kept.append(mention)
    return kept


def _breaks_between(sentence: Sentence, start: int, end: int, words: dict) -> bool:
    """Whether a clause break (";", "but", ", y") stands between two offsets of the sentence."""
    between = fold(sentence.text[start - sentence.start:end - sentence.start])
    return _contains_phrase(between.replace(";", " ; ").replace(":", " : ").replace(",", " , ").split(),
                            words.get("clause", NO_PHRASES))


def _contains_phrase(text: list[str], phrases: Phrases) -> bool:
    """Whether any of `phrases` occurs in the word list `text` (one set lookup per position and length)."""
    return any(tuple(text[i:i + n]) in phrases for n in phrases.lengths for i in range(len(text) - n + 1))


STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY"})
PROTESTING_SECTORS = frozenset({"CVL", "OPP", "NGO", "EDU"})


def _is_state(mention: Mention) -> bool:
    """A government, its forces or the country itself (not its people: "Belarusians" are)."""
    return mention.actor.sector in STATE_SECTORS and not (mention.kind == "demonym" and mention.actor.sector is None)


def _country(mention: Mention | None) -> str | None:
    return mention.actor.country if mention else None


def _event(article, sentence, toks, first, last, trigger, source, target, words, grammar,
           date_expressions: list[DateExpression], location: dict | None) -> Event | None:
    if source is None:
        return None  # an event without a known actor is not codable
    if target is None and trigger.event_type not in TARGETLESS_TYPES:
        return None
    if target is not None and source.actor.country == target.actor.country \
            and (trigger.event_type not in DOMESTIC_TYPES or (_is_state(source) and _is_state(target))):
        return None  # a state acting on itself is not an event; on its own people it is
    if trigger.event_type == "THREATEN" and target is not None and _warns_about_another(sentence, source, target, words):
        return None
    coding = grammar.coding(trigger.event_type, trigger.mode)
    start, end = toks[first].start, toks[last - 1].end
    confidence = 0.35 + 0.25 + (0.2 if target else 0) + (0.1 if trigger.pos == "verb" else 0)
    if target and source.end <= start and target.start >= end:
        confidence += 0.1
    factuality = _factuality(toks, first, last, sentence, words, trigger.event_type, trigger.pos == "noun")
    when = nearest_date(date_expressions, start - sentence.start, article.published, forward=factuality == "planned")
    if factuality == "asserted" and when and article.published and when > article.published.isoformat():
        factuality = "planned"  # "meets Putin next week": dated after publication, not yet done
    return Event(
        doc_id=article.id, event_type=trigger.event_type, mode=trigger.mode, cameo=coding.cameo,
        goldstein=coding.goldstein, quad_class=coding.quad_class,
        source=_copy(source.actor), target=_copy(target.actor) if target else None,
        factuality=factuality, date=when,
        location=dict(location) if location else None,
        sentence=sentence.text, sentence_index=sentence.index, span=(sentence.start, sentence.end),
        trigger=article.clean_text[start:end], confidence=round(min(confidence, 1.0), 2),
        lang=sentence.lang)


def _location(sentence: Sentence, words: dict, grammar: EventGrammar) -> dict | None:
    """Where the event happened: the first country, capital or city after a locative word."""
    place = next((m for m in sentence.mentions if _is_place(m, words)), None)
    if place is not None:
        return {"text": place.text, "country": place.actor.country}
    locatives = words.get("locative", ())
    for city in grammar.places.places(sentence.text, sentence.folded or None):
        before = tuple(fold(sentence.text[max(0, city.start - 40):city.start]).split())
        if _ends_with_phrase(before, locatives) \
                and not any(m.start - sentence.start < city.end and city.start < m.end - sentence.start
                            for m in sentence.mentions if m.actor.country):
            return {"text": city.text, "country": city.country}
    return None


def _copy(actor: Actor) -> Actor:
    return Actor(country=actor.country, sector=actor.sector, name=actor.name, id=actor.id,
                 text=actor.text, span=actor.span)


def _target_there(found: list[Event], sentence: Sentence, before: Sentence, grammar: EventGrammar) -> None:
    """"Off the Venezuelan coast ... A carrier group arrived in the region": a mobilisation
    with no target whose sentence points back to a place ("there", "allí", "в регионе") is
    aimed at the last foreign country the sentence before named."""
    open_events = [e for e in found if e.target is None and e.event_type in TARGETLESS_TYPES and e.source]
    if not open_events:
        return
    words = grammar.words.get(sentence.lang, {})
    text = [fold(word) for _, _, word in tokens(sentence.text)]
    if not _contains_phrase(text, words.get("place_anaphor", NO_PHRASES)):
        return
    for event in open_events:
        named = [m for m in before.mentions if m.actor.country and m.actor.country != event.source.country]
        if named:
            last = named[-1]
            event.target = Actor(country=last.actor.country, sector=None, name=None, id=None,
                                 text=last.text, span=(last.start, last.end))


def code_events(article: Article, grammar: EventGrammar) -> Article:
    """Fill `article.events` from the sentences and their actor mentions.

    News tells one episode over consecutive sentences, so three things carry over from the
    sentence before: the date (an asserted event whose sentence names none takes the date of
    the events at most DATE_CARRY_SENTENCES before: "On Wednesday Smith met Lukashenko. He
    also released ..."), the subject (for a verb that opens its sentence in a language that
    drops it) and the events themselves (for a reaction that names one by its noun).
    """
    events = []
    previous: tuple[int, str] | None = None  # (sentence index, date) of the latest dated events
    before: Sentence | None = None
    carried: Mention | None = None
    found: list[Event] = []
    for sentence in article.sentences:
        found = events_in_sentence(article, sentence, grammar, carried, found)
        carried = _subject_of(found, sentence, carried)
        if before is not None:
            _target_there(found, sentence, before, grammar)
        before = sentence
        dated = [e.date for e in found if e.date]
        if previous and sentence.index - previous[0] <= DATE_CARRY_SENTENCES and not dated:
            for event in found:
                if event.factuality in ("asserted", "reported"):
                    event.date = previous[1]
        if found and (dated or (previous and sentence.index - previous[0] <= DATE_CARRY_SENTENCES)):
            previous = (sentence.index, dated[0] if dated else previous[1])
        events += found
    article.events = events
    return article
