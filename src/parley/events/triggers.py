"""Triggers: which words of a sentence name an event, and which of them are events of
their own (not the object of another verb, not a participle describing a noun)."""
from __future__ import annotations

from ..records import Mention
from .grammar import GAP, NO_PHRASES, EventGrammar, Phrases, Token, Trigger
from .dyads import is_passive
from .phrases import clause_start_of, has_suffix, in_mention, is_participle


MAX_GAP = 4
MAX_MEASURE = 4  # numerals and measure words a gap may hold besides: "sent more than 400 drones"


def find_triggers(toks: list[Token], lang: str, grammar: EventGrammar,
                  mentions: list[Mention] = ()) -> list[tuple[int, int, Trigger]]:
    """(first token, last token + 1, trigger) of every non-overlapping trigger match.

    A word is looked up by its surface form and by its lemma; the longest match wins, and
    between equally long ones the surface form ("meeting", a noun) beats the lemma ("meet").
    """
    index = grammar.triggers.get(lang, {})
    nominal = grammar.nominal.get(lang, frozenset())
    lang_words = grammar.words.get(lang, {})
    free = _measure_tokens(toks, lang_words.get("measure", ()), lang_words.get("connector", ())) \
        | _inside_names(toks, mentions)
    walls = _coordinated_verbs(toks, index, lang_words.get("coord", ()))
    inserted = _time_tokens(toks, grammar.time_words.get(lang, frozenset()), lang_words) \
        | _manner_tokens(toks, lang_words.get("manner", NO_PHRASES))
    free |= inserted
    walls |= _clause_words(toks, lang_words.get("clause", ()))
    found = []
    used = set()
    for i, tok in enumerate(toks):
        if i in used:
            continue
        best: tuple[int, Trigger, list[Trigger]] | None = None
        for key in dict.fromkeys((tok.folded, tok.lemma)):
            for trigger in index.get(key, ()):
                end = _match_rest(toks, i + 1, trigger.words[1:], free, walls, inserted)
                if end is not None and end - 1 > i and _owns_another_noun(toks, end, lang_words):
                    end = None  # "welcomed President Biden's decision": the last word owns another noun
                if end is not None and trigger.judging and _names_no_object(toks, i, lang_words):
                    end = None  # "called for an end to the aggression" judges nothing
                if end is not None:
                    if best is None or end > best[0]:
                        best = (end, trigger, index[key])
                    break  # candidates are sorted longest first
        if best is not None:
            end, trigger, candidates = best
            found.append((i, end, _reading_in_context(trigger, candidates, toks, i, nominal,
                                                      grammar.circumstantial.get(lang, frozenset()))))
            used.update(range(i, end))
    return found


def _names_no_object(toks: list[Token], i: int, words: dict) -> bool:
    """Whether the naming verb at `i` is followed by a preposition: "called for", "called on"
    ask; only a verb followed by its object ("called the move ...") names that object by a
    judgement."""
    return i + 1 < len(toks) and (toks[i + 1].folded,) in words.get("preposition", ())


NAME_WORDS = 3  # capitalised words of a name that may follow a pattern's last word ("President Joe Biden's")


def _owns_another_noun(toks: list[Token], end: int, words: dict) -> bool:
    """Whether a multi-word pattern's last word, or the name right after a capitalised last word
    (a title), is in the possessive ("welcomed the president's decision", "welcomed President
    Biden's decision"): the noun phrase owns another noun, which is what the verb takes."""
    if has_suffix(toks[end - 1], words, "possessive_suffix"):
        return True
    if not toks[end - 1].surface[:1].isupper():
        return False  # "turned down Trump's offer", "paid tribute to Hezbollah's": the owner is the object
    for k in range(end, min(len(toks), end + NAME_WORDS)):
        if not toks[k].surface[:1].isupper():
            return False
        if has_suffix(toks[k], words, "possessive_suffix"):
            return True
    return False


def _reading_in_context(trigger: Trigger, candidates, toks: list[Token], i: int, nominal: frozenset[str],
                        circumstantial: frozenset[str] = frozenset()) -> Trigger:
    """A word listed both as a verb and as a noun ("visit", "protest") is a noun after a
    determiner or a circumstance word, or two words after the latter ("after a visit to Minsk
    by ...", "amid mass protests"), and a verb otherwise."""
    twins = [t for t in candidates if t.words == trigger.words and t.pos != trigger.pos]
    if not twins:
        return trigger
    wanted = "noun" if (i > 0 and toks[i - 1].folded in nominal) \
        or (i > 1 and toks[i - 2].folded in circumstantial) else "verb"  # "amid mass protests"
    return trigger if trigger.pos == wanted else twins[0]


def _measure_tokens(toks: list[Token], measure, connector) -> frozenset[int]:
    """The tokens a gap holds for free: numerals, `measure` words and the connector after one
    ("25,000 tons of food aid", "más de 400 drones", "свыше 300 тонн"), which lengthen a
    phrase without moving its head away from the verb."""
    free: set[int] = set()
    for i, t in enumerate(toks):
        if any(c.isdigit() for c in t.folded) or (t.folded,) in measure \
                or ((i - 1) in free and (t.folded,) in connector):
            free.add(i)
    return frozenset(free)


def _inside_names(toks: list[Token], mentions: list[Mention]) -> frozenset[int]:
    """The words of an actor's name after its first, which a gap holds for free: a name is one
    word to the phrase ("firmó con su homólogo boliviano un memorando", "signed with the
    Democratic Republic of Congo a deal")."""
    return frozenset(i for i, t in enumerate(toks)
                     if any(m.start < t.start and t.end <= m.end for m in mentions))


def _coordinated_verbs(toks: list[Token], index: dict, coord) -> frozenset[int]:
    """The "and" of a coordinated verb trigger ("donó 10 millones a Haití y enviará vehículos
    blindados"), which a gap does not cross once the first verb has words of its own: the
    words after it are the next act's (right after the verb, the two share their object:
    "abordó y capturó un buque")."""
    def heads_a_verb(tok: Token) -> bool:
        return any(t.pos == "verb" for key in (tok.folded, tok.lemma) for t in index.get(key, ()))
    return frozenset(i for i in range(len(toks) - 1)
                     if (toks[i].folded,) in coord and heads_a_verb(toks[i + 1]))


def _match_rest(toks: list[Token], i: int, words: tuple[str, ...], free: frozenset[int] = frozenset(),
                walls: frozenset[int] = frozenset(), inserted: frozenset[int] = frozenset()) -> int | None:
    if not words:
        return i
    if words[0] == GAP:
        counted = 0
        for skip in range(0, MAX_GAP + MAX_MEASURE + 1):
            if skip:
                counted += (i + skip - 1) not in free
                if (i + skip - 1) in walls and skip > 1:  # "boarded and seized a ship" share it
                    return None
            if counted > MAX_GAP:
                return None
            end = _match_rest(toks, i + skip, words[1:], free, walls, inserted)
            if end is not None:
                return end
        return None
    while i in inserted and i < len(toks) and words[0] not in (toks[i].lemma, toks[i].folded):
        i += 1  # "se concentraron hoy ante", "met on Monday with": a time phrase breaks no pattern
    if i < len(toks) and words[0] in (toks[i].lemma, toks[i].folded):
        return _match_rest(toks, i + 1, words[1:], free, walls, inserted)
    return None


def _clause_words(toks: list[Token], clause) -> frozenset[int]:
    """The words that open a clause ("after", "que", "который"): a gap does not cross one, the
    words after it being another clause's ("deployed the military on Friday after police and
    protesters clashed" deploys no police)."""
    return frozenset(i for i, t in enumerate(toks) if (t.folded,) in clause)


def _time_tokens(toks: list[Token], time_words: frozenset[str], words: dict) -> frozenset[int]:
    """The words of a time phrase inside a sentence: a weekday or a relative date word ("hoy",
    "today", "вчера"), with the article or preposition right before it ("el jueves", "on
    Monday", "в четверг"). They stand anywhere in a pattern without breaking it."""
    glue = {p for c in ("determiner", "preposition", "locative") for p in words.get(c, ())}
    found: set[int] = set()
    for i, t in enumerate(toks):
        if t.folded in time_words:
            found.add(i)
            if i and (toks[i - 1].folded,) in glue:
                found.add(i - 1)
    return frozenset(found)


def _manner_tokens(toks: list[Token], manner: Phrases) -> frozenset[int]:
    """The words of a `manner` phrase ("with immediate effect", "de forma definitiva",
    "немедленно"): like a time phrase, it stands anywhere in a pattern without breaking it
    ("retiró de forma definitiva a su embajadora")."""
    found: set[int] = set()
    for n in manner.lengths:
        for i in range(len(toks) - n + 1):
            if tuple(t.folded for t in toks[i:i + n]) in manner:
                found.update(range(i, i + n))
    return frozenset(found)


def is_modifier(toks: list[Token], first: int, trigger: Trigger, words: dict) -> bool:
    """"the detained vessel", "his alleged part in atrocities": a participle after a determiner
    or a possessive describes a noun, it is no event (but "Las sanciones ... impuestas" opens
    with its object noun). The word before is matched on the surface, not folded: "él acusó" is
    no "el acusado"."""
    before = (toks[first - 1].surface.lower(),) if first > 0 else None
    return (trigger.pos == "verb" and before is not None and is_participle(toks[first], words)
            and (before in words.get("determiner", ()) or before in words.get("possessive", ())))


def is_possessor(toks: list[Token], last: int, trigger: Trigger, words: dict) -> bool:
    """"the meeting's co-chairman said", "the summit's host": an event word in the possessive
    (`possessive_suffix`; a verb pattern matched on such a noun too) names who or what belongs to
    an event told elsewhere; it tells no event of its own."""
    return has_suffix(toks[last - 1], words, "possessive_suffix")


RETELLING_REACH = 4  # words between a `retelling` preposition and the event noun ("in the second-worst attack")


def retells_an_act(triggers: list, first: int, trigger: Trigger, toks: list[Token], words: dict,
                   mentions: list[Mention]) -> bool:
    """"Two suicide bombers killed 23 people ... in the second-worst attack of the uprising",
    "murieron 20 personas en el peor atentado": an event noun (or a verb pattern's word used as
    one) a few words after a `retelling` preposition, after an active verb of its own type that
    an actor opens earlier in its clause, names that act again; it is no second event (with
    other actors drawn from its own words). After a passive, or a verb with no actor before it
    ("six people were killed and dozens wounded in clashes between rival groups"), the noun
    names the doers: it stays."""
    if trigger.has("symmetric"):
        return False  # "hosted the leaders of South Korea and the United States for a trilateral summit": every pair meets
    if trigger.pos == "verb" and (is_participle(toks[first], words) or toks[first].folded != toks[first].lemma):
        return False  # "and for the first time blacklisted Chinese refineries": a verb of its own
    clause = clause_start_of(toks, first, words)
    if not any(clause <= f < first and t.pos == "verb" and t.event_type == trigger.event_type
               and not is_passive(toks, f, t, words, l)
               and any(m.actor.country and toks[clause].start <= m.start and m.end <= toks[f].start for m in mentions)
               for f, l, t in triggers):
        return False
    retelling = words.get("retelling", NO_PHRASES)
    stops = words.get("preposition", NO_PHRASES) | words.get("genitive", NO_PHRASES)
    return any(tuple(t.folded for t in toks[i:i + n]) in retelling
               and not any((t.folded,) in stops for t in toks[max(0, i - 2):i] + toks[i + n:first])
               # not "in exchange for the lifting of"
               for n in retelling.lengths for i in range(max(0, first - RETELLING_REACH - n), first - n + 1))


def is_object_of(triggers: list, first: int, trigger: Trigger, toks: list[Token], words: dict,
                 mentions: list[Mention], text: str = "", offset: int = 0) -> bool:
    """"rejected most requests": a trigger right after a verb trigger is its object, unless
    a preposition opens it ("met at the request of Venezuela" is an adjunct, not an object), or
    it is a gerund right after an actor, which it tells of ("disperse demonstrators protesting
    election results": the demonstrators protest; "rejected Kyiv demands" stays an object)."""
    if trigger.pos == "verb" and first > 0 and in_mention(toks[first - 1], mentions) \
            and has_suffix(toks[first], words, "gerund_ending"):
        return False
    return governor(triggers, first, toks, words, mentions, text, offset) is not None


def governor(triggers: list, first: int, toks: list[Token], words: dict, mentions: list[Mention],
             text: str = "", offset: int = 0):
    """The verb trigger whose object the trigger at token `first` is, or None. A comma or
    other mark between them ends the verb's phrase ("which Moscow criticised, signed ...":
    "signed" is the main verb, no object of "criticised"); `text` is the sentence's, from `offset`."""
    if (toks[first].folded,) in words.get("preposition", ()):
        return None
    fillers = words.get("determiner", NO_PHRASES) | words.get("possessive", NO_PHRASES) \
        | words.get("quantifier", NO_PHRASES)
    for f, last, other in triggers:
        if other.pos == "verb" and other.acts and last <= first \
                and first - last <= 3 and not _punctuation_between(toks[last - 1], toks[first], text, offset) and all(
                (t.folded,) in fillers or in_mention(t, mentions)
                for t in toks[last:first]):
            return other  # "rejected most requests", "blocked EU sanctions"
    return None


def rules_out_nothing_hostile(triggers: list, trigger: Trigger, toks: list[Token], words: dict,
                               mentions: list[Mention]) -> bool:
    """"Putin did not rule out a meeting with Zelensky", "не исключил возможности встречи":
    not ruling out a cooperative act, named within RULED_OUT_WINDOW words, is no threat (not
    ruling out an invasion is)."""
    if not trigger.has("armed"):
        return False
    end = next(last for _, last, t in triggers if t is trigger)
    return any(other.has("cooperative") and end <= f <= end + RULED_OUT_WINDOW
               for f, _, other in triggers)


RULED_OUT_WINDOW = 4  # "no descartó la posibilidad de una reunión"


def _punctuation_between(left: Token, right: Token, text: str, offset: int = 0) -> bool:
    """Whether a mark that ends a phrase (comma, semicolon, colon, bracket) stands between two
    tokens of `text` (which starts at `offset`); an apostrophe or a hyphen does not."""
    between = text[left.end - offset:right.start - offset] if text else ""
    return any(c in PHRASE_ENDS for c in between)


PHRASE_ENDS = frozenset(",;:()")
