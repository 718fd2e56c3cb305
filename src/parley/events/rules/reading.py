"""The first stages of the attachment grammar: what a trigger means, from who does it
(the reading rules), and who may take part in it (the candidate rules)."""
from __future__ import annotations

from dataclasses import replace

from ...records import Mention
from ...textnorm import fold, tokens
from ..dyads import (after_agent_word, after_word, coordinated, forums_of, is_passive, is_state, of_country, objects_after, place_ids, is_place,
                     set_in_a_circumstance, PROTESTING_SECTORS)
from ..grammar import NO_PHRASES
from ..phrases import clause_start_of, ends_with_phrase, has_phrase, has_suffix, in_mention, phrase_end
from .attachment import opens_after_comma
from .book import Attachment, Reading, rule


from .implied import grievance_state, is_state_building, people_at_home, state_implied

STATE_FORCES = frozenset({"MIL"})  # what a military reading needs
ARMED_FORCES = STATE_FORCES | {"REB"}  # and what a friendly one (a withdrawal) needs


@rule("armed_subject", "type", "reading")
def armed_subject(r: Reading) -> bool | None:
    """A word with a military reading takes it when every subject is armed forces ("US
    warships arrived" mobilises; "Lavrov arrived", "the defence minister arrived in Manila", a
    general named by name, visit); a rebel army takes a friendly one, easing off ("Los rebeldes
    del M23 comenzaron a retirarse" retreats; rebels who arrive or free a town are no army moving).
    An army that frees people (a release, `frees_the_held`) releases them: only a town is taken."""
    if r.trigger.military is None:
        return None
    dyads, fired = r.attach(r.trigger.military)
    forces = ARMED_FORCES if r.trigger.military.has("cooperative") else STATE_FORCES
    if r.trigger.has("frees_the_held") and any(t is not None and _names_people(t) for _, t, _ in dyads):
        return None  # "Военные власти Мьянмы освободили лидера оппозиции": freeing people releases them
    if dyads and all(s is not None and s.actor.sector in forces and s.kind != "person" for s, _, _ in dyads):
        r.trigger, r.dyads, r.fired, r.done = r.trigger.military, dyads, fired, True
        return True
    return None


def _names_people(mention: Mention) -> bool:
    """Whether a mention names people (a person, or a role of no armed force), not a town."""
    return mention.kind == "person" or (mention.kind == "role" and mention.actor.sector not in ARMED_FORCES)


@rule("own_reading", "source+target", "reading")
def own_reading(r: Reading) -> bool | None:
    """The trigger's own type, attached by the attachment rules (a word that is an event only
    with armed forces as subject is none otherwise)."""
    if not r.trigger.acts:
        r.done = True
        return None
    r.dyads, r.fired = r.attach(r.trigger)
    return None


@rule("crowd_in_its_country", "source+target", "reading")
def crowd_in_its_country(r: Reading) -> bool | None:
    """"Thousands of protesters rallied in Tbilisi against the government": people named only
    by a role act in the country the sentence places them in, against its own government, or
    against the state whose embassy they gather at ("frente a la embajada de Israel en Madrid"). A
    place taken for the subject ("Политзаключенные в Бахрейне объявили голодовку", read like
    "в Минске задержали") is where the crowd acts, not who acts. A sentence that names no place
    is set where the story is ("NAIROBI (AP) - Thousands of young people marched ..."); in a
    story set nowhere, the crowd is of the state its grievance addresses, and addresses it ("Up
    to 1,000 ethnic Turks began a hunger strike to protest against Sweden's decision")."""
    if r.context is None:
        return None
    a = r.context
    crowd = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector in PROTESTING_SECTORS
             and m.end <= a.start]
    told_of = bool(crowd) and _tells_of(a.sentence.text[crowd[-1].end - a.sentence.start:a.start - a.sentence.start],
                                        a.words)
    # "disperse demonstrators protesting election results", "dispersó a miles de manifestantes que
    # protestaban": the verb form right after the crowd, or after its relative pronoun, tells of it
    if not told_of and any(s is not None and not is_place(s, a.words) for s, _, _ in r.dyads):
        return None
    # a state's building the crowd gathers at ("frente a la embajada de Israel en Madrid") is
    # whom it addresses, not where it stands
    buildings = [m for m in a.actors if is_state_building(m, a.words)]
    place = next((m for m in a.actors if is_place(m, a.words) and m not in buildings), None)
    if place is None and crowd:
        place = _home_of(crowd[-1], a.actors, a.words, a.sentence.text, a.sentence.start)
    country = place.actor.country if place is not None else a.setting  # else where the story is set
    addressed = grievance_state(a) if crowd else None  # the state the protest names, if any
    if country is None and addressed is not None:  # "ethnic Turks began a hunger strike to protest against Sweden's decision"
        r.dyads = [(of_country(crowd[-1], addressed.actor.country), addressed, False)]
        return True
    if not crowd and country is not None and a.trigger.pos == "noun" \
            and not any(s is not None for s, _, _ in r.dyads) and _named_as_a_happening(a):
        # "Protests broke out in Nairobi", "amid mass protests", "после массовых протестов": a
        # crowd's act named by a noun with no one named is the people's of where it happens
        r.dyads = [(people_at_home(a, country), state_implied(a, country), False)]
        return True
    if not crowd or country is None:
        return None
    opposed = [m for m in a.sentence.mentions if m.actor.country in (None, country)
               and m.actor.sector in ("GOV", "COP", "MIL") and m.start >= a.end]
    if addressed is not None and addressed.actor.country == country:
        addressed = None  # only a foreign state named: "to show their disapproval for the United States' policies"
    target = buildings[0] if buildings else addressed if addressed is not None \
        else of_country(opposed[0], country) if opposed else None
    if target is None:
        target = state_implied(a, country)
    r.dyads = [(of_country(crowd[-1], country), target, False)]
    return True


RIOT_GAP = 3  # words between a crowd and its act of force ("Protesters on Tuesday stormed")


@rule("a_crowd_riots", "type", "reading")
def a_crowd_riots(r: Reading) -> bool | None:
    """"Protesters stormed the parliament", "los manifestantes asaltaron la sede del Congreso",
    "Демонстранты подожгли здание телекомпании": an act of force whose subject is a crowd (people,
    students, supporters, "manifestantes indonesios": no armed force, no state) and whose doer no
    actor names otherwise is a riot (plover.tsv `by_crowd=`), then placed as the crowd's protest."""
    riot = r.trigger.by_crowd
    if riot is None or r.context is None or r.trigger.pos != "verb" \
            or any(s is not None and (is_state(s) or s.actor.sector not in PROTESTING_SECTORS) for s, _, _ in r.dyads):
        return None
    a = r.context
    if is_passive(a.toks, a.first, a.trigger, a.words, a.last) or not _crowd_opens_the_clause(a):
        return None  # "five people were killed": they underwent it
    r.trigger = riot
    r.dyads, r.fired = r.attach(riot)
    return True


def _crowd_opens_the_clause(a: Attachment) -> bool:
    """Whether the mention nearest before the trigger in its clause is a crowd (no state) a few
    words before it, with no other act before it in the clause: the verb's subject ("killed two
    youths and wounded five others": the youths are no subject of "wounded")."""
    before = [m for m in a.sentence.mentions if a.clause <= m.start and m.end <= a.start]
    if not before or a.earlier or is_state(before[-1]) or before[-1].actor.sector not in PROTESTING_SECTORS:
        return False
    return len(tokens(a.sentence.text[before[-1].end - a.sentence.start:a.start - a.sentence.start])) <= RIOT_GAP


OPENING_WORDS = 2  # words before a crowd noun that opens its sentence ("Las protestas", "Массовые акции протеста")


def _named_as_a_happening(a: Attachment) -> bool:
    """Whether a crowd's act named by a noun is told as something that happened: the subject
    opening the sentence ("Las protestas se extendieron", "Акции протеста охватили") or the
    circumstance of another act ("amid mass protests", "tras las protestas", "после массовых
    протестов"); not a rally ahead, planned or banned ("deployed police ahead of the rally")."""
    opening = len(tokens(a.sentence.text[:a.start - a.sentence.start])) <= OPENING_WORDS
    if opening and not any(m.end <= a.start for m in a.sentence.mentions):
        return True
    return set_in_a_circumstance(a.sentence, a.sentence.start, a.start, a.words)


def _tells_of(between: str, words: dict) -> bool:
    """Whether only a comma or a relative pronoun ("who", "que", "которые") stands between a
    crowd and a trigger: the trigger's subject is the crowd."""
    rest = fold(between.replace(",", " ")).split()
    relatives = words.get("relative", NO_PHRASES) | words.get("person_relative", NO_PHRASES)
    return not rest or (len(rest) == 1 and (rest[0],) in relatives)


HOME_GAP = 4  # words between a crowd and its place: "campesinos de la provincia de Cotopaxi"


def _home_of(crowd: Mention, actors: list[Mention], words: dict, text: str, offset: int) -> Mention | None:
    """"Residents of Lagos", "vecinos de Medellín", "campesinos de la provincia de Cotopaxi",
    "Жители Оша": the place right after a crowd's noun, joined by "of" (or a genitive case, with
    no word at all), with only articles and a word for a kind of place between, is where the
    crowd lives, and so where it protests. Unlike officials ("the envoy of Spain" may act
    abroad), people of a town act at home."""
    glue = {p for c in ("connector", "genitive", "determiner", "place_kind") for p in words.get(c, ())}
    for m in actors:
        if m.start < crowd.end or m.kind not in ("city", "country", "metonym"):
            continue
        gap = fold(text[crowd.end - offset:m.start - offset]).split()
        return m if len(gap) <= HOME_GAP and all((w,) in glue for w in gap) else None
    return None


REVERSAL_REACH = 7  # words between a reversal word and the noun it undoes ("levantó a partir de esta semana el estado de emergencia")


@rule("undone_by_a_reversal", "type", "reading")
def undone_by_a_reversal(r: Reading) -> bool | None:
    """"Sudan's government lifted a state of emergency", "levantó el estado de excepción",
    "отменили комендантский час", "The blockade of Qatar was lifted by Saudi Arabia": an event
    noun governed by a `reversal` word just before it (or a `reversed` one just after it) is
    lifted or ended: its type's `undone=` reading (an easing of restrictions, of sanctions, of
    a blockade), not the act itself."""
    a = r.context
    if a is None or r.trigger.undone is None or (r.trigger.pos != "noun" and not _used_as_a_noun(a)):
        return None
    toks = a.toks
    lo = max(0, a.first - REVERSAL_REACH)
    stops = a.words.get("coord", NO_PHRASES) | a.words.get("clause", NO_PHRASES)
    lo = max([lo] + [k + 1 for k in range(lo, a.first) if (toks[k].folded,) in stops])  # not past "and", "which"
    before = has_phrase(toks, lo, a.first, a.words.get("reversal", NO_PHRASES))
    after = phrase_end(toks, a.last, min(len(toks), a.last + REVERSAL_REACH + 1), a.words.get("reversed", NO_PHRASES))
    if not before and after is None:
        return None
    r.trigger = r.trigger.undone
    lifted = _lifted_by(a, toks[after - 1].end) if after is not None else []
    r.dyads, r.fired = (lifted, ["passive_agent"]) if lifted else r.attach(r.trigger)
    return True


def _used_as_a_noun(a: Attachment) -> bool:
    """Whether a verb pattern's word stands as a noun: a determiner, and nothing but names and
    lower-case words after it, before it ("ending the U.S. sanctions program on Syria")."""
    k = a.first - 1
    while k >= 0 and (in_mention(a.toks[k], a.sentence.mentions) or a.toks[k].surface[:1].islower()) \
            and (a.toks[k].folded,) not in a.words.get("determiner", NO_PHRASES) and a.first - k <= REVERSAL_REACH:
        k -= 1
    return k >= 0 and (a.toks[k].folded,) in a.words.get("determiner", NO_PHRASES)


def _lifted_by(a: Attachment, reversed_end: int) -> list:
    """"The blockade of Qatar was lifted by Saudi Arabia, the UAE, Bahrain and Egypt": the
    agents after the passive lift it, each for the actor the noun names between (its target)."""
    named = [m for m in a.actors if a.end <= m.start < reversed_end]
    agents = [m for m in a.actors if m.start >= reversed_end and after_agent_word(m, a.words)]
    if not named or not agents:
        return []
    return [(agent, named[0], False) for agent in coordinated(a.sentence, a.actors, agents[0], a.words)]


COMPLEMENT_REACH = 4  # words between a commitment ("amenazó de inmediato con") and the act it names


@rule("announced_complement", "type", "reading")
def announced_complement(r: Reading) -> bool | None:
    """"amenazó de inmediato con un cese de actividades", "threatened to go on strike": a
    trigger that `commits` its doer to the act right after it, when announcing that act means
    the trigger's own type (plover.tsv `announced=`), is that announcement, mode and all: a
    threat of a strike is THREATEN with CAMEO 133 (mode `dissent`), which needs no target."""
    a = r.context
    if a is None or a.sentence.analysis is None or not r.trigger.has("commits"):
        return None
    act = next((t for f, _, t in a.sentence.analysis.triggers if a.last <= f <= a.last + COMPLEMENT_REACH), None)
    announced = act.announced if act is not None else None
    if announced is None or announced.event_type != r.trigger.event_type or announced.mode in (None, r.trigger.mode):
        return None
    r.trigger = replace(announced, words=r.trigger.words, pos=r.trigger.pos)
    r.dyads, r.fired = r.attach(r.trigger)
    return True


@rule("state_reading", "type", "reading")
def state_reading(r: Reading) -> bool | None:
    """A type that means another when a state does it ("Moscow protested over the detention":
    a state protests by note, it accuses) is read so, and attached again."""
    state = r.trigger.by_state
    if state is None or not any(s is not None and is_state(s) for s, _, _ in r.dyads):
        return None
    r.trigger = state
    r.dyads, r.fired = r.attach(state)
    return True


# --- candidates: who may be source and target --------------------------------------------

@rule("forum_takes_no_part", "source+target", "candidates")
def forum_takes_no_part(a: Attachment) -> bool | None:
    """"denunció ante la ONU el despliegue de EE.UU.": the body one speaks before (after a
    `forum` word) is neither source nor target, and its words do not count in the window."""
    ids = forums_of(a.sentence, a.actors, a.words)
    forums = [m for m in a.actors if id(m) in ids]
    if not forums:
        return None
    a.left = [m for m in a.left if m not in forums]
    a.actors = [m for m in a.actors if m not in forums]
    a.window += sum(len(tokens(m.text)) + 2 for m in forums if m.start >= a.end)
    return True


@rule("mediator_takes_no_part", "source+target", "candidates")
def mediator_takes_no_part(a: Attachment) -> bool | None:
    """"Алиев и Пашинян при посредничестве президента США подписали декларацию", "Russia and
    Ukraine, with Turkey's mediation, agreed on an exchange": the actor a `mediator` word
    governs is neither source nor target of the acts the sides do; it meets each side, which
    the mediation trigger says (`mediator_meets_each_side`), and talks are held with it (a
    `scheduled` act keeps it: "При посредничестве Норвегии ... возобновились переговоры")."""
    mediators = [m for m in a.actors if after_word(m, a.words.get("mediator", ()), a.words)]
    if not mediators:
        return None
    a.left = [m for m in a.left if m not in mediators]
    a.right = [m for m in a.right if m not in mediators]
    a.actors = [m for m in a.actors if m not in mediators]
    return True


@rule("object_of_its_complement", "target", "candidates")
def object_of_its_complement(a: Attachment) -> bool | None:
    """"agreed in principle on Saturday to provide about 70 million dollars of aid for Romania
    and Poland", "acordó ... donar unos 40 millones a Moldavia", "согласилась ... предоставить
    помощь Молдавии": a verb whose complement is another act (the next verb trigger of its
    reach, an infinitive by its ending or after an `irrealis` word, not joined by "and") takes the
    objects of that act when it names none of its own before it."""
    if a.trigger.pos != "verb" or a.sentence.analysis is None:
        return None
    coord = a.words.get("coord", ())
    irrealis = a.words.get("irrealis", ())
    later = [(f, l, t) for f, l, t in a.sentence.analysis.triggers if f >= a.last and t.pos == "verb"]
    if not later or later[0][0] >= a.last + a.window:
        return None
    f, l, t = later[0]
    before = (a.toks[f - 1].folded,)
    if before in coord or not (before in irrealis or (has_suffix(a.toks[f], a.words, "infinitive_suffix")
                                                      and before not in a.words.get("determiner", ()))):
        return None
    a.complement = (f, l, t)
    return True


def _right_after(a: Attachment, mention: Mention) -> bool:
    """Whether a mention follows the trigger's verb (or its first word, in a gapped trigger)
    with at most one word between, and that no complementizer ("urged both sides", "pidió a
    ambas partes"; not "insisted that the two countries had ...")."""
    first_end = a.toks[a.first].end if mention.start < a.end else a.end
    between = tokens(a.sentence.text[first_end - a.sentence.start:mention.start - a.sentence.start])
    complementizers = {p[0] for p in a.words.get("complementizer", ()) if len(p) == 1}
    return len(between) <= 1 and not any(fold(w) in complementizers for _, _, w in between)


PAIR_AFTER_BETWEEN = 6  # words from "between" to the pair: "between the two countries' deputy ministers"


def _between_them(a: Attachment, pair: Mention) -> bool:
    """"talks between the two countries' deputy ministers", "una conversación entre los
    viceprimeros ministros de ambos países": a pair the trigger's `between` word opens, a few
    plain words before it, is the parties of a symmetric act."""
    gap = [fold(w) for _, _, w in tokens(a.sentence.text[a.end - a.sentence.start:pair.start - a.sentence.start])]
    opened = [i for i, w in enumerate(gap) if (w,) in a.words.get("between", ())]
    return bool(opened) and len(gap) - opened[-1] <= PAIR_AFTER_BETWEEN


def collect_objects(a: Attachment) -> None:
    """The candidate objects after (or inside) the trigger and the trigger's clause: computed
    once the candidate rules have run, before the attachment rules."""
    travel = a.trigger.has("travel")
    places = set() if travel else (a.places if a.places is not None else place_ids(a.sentence, a.actors, a.words))
    a.right, a.limit = objects_after(a.actors, a.toks, a.first, a.last, a.trigger, a.sentence, a.words, places,
                                     a.stop, a.window)
    if a.complement is not None:
        f, l, act = a.complement
        if not any(m.start < a.toks[f].start for m in a.right):
            act_places = set() if act.has("travel") else places
            a.right, a.limit = objects_after(a.actors, a.toks, f, l, act, a.sentence, a.words, act_places, None,
                                             a.window)
    # "the two countries" after the trigger is an object only as its first one ("urged both
    # sides to show restraint", "called on all parties"); it is never an implied target
    a.right = [m for m in a.right if m.kind != "pair" or (a.right[0].start == m.start and _right_after(a, m))
               or (a.trigger.has("symmetric") and _between_them(a, m))]
    a.actors = [m for m in a.actors if m.kind != "pair" or m.end <= a.start or m in a.right]
    a.inside = [m for m in a.actors if a.start < m.start < a.end and id(m) not in places]
    a.clause = a.toks[clause_start_of(a.toks, a.first, a.words)].start


@rule("relative_clause_is_no_subject", "source", "candidates")
def relative_clause_is_no_subject(a: Attachment) -> bool | None:
    """"The envoy of Qatar, who met Iran's president on Sunday, urged Israel ...": the actors
    of a relative clause set off by commas before the trigger are none of its subjects; the
    actor before the clause is."""
    text, start = a.sentence.text, a.sentence.start
    clause_words = {p[0] for p in a.words.get("clause", ()) if len(p) == 1}
    spans = []
    for i, tok in enumerate(a.toks[:a.first]):
        if i and tok.folded in clause_words and opens_after_comma(a, i):
            closing = text.find(",", tok.end - start)
            if 0 <= closing and start + closing < a.start:
                spans.append((tok.start, start + closing))
    kept = [m for m in a.left if not any(s <= m.start < e for s, e in spans)]
    if len(kept) == len(a.left):
        return None
    a.left = kept
    return True
