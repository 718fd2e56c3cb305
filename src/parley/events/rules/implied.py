"""The implied-target rules: whom an event is aimed at when its trigger names no actor
as its object (the first rule that finds one decides)."""
from __future__ import annotations

from ...records import Actor, Mention
from ...textnorm import fold, tokens
from ..dyads import (after_origin, domestic_target, is_destination, is_possessive, is_state, of_country, only_other_country, adversary, is_place, is_speaker,
                     right_places, subject_of_complement, ARMED_SECTORS, NOUN_SOURCE_WORDS)
from ..phrases import breaks_between, ends_with_phrase, phrase_end
from .attachment import clause_places, country_struck, where_it_happens
from .book import Attachment, Implied, rule


@rule("own_people", "target", "implied_target")
def own_people(i: Implied) -> Mention | None:
    """"Belarus released 31 prisoners", "police detained protesters": people named only by a
    role are acted on by their own state; abroad, where the clause places the act in another
    country, they are that country's ("Turkish troops detained four shepherds near Qamishli")."""
    a = i.a
    people = domestic_target(i.source, a.trigger, a.sentence, a.end, a.limit, a.words) \
        or domestic_target(i.source, a.trigger, a.sentence, a.start, a.toks[a.last - 1].start - 1, a.words)
    # ... or inside the gap of the trigger, before its last word ("stripped 135 political prisoners
    # of their citizenship"; not "swapped 390 prisoners", whose own word they are)
    abroad = _place_abroad(a, i.source)
    return of_country(people, abroad.actor.country) if people is not None and abroad is not None else people


def _place_abroad(a: Attachment, source: Mention, own_verb_only: bool = True) -> Mention | None:
    """The first place after the trigger of a country other than the source's, where the act
    happens ("detained four shepherds near Qamishli"); not where people are sent ("deported
    to Venezuela"), and with `own_verb_only` not a place of a later verb ("... y los expulsó
    a Guatemala")."""
    verbs = [p for p, t in a.sentence_triggers() if t.pos == "verb" and p >= a.end] if own_verb_only else []
    return next((m for m in right_places(a.actors, a.end, a.limit, a.sentence, a.words)
                 if m.actor.country != source.actor.country and not is_destination(m, a.words)
                 and not after_origin(m.before, a.words)
                 and not any(p < m.start for p in verbs)), None)


def _place_of_the_main_clause(a: Attachment, source: Mention) -> Mention | None:
    """"Israeli forces raided a village in Syria's Quneitra province, detaining three men": a
    trigger opening a participle clause after a comma (a `gerund_ending`) happens where the
    clause before it does: its last place of a country other than the source's."""
    word = a.toks[a.first].folded
    gerund = any(word.endswith(e[0]) and len(word) > len(e[0]) + 2 for e in a.words.get("gerund_ending", ()))
    if not gerund or not a.sentence.text[:a.start - a.sentence.start].rstrip().endswith(","):
        return None
    places = [m for m in a.actors if m.end <= a.start and is_place(m, a.words) and m.actor.country
              and m.actor.country != source.actor.country and not is_speaker(m, a.sentence, a.words)]
    return places[-1] if places else None


@rule("people_at_home_where_the_story_is_set", "target", "implied_target")
def people_at_home_where_the_story_is_set(i: Implied) -> Mention | None:
    """"QUITO - ... Police blamed the Los Lobos gang", "LOMÉ - ... The government spokesman
    accused an exiled opposition figure": in a story set in the source state's own country,
    people that state's organs act on, named right after the trigger by a role only, are of
    that country."""
    a = i.a
    if a.setting is None or i.source.actor.country != a.setting \
            or not (is_state(i.source) or i.source.actor.sector in OWN_ORGAN_SECTORS):
        return None
    people = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector
              and a.end <= m.start <= a.limit and not is_speaker(m, a.sentence, a.words)]
    later = [p for p, _ in a.sentence_triggers() if p >= a.end]
    people = [m for m in people if not breaks_between(a.sentence, a.end, m.start, a.words)
              and not any(p < m.start for p in later)]  # "condemned the drills and put its forces ..."
    return of_country(people[0], a.setting) if people else None


OWN_ORGAN_SECTORS = frozenset({"JUD", "LEG"})  # besides the government and its forces (`is_state`)


@rule("place_after_trigger", "target", "implied_target")
def place_after_trigger(i: Implied) -> Mention | None:
    """"struck targets in Syria": a place named after the trigger, of another country (also one
    things come from: "tariffs on goods from India", "recaptured the village from Russia")."""
    a = i.a
    return next((m for m in right_places(a.actors, a.end, a.limit, a.sentence, a.words)
                 if m.actor.country != i.source.actor.country), None)


@rule("answered_adversary", "target", "implied_target")
def answered_adversary(i: Implied) -> Mention | None:
    """"In response to U.S. pressure, Maduro announced the mobilization": the foreign actor
    the act answers."""
    return adversary(i.a.actors, i.source, i.a.sentence, i.a.words)


@rule("only_other_state", "target", "implied_target")
def only_other_state(i: Implied) -> Mention | None:
    """"warned that Washington will not tolerate ...": the one other state the clause names
    (not one of the joined subjects: "Japan and the US criticised the exercises")."""
    a = i.a
    joined = {s.actor.country for s in a.doers() if s is not None}
    return only_other_country([m for m in a.actors if m.actor.country not in joined or m is i.source],
                              i.source, a.sentence, a.end, a.clause, a.words)


@rule("place_in_the_warning_told_before", "target", "implied_target")
def place_in_the_warning_told_before(i: Implied) -> Mention | None:
    """"Анкара готова начать новую военную операцию на севере Сирии ..., предупредил министр
    обороны Турции": a warning whose speaker follows it (`subject_after_the_verb`) says what the
    sentence told before it; the one country of another state that content names as a place is
    what it threatens."""
    a = i.a
    if "subject_after_the_verb" not in a.fired:
        return None
    places = [m for m in a.actors if m.end <= a.start and m.actor.country
              and m.actor.country != i.source.actor.country and (is_place(m, a.words) or m.kind == "city")]
    return places[0] if places and len({m.actor.country for m in places}) == 1 else None


@rule("complement_subject", "target", "implied_target")
def complement_subject(i: Implied) -> Mention | None:
    """"denunció que Washington intensificó el bloqueo": the state a complement clause right
    after an accusation opens with."""
    return subject_of_complement(i.a.actors, i.source, i.a.sentence, i.a.end, i.a.words)


@rule("struck_where_it_happens", "target", "implied_target")
def struck_where_it_happens(i: Implied) -> Mention | None:
    """"Al-Shabaab militants stormed a base, killing 12 soldiers", "Security forces in
    Balochistan killed eight militants", "Gunmen killed villagers in Zamfara": the people an
    act of force strikes, named only by a role, are of the country where it happens: the one
    country the clause's places are in, else the country the article is set in (its
    dateline: "RAIPUR, India - Security forces killed 12 Maoist rebels"), else, for a group
    that is no state, its own. An event noun strikes the people its clause names before it
    ("Al menos doce agricultores murieron en un ataque de combatientes del ISWAP"). With no
    people named, a group's attack at home is on its state; a state's, plainly its own
    (`_close_doer`), on its people at home ("bombed a village in Sagaing") or on the one foreign
    state whose place the clause names ("На юге Ливана израильский беспилотник нанес удар")."""
    a = i.a
    struck = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector
              and a.end <= m.start <= a.limit and not is_place(m, a.words)]
    struck = [m for m in struck if not breaks_between(a.sentence, a.end, m.start, a.words)
              and not is_speaker(m, a.sentence, a.words) and m.start != i.source.start]  # not the attackers
    if not struck and a.trigger.pos == "noun":  # "twelve farmers died in an attack by ISWAP fighters"
        struck = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector
                  and a.clause <= m.start and m.end <= a.start and m.actor.sector not in ARMED_SECTORS
                  and not is_state(m)][:1]
    if not struck and a.trigger.pos == "verb" and _in_a_when_clause(a):
        # "At least 23 people were killed when a military jet bombed a market": the people the
        # clause before names are those the act struck
        struck = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector
                  and m.end <= a.clause and m.actor.sector not in ARMED_SECTORS and not is_state(m)
                  and not is_speaker(m, a.sentence, a.words)][:1]
    places = where_it_happens(a)  # "KABUL - Pakistani aircraft struck hideouts, killing 20 militants": Afghan ones
    if places is None:
        return None
    if not struck:  # "ELN guerrillas bombed a pipeline in Arauca": a group's attack at home is on its state
        home = i.source.actor.country
        armed_group = not is_state(i.source) and i.source.actor.sector in ARMED_SECTORS
        if armed_group:
            return state_implied(a, home) if places == {home} else None
        if not is_state(i.source) or not _close_doer(a, i.source):
            return None
        named = clause_places(a)
        if places == {home} and (named == {home} or i.source.kind == "role"):
            # "Myanmar's army bombed a village in Sagaing", "RAIPUR - Security forces killed ...":
            # at home, on its own people (a force that names its country acts at home only where
            # the clause says so: "WASHINGTON - U.S. forces carried out airstrikes")
            return people_at_home(a, home)
        # abroad only where the clause says: "На юге Ливана израильский беспилотник нанес удар"
        return state_implied(a, next(iter(named))) if len(named) == 1 and home not in named else None
    country = country_struck(places, i.source)
    return of_country(struck[0], country) if country else None


def _close_doer(a: Attachment, source: Mention) -> bool:
    """Whether a state is plainly the doer of the act: a verb's subject, or a noun's owner or
    subject a few words before it ("Myanmar's army bombed a village", "Авиаудар армии Мьянмы",
    "ответили авиаударами"), with no other act between them ("outlawed the group because of its
    involvement in killing": the subject of the outlawing)."""
    if any(source.end <= p < a.start for p, t in a.sentence_triggers() if t.acts):
        return False  # the subject of an act told between
    if a.trigger.pos == "verb" or "noun_owner" in a.fired:
        return True
    return len(tokens(a.sentence.text[source.end - a.sentence.start:a.start - a.sentence.start])) <= NOUN_SOURCE_WORDS


def _in_a_when_clause(a: Attachment) -> bool:
    """Whether the trigger's clause is opened by a `when` word ("were killed when gunmen
    opened fire", "murieron cuando", "погибли, когда")."""
    opening = next((i for i, t in enumerate(a.toks) if t.start == a.clause), 0)
    return opening > 0 and (a.toks[opening - 1].folded,) in a.words.get("when", ())


AREA_REACH = 8  # words after a movement's trigger searched for the area it goes to
AREA_GAP = 3  # words between `toward` and the `area` noun ("to the mountainous area", "в горный район")


@rule("moved_to_an_area_where_it_happens", "target", "implied_target")
def moved_to_an_area_where_it_happens(i: Implied) -> Mention | None:
    """"sent a battalion to the area", "перебросило в горный район батальон", "envió a la
    zona 300 soldados": forces moved toward a place named only by its kind (`area`) move within
    the country where it happens (the one country of the clause's places, else the story's
    setting), toward its state, whoever's they are (a Rwandan contingent in Mozambique)."""
    a = i.a
    if not (a.trigger.has("moving") and a.trigger.has("destination")) or not _toward_an_area(a):
        return None
    places = where_it_happens(a)
    return state_implied(a, next(iter(places))) if places else None


def _toward_an_area(a: Attachment) -> bool:
    """Whether a `toward` word within `AREA_REACH` words after the trigger is followed, within
    `AREA_GAP` words and before a clause break, by an `area` noun (by lemma or form)."""
    toward, area = a.words.get("toward", ()), a.words.get("area", ())
    end = min(a.last + AREA_REACH, len(a.toks))
    for at in range(a.last, end):
        if (a.toks[at].folded,) not in toward:
            continue
        for tok in a.toks[at + 1:min(at + 1 + AREA_GAP, len(a.toks))]:
            if breaks_between(a.sentence, a.toks[at].end, tok.start, a.words):
                break
            if (tok.lemma,) in area or (tok.folded,) in area:
                return True
    return False


@rule("armed_group_stands_down_at_home", "target", "implied_target")
def armed_group_stands_down_at_home(i: Implied) -> Mention | None:
    """"The ELN announced a unilateral ceasefire", "el Clan del Golfo anunció un cese al fuego
    unilateral": a rebel or criminal group that eases off with no one named does so toward the
    state of its own country, which it fights."""
    source = i.source
    if is_state(source) or source.actor.sector not in ARMED_SECTORS or not source.actor.country:
        return None
    return state_implied(i.a, source.actor.country)


BORDER_REACH = 2  # words after a restriction's trigger that may name a border ("pasos fronterizos")


@rule("state_restricts_at_home", "target", "implied_target")
def state_restricts_at_home(i: Implied) -> Mention | None:
    """"Noboa declared a 60-day state of emergency", "El gobernador impuso un toque de queda",
    "ввели комендантский час": a restriction a state's organ imposes with no one named is
    imposed on its own country (plover.tsv `at_home`); one on what comes from a foreign country
    ("ограничения на ввоз цветов из Армении") is aimed at that country."""
    source = i.source
    if not (is_state(source) or source.actor.sector in OWN_ORGAN_SECTORS) or not source.actor.country:
        return None
    borders = {p[0] for p in i.a.words.get("border", ()) if len(p) == 1}
    if any(t.folded in borders for t in i.a.toks[i.a.first:i.a.last + BORDER_REACH]):
        return None  # "closed its border crossings", "cerró su espacio aéreo": aimed at neighbours
    origin = next((m for m in i.a.actors if i.a.end <= m.start <= i.a.limit and m.actor.country
                   and m.actor.country != source.actor.country and after_origin(m.before, i.a.words)), None)
    if origin is not None:
        return origin  # "сняла ограничения на ввоз цветов из Армении": on what comes from Armenia
    return Mention(kind="role", start=i.a.end, end=i.a.end, text="",
                   actor=Actor(country=source.actor.country, sector="CVL"))  # its people, not itself


@rule("held_at_home", "target", "implied_target")
def held_at_home(i: Implied) -> Mention | None:
    """"La policía antiterrorista detuvo a once sospechosos", "Carabineros detuvo a dos hombres",
    "Separatistas armados secuestraron a un jefe tradicional": people a state's organ or an
    armed group arrests or abducts (plover.tsv `people_taken`), named by no actor word, are of the
    doer's own country, unless the clause places the act in another one ("detained four
    shepherds near Qamishli"; a participle clause, where the clause before it does)."""
    source, a = i.source, i.a
    owner = any(is_possessive(m, a.sentence, a.words) and 0 <= a.start - m.end <= 3 for m in a.sentence.mentions)
    determined = a.first > 0 and any((a.toks[a.first - 1].folded,) in a.words.get(c, ())
                                     for c in ("determiner", "possessive"))
    if a.trigger.pos != "verb" or owner or determined or not source.actor.country \
            or not (is_state(source) or source.actor.sector in OWN_ORGAN_SECTORS or source.actor.sector in ARMED_SECTORS):
        return None  # a noun ("the reward for Maduro's arrest", "the arrest") names whom by its owner, if anyone
    abroad = _place_abroad(a, source, own_verb_only=False) or _place_of_the_main_clause(a, source)
    country = abroad.actor.country if abroad is not None else source.actor.country
    return Mention(kind="role", start=a.end, end=a.end, text="", actor=Actor(country=country, sector="CVL"))


GRIEVANCE_WINDOW = 8  # words after a protest searched for what it is about


def is_state_building(mention: Mention, words: dict) -> bool:
    """"at the Russian embassy", "frente a la embajada de Israel": a state's office (a
    government role of a named country) after a locative, a determiner between allowed."""
    if mention.actor.sector != "GOV" or mention.actor.country is None or mention.kind not in ("country", "demonym"):
        return False
    before = mention.before
    if before and (before[-1],) in words.get("determiner", ()):
        before = before[:-1]
    return ends_with_phrase(before, words.get("locative", []))


@rule("gathered_at_its_embassy", "target", "implied_target")
def gathered_at_its_embassy(i: Implied) -> Mention | None:
    """"Chinese students hurled stones at the U.S. embassy in Beijing", "se concentraron frente a
    la embajada de Japón": a crowd's act at the office of another state is aimed at that state."""
    if is_state(i.source):
        return None
    return next((m for m in i.a.actors if is_state_building(m, i.a.words)
                 and m.actor.country != i.source.actor.country), None)


@rule("protest_at_home", "target", "implied_target")
def protest_at_home(i: Implied) -> Mention | None:
    """"Teachers went on strike demanding higher pay", "marcharon para exigir la renuncia del
    ministro", "Сотрудники аэропортов объявили забастовку": people who protest and name no
    one else address their own state (as event coders code a domestic protest: X→X)."""
    a = i.a
    country = i.source.actor.country
    if country is None or is_state(i.source):
        return None
    return state_implied(a, country)


def state_implied(a: Attachment, country: str) -> Mention:
    """The government of `country` as an empty mention right after the trigger: a target the
    sentence implies without naming it (protesters' own state, an armed group's at home)."""
    return Mention(kind="role", start=a.end, end=a.end, text="", actor=Actor(country=country, sector="GOV"))


def people_at_home(a: Attachment, country: str) -> Mention:
    """The people of `country` as an empty mention right after the trigger: those a state's
    act of force at home strikes when the sentence names only a place ("bombed a village")."""
    return Mention(kind="role", start=a.end, end=a.end, text="", actor=Actor(country=country, sector="CVL"))


GRIEVANCE_TARGET_WORDS = 8  # words after a grievance word searched for the state it names


@rule("asked_of_their_own_state", "target", "implied_target")
def asked_of_their_own_state(i: Implied) -> Mention | None:
    """"Serbian students called for the prosecution of officials", "Французские профсоюзы
    потребовали от правительства ...": people, not a state, who ask something of an official
    or body named only by a role ask it of their own state. Not a demand that a protest told
    before it in the sentence makes ("went on strike demanding ...": part of the protest, as
    CAMEO codes it), and not when no official is named ("pidió más sanciones": of whom?)."""
    a, source = i.a, i.source
    if source.actor.country is None or is_state(source):
        return None
    if any(t.has("crowd") and p < a.start for p, t in a.sentence_triggers()):
        return None
    local = a.words.get("local_organ", ())
    later = [p for p, _ in a.sentence_triggers() if p >= a.end]  # "pidió más sanciones contra el régimen"
    officials = [m for m in a.sentence.mentions if m.actor.country is None and a.toks[a.first].end <= m.start <= a.limit
                 and (m.actor.sector in OFFICIAL_SECTORS or tuple(fold(m.text).split()) in local)
                 and not any(p < m.start for p in later)]
    return of_country(officials[0], source.actor.country) if officials else None


OFFICIAL_SECTORS = frozenset({"GOV", "JUD", "LEG", "COP", "MIL"})


@rule("grievance_names_its_target", "target", "implied_target")
def grievance_names_its_target(i: Implied) -> Mention | None:
    """"threw stones during demonstrations against abuses by the Israeli military": what a
    protest is about (a `grievance` word after the act, past where its objects stop) names
    whom it addresses: the first state named just after it that is no place."""
    if is_state(i.source):
        return None
    return grievance_state(i.a)


def grievance_state(a: Attachment) -> Mention | None:
    """The first state named just after a `grievance` word that follows a protest (past where
    its objects stop), no place: whom the protest addresses ("to protest against Sweden's
    decision", "to demand the resignation of Algerian President ...")."""
    end = phrase_end(a.toks, a.last, a.last + GRIEVANCE_WINDOW, a.words.get("grievance", ()))
    if end is None or end >= len(a.toks):
        return None
    lo = a.toks[end].start
    hi = a.toks[min(end + GRIEVANCE_TARGET_WORDS, len(a.toks) - 1)].end
    named = [m for m in a.sentence.mentions if lo <= m.start < hi
             and m.actor.sector in (None, "GOV", "LEG", "COP", "MIL", "JUD") and not is_place(m, a.words)
             and (m.actor.country is not None or m.actor.sector is not None)]
    # "против решения правительства приостановить переговоры о вступлении в ЕС": the government
    # named by its role only comes first, and is the protesters' own
    return named[0] if named and named[0].actor.country is not None else None
