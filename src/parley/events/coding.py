"""Coding: a sentence's triggers and dyads made into `Event` records, and what carries
over from one sentence to the next (date, subject, the events a reaction names)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..dates import DateExpression, nearest_date, resolve
from ..actors import operating_countries
from ..ontology import Ontology
from ..records import FACTUALITY_COUNTED, Actor, Article, Event, Mention, Sentence
from ..textnorm import fold, preceding_words, tokens
from .dyads import (ARMED_SECTORS, home_sides, PLACED_SECTORS, PROTESTING_SECTORS, after_origin, follows_locative, is_passive, is_place,
                    is_possessive, is_speaker, is_state, names_its_agent, of_country, opens_a_complement, place_ids,
                    speech_follows, warns_about_another)
from .factuality import factuality_of, is_alleged, is_not_ruled_out, is_requested, warns_of_the_past
from .grammar import NO_PHRASES, EventGrammar, Token, Trigger, reading
from .phrases import after_preposition, clause_start_of, contains_phrase, ends_with_phrase, has_phrase
from .analysis import analyse
from .discourse import Discourse
from .rules import dyad_readings, load_rules
from .rules.reading import HOME_GAP  # a crowd and its place: the same reach for people of a place
from .triggers import governor, is_modifier, is_object_of, is_possessor, retells_an_act, rules_out_nothing_hostile


def events_in_sentence(article: Article, sentence: Sentence, grammar: EventGrammar,
                       discourse: Discourse | None = None) -> list[Event]:
    """Every event of one sentence, one per (type, source, target), each field decided once
    by its resolver, with what the sentences before told (`discourse`): the subject a
    language that drops it carries on ("Maduro habló en la televisión. Acusó a Estados
    Unidos de ..."), the recent events a reaction may name by a noun ("U.S. forces seized a
    tanker. Venezuela called the seizure an act of piracy"), the date, the place "there".
    """
    discourse = discourse or Discourse(published=article.published)
    carried, recent = discourse.subject, list(discourse.recent)
    setting = discourse.setting["country"] if discourse.setting else None
    book = load_rules(grammar.root)
    guessed = {rule.name for rule in book.of("implied_target")}  # targets of an event whose trigger names none
    actors = [m for m in sentence.mentions if m.actor.country]
    words = grammar.words.get(sentence.lang, {})
    pair = _pair_named_before(sentence, discourse, words)
    if pair:
        actors = sorted(actors + pair, key=lambda m: m.start)
    unplaced = [m for m in sentence.mentions if m.actor.country is None
                and (m.actor.sector in PLACED_SECTORS or m.actor.sector in ARMED_SECTORS)]
    cities: list[Mention] | None = None
    crowd = any(m.actor.country is None and m.actor.sector in PROTESTING_SECTORS for m in sentence.mentions) \
        and (setting is not None  # "BELGRADE - Thousands marched ..."
             or bool(cities := _city_mentions(sentence, grammar)))  # "Residents of Lagos blocked roads"
    if not actors and not unplaced and not crowd and setting is None:
        return []
    analysis = analyse(sentence, grammar)
    toks, triggers = analysis.tokens, analysis.triggers
    if not crowd and triggers:
        unnamed = _unnamed_crowd(sentence, toks, triggers[0], actors, words, setting)
        if unnamed is not None:  # "Hundreds of tobacco growers blocked the road"
            actors = sorted(actors + [unnamed], key=lambda m: m.start)
        elif any(t.has("crowd") and t.pos == "noun" for _, _, t in triggers):
            # "amid mass protests": a crowd's act named by a noun, with no one named, is the
            # people's of the place (`crowd_in_its_country`)
            crowd = setting is not None or bool(cities := _city_mentions(sentence, grammar))
    if not actors and not unplaced and not crowd:
        return []
    found: dict[tuple, Event] = {}
    dates: list[DateExpression] | None = None  # found once per sentence, when an event needs them
    dated = False  # whether a date expression of the sentence resolves to a day
    location: dict | None = None
    places: set[int] | None = None
    if not triggers:
        return []
    placed: list[Mention] = []
    owners: set[int] = set()
    if unplaced:  # "police in Caracas", "суд в Минске": roles of the one country where it happens
        cities = cities if cities is not None else _city_mentions(sentence, grammar)
        verb = min(toks[f].start for f, _, _ in triggers)  # where the first trigger starts
        placed = _placed_roles(unplaced, actors + cities, words, sentence, verb, setting)
        owners = {id(m) for m in cities if _owns_a_role(m, unplaced, sentence, verb, words)}  # places, not actors
        if not actors and not placed and not crowd:
            return []
    if any(m.actor.country is None and m.actor.sector in PROTESTING_SECTORS for m in sentence.mentions):
        cities = cities if cities is not None else _city_mentions(sentence, grammar)
        homed = _people_of_a_place(sentence, actors + cities, words)  # "Opposition groups in Zimbabwe"
    else:
        homed = []
    if any(_looks_up_cities(t) or _looks_up_cities(t.for_military()) for _, _, t in triggers):
        # looked up only when a city could be a target, or say where a crowd protests
        actors = actors + (cities if cities is not None else _city_mentions(sentence, grammar))
    for first, last, trigger in triggers:
        if is_modifier(toks, first, trigger, words) or is_possessor(toks, last, trigger, words) \
                or retells_an_act(triggers, first, trigger, toks, words, sentence.mentions) \
                or (is_object_of(triggers, first, trigger, toks, words, sentence.mentions, sentence.text, sentence.start)
                    and not names_its_agent(toks, last, trigger, sentence.mentions, words)) \
                or rules_out_nothing_hostile(triggers, trigger, toks, words, sentence.mentions):
            continue
        earlier = [(toks[f].start, t) for f, _, t in triggers if f < first]
        if places is None:
            places = place_ids(sentence, actors, words) | owners
        here = sorted(actors + _standing_in(placed, actors, places, toks[first], toks[last - 1], words, toks, trigger),
                      key=lambda m: m.start) if placed else actors
        if homed and not (trigger.has("crowd") or trigger.has("force")) \
                and not any(t.has("crowd") for f, _, t in triggers if f < first):
            # a crowd's act is placed by `crowd_in_its_country`, and what it demands is its grievance
            here = sorted(here + [m for m in homed if m.end <= toks[first].start or not trigger.has("domestic")],
                          key=lambda m: m.start)
        if carried is not None and trigger.pos == "verb" and _opens_sentence(toks, first, words):
            here = [_placed_at_start(carried.actor, carried.kind, sentence)] + here
        told = recent + [e for e in found.values() if e.counted]  # the sentence's own events count too
        echo = _echoed_actor(triggers, (first, last, trigger), toks, words, sentence, told,
                             grammar.triggers.get(sentence.lang, {}), grammar.ontology, setting) \
            if told or setting else None
        stop = _objects_end(triggers, first, last, trigger, toks, words, sentence, echo is not None)
        if echo is not None and echo.actor.country == setting:
            here = sorted(here + _critics_at_home(sentence, toks[first].start, setting), key=lambda m: m.start)
        for trigger, source, target, passive, fired in dyad_readings(toks, first, last, trigger, here, sentence, words,
                                                                 earlier, places, stop, book, setting):
            if echo is not None and source is not None and (target is None or guessed & set(fired)) \
                    and (echo.actor.country != source.actor.country or not (is_state(source) and is_state(echo))):
                # the act a reaction names beats a target only guessed ("Damascus denounced the
                # detentions and urged the UN to act": Israel's detentions, not the UN); not a
                # state's own act ("Governor Zulum condemned the attack" by Boko Haram: NGA)
                target, fired = echo, [f for f in fired if f not in guessed] + ["echoed_event"]
            elif target is None and source is not None and (trigger.has("answering") or (
                    trigger.has("warning") and _promises_a_response(toks, last, words))):
                target = _answered(source, told, sentence, grammar.ontology)  # "El Kremlin negó cualquier injerencia"
                fired = fired + ["answered_act"] if target is not None else fired
            if dates is None:  # they depend on the sentence only: found once, for its first event
                dates = grammar.dates.expressions(sentence.text, sentence.lang, sentence.folded or None)
                dated = any(resolve(expression, article.published) for expression in dates)
                location = _location(sentence, words, grammar)
            event = _event(article, sentence, toks, (first, last, trigger), triggers, source, target, words, grammar,
                           Context(dates, dated, location, discourse), fired)
            asked = _request_rejected(toks, last, trigger, source, here, sentence, words) if event is not None else None
            if asked is not None:  # "rejected Moscow's call to resume talks": Moscow asked
                noun, owner = asked
                request = _event(article, sentence, toks, (noun, noun + 1, trigger.rejects), triggers, owner, source,
                                 words, grammar, Context(dates, dated, location, discourse), ["request_rejected"])
                if request is not None:  # told as made, however the rejection words it ("rechazó la exigencia")
                    request = replace(request, factuality=event.factuality)
                    found.setdefault((request.event_type, _country(owner), _country(source)), request)
            if event is not None:
                key = (event.event_type, _country(source), _country(target))
                # a triple told as done beats the same told as planned ("began a hunger strike
                # to protest against Sweden's decision": the strike is done, "to protest" its aim)
                if key not in found or (found[key].counted, found[key].confidence) < (event.counted, event.confidence):
                    found[key] = event
    return _told_once(list(found.values()))


REQUEST_NOUN_AFTER = 3  # words between a rejection and the request noun it takes ("rejected a fresh call")


def _request_rejected(toks: list[Token], last: int, trigger: Trigger, source: Mention | None,
                      actors: list[Mention], sentence: Sentence, words: dict) -> tuple[int, Mention] | None:
    """"Moldova rejected a call by Moscow to resume talks", "rechazó la exigencia de Washington",
    "отвергло призыв Москвы", "rejected Washington's demand": a rejection (plover `rejects=`)
    whose object is a `request_noun` owned by another state tells that state's request too. The
    owner stands right before the noun with a possessive, or right after it with at most a
    genitive, an agent word or an article between ("призыв Москвы": none). (token index of the
    noun, owner) or None."""
    if trigger.rejects is None or source is None:
        return None
    nouns = words.get("request_noun", NO_PHRASES)
    noun = next((i for i in range(last, min(len(toks), last + REQUEST_NOUN_AFTER)) if (toks[i].folded,) in nouns), None)
    if noun is None:
        return None
    start, end = toks[noun].start, toks[noun].end
    possessive = [m for m in actors if m.end <= start and start - m.end <= 3 and toks[last - 1].end <= m.start
                  and is_possessive(m, sentence, words)]
    linking = {p[-1] for c in ("genitive", "agent", "determiner") for p in words.get(c, ())}  # "de", "by", "the"
    after = [m for m in actors if m.start >= end
             and _only_linking(fold(sentence.text[end - sentence.start:m.start - sentence.start]).split(), linking)]
    owner = (possessive or after or [None])[0]
    if owner is None or owner.actor.country in (None, source.actor.country):
        return None
    return noun, owner


REQUEST_OWNER_GAP = 2  # words between a request noun and its owner ("a call by Moscow", "la exigencia de Washington")


def _only_linking(gap: list[str], linking: set[str]) -> bool:
    """Whether at most two words, each a linking word, stand between a request noun and its owner."""
    return len(gap) <= REQUEST_OWNER_GAP and all(w in linking for w in gap)


def _pair_named_before(sentence: Sentence, discourse: Discourse, words: dict) -> list[Mention]:
    """"Armenia and Azerbaijan met ... Both sides agreed", "Ambas partes acordaron", "Стороны
    договорились": a `pair_anaphor` stands for the two states the sentence before paired (two
    it joined with "and": "Turkey brokered talks between Ethiopia and Somalia"; else its last
    event between two states; else the only two it named), as two mentions at its place. The
    last two states the sentence itself named before it come first ("held talks with Ethiopian and
    Eritrean officials, urging both governments to ..."); with no pair named, "all sides" of a
    story that told only of fighting inside the country it is set in are that country."""
    own = {m.actor.country for m in sentence.mentions if m.actor.country}
    domestic = discourse.setting is not None and any(
        e.source.country == discourse.setting["country"] and e.target and e.target.country == e.source.country
        for e in discourse.recent)
    if len({m.actor.country for m in discourse.states}) < 2 and len(own) < 2 and not domestic:
        return []  # no pair named (most sentences: nothing to tokenise)
    words_of = tokens(sentence.text)
    folded = [fold(w) for _, _, w in words_of]
    spans = [(s, e) for s, e, _ in words_of]
    phrases = words.get("pair_anaphor", NO_PHRASES)
    at = next(((i, n) for i in range(len(folded)) for n in phrases.lengths
               if tuple(folded[i:i + n]) in phrases), None)
    if at is None:
        return []
    start, end = sentence.start + spans[at[0]][0], sentence.start + spans[at[0] + at[1] - 1][1]
    text = sentence.text[start - sentence.start:end - sentence.start]
    before: dict[str, Actor] = {}  # the last two states named before it, nearest last
    for m in reversed(sentence.mentions):
        if m.end <= start and m.actor.country and m.kind != "city" and len(before) < 2:
            before.setdefault(m.actor.country, m.actor)
    two = list(reversed(before.values())) if len(before) == 2 \
        else _pair_of_the_sentence_before(discourse, words, sentence.index)
    if not two and domestic:  # "called on all sides to stop fighting" after clashes in Libya
        home = Actor(country=discourse.setting["country"], text=text, span=(start, end))
        return [Mention(kind="country", start=start, end=end, text=text, actor=home)]
    return [Mention(kind="pair", start=start, end=end, text=text,
                    actor=Actor(country=a.country, sector=a.sector, name=a.name, id=a.id, text=text, span=(start, end)))
            for a in two]


def _pair_of_the_sentence_before(discourse: Discourse, words: dict, index: int) -> list[Actor]:
    """The two states the sentence before paired: two it joined with "and", else its last
    event between two states, else the only two it named; none when it named no pair."""
    if len({m.actor.country for m in discourse.states}) < 2:
        return []
    paired = [e for e in discourse.recent if e.sentence_index == index - 1 and e.target is not None
              and e.source.country and e.target.country and e.source.country != e.target.country]
    joined = _joined_pair(discourse, words)
    if joined:
        return joined
    if paired:
        return [paired[-1].source, paired[-1].target]
    named = {}
    for m in discourse.states:
        named.setdefault(m.actor.country, m.actor)
    return list(named.values()) if len(named) == 2 else []


def _joined_pair(discourse: Discourse, words: dict) -> list[Actor]:
    """The last two states of different countries the sentence before joined with a `coord`
    word alone ("Ethiopia and Somalia", "Армения и Азербайджан")."""
    before = discourse.before
    if before is None:
        return []
    coord = words.get("coord", NO_PHRASES)
    states = [m for m in discourse.states if m.kind != "city"]
    for one, other in reversed(list(zip(states, states[1:]))):
        between = fold(before.text[one.end - before.start:other.start - before.start]).split()
        if one.actor.country != other.actor.country and len(between) == 1 and (between[0],) in coord:
            return [one.actor, other.actor]
    return []


def _objects_end(triggers: list, first: int, last: int, trigger: Trigger, toks: list[Token], words: dict,
                 sentence: Sentence, names_a_told_act: bool = False) -> int | None:
    """Where the objects of a trigger end (an offset), or None.

    A noun's end where the next verb's clause begins ("по итогам встречи белорусская сторона
    освободила граждан Польши": the citizens are not the meeting's partners); a verb's where a
    noun event after a preposition begins ("freed 52 prisoners in exchange for the lifting of
    US sanctions": the US is no party to the release); a move's goal reaches on ("troops
    arrived in Belarus for exercises near the Polish border"). A reaction that names an act
    told before also ends where a verb coordinated with it begins ("Damascus denounced the
    detentions and urged the UN Security Council to act": the UN is urged; the detentions'
    doer is denounced), while one that names none reaches on ("rechazó la propuesta y pidió a
    Washington ...": what Washington proposed is rejected)."""
    if trigger.pos == "noun":
        verb = next(((f, t) for f, _, t in triggers if f >= last and t.pos == "verb"), None)
        if verb is not None and verb[1].has("reaction") and last < len(toks) \
                and (toks[last].folded,) in words.get("relative", NO_PHRASES):
            return toks[last].start  # "an accusation that Uganda denied": the clause reacts to it
        return toks[verb[0]].start if verb is not None else None
    if (trigger if trigger.acts else trigger.for_military()).has("destination"):
        return None
    coord = words.get("coord", NO_PHRASES)
    noun = next((f for f, _, t in triggers if f >= last and t.pos == "noun"
                 and after_preposition(toks, f, words) and not _follows_directly(toks, last, f, words)), None)
    if noun is not None and _leads_on_to_an_act(triggers, noun, toks, words, sentence):
        noun = None  # "agreed at a meeting in Tokyo to provide aid to Moldova": a circumstance before the act it leads to
    noun = toks[noun].start if noun is not None else None
    coordinated = next((toks[f].start for f, _, t in triggers if f > last and t.pos == "verb"
                        and (toks[f - 1].folded,) in coord), None) if names_a_told_act else None
    return min((p for p in (noun, coordinated) if p is not None), default=None)


def _leads_on_to_an_act(triggers: list, noun: int, toks: list[Token], words: dict, sentence: Sentence) -> bool:
    """Whether the next verb trigger after the noun at `noun` goes on its clause with no "and",
    comma or clause word between ("en una reunión en Tokio a entregar", "на встрече в Токио
    предоставить"): the noun's phrase is a circumstance of the verb before, whose complement
    act follows."""
    verb = next((f for f, _, t in triggers if f > noun and t.pos == "verb"), None)
    if verb is None:
        return False
    text, offset = sentence.text, sentence.start
    stops = words.get("coord", NO_PHRASES) | words.get("clause", NO_PHRASES)
    gap = text[toks[noun].end - offset:toks[verb].start - offset]
    return "," not in gap and not any((t.folded,) in stops for t in toks[noun + 1:verb])


def _told_once(events: list[Event]) -> list[Event]:
    """"Farmers blocked roads in protest at low prices": an event with no target is the same
    act as one of its type and source that the sentence codes with a target, told twice."""
    aimed = {(e.event_type, e.source.country) for e in events if e.target is not None and e.counted}
    return [e for e in events if e.target is not None or (e.event_type, e.source.country) not in aimed]


def _echoed_actor(triggers: list, match: tuple, toks: list[Token], words: dict, sentence: Sentence,
                  recent: list[Event], index: dict, ontology: Ontology, setting: str | None = None) -> Mention | None:
    """The actor of the event a reaction names by its noun alone ("condemned the seizure",
    "called the seizure an act of piracy" after "U.S. forces seized a tanker"): the source of
    the latest recent event of that type (and mode, when the noun has one: a release is no
    easing of sanctions), also after a `reaction_cause` ("выразил протест в связи с визитом");
    or, for a noun that names any act (`act_anaphor`: "the decision",
    "la medida", "этот шаг"), of the latest event of the sentences before. An act only a state
    does, told before by no one, is the state's where the story is set ("NAIROBI - Amnesty
    condemned the arrests"). A request for a release with no one named ("exigió su liberación
    inmediata") is made of whoever holds them: the source of the latest arrest, kidnapping or
    seizure told (`frees_the_held`, `holding`)."""
    first, last, trigger = match
    if not trigger.has("reaction"):
        return None
    named = [other for f, _, other in triggers
             if governor(triggers, f, toks, words, sentence.mentions, sentence.text, sentence.start) is trigger]
    named += [t for tok in toks[first + 1:last] for t in index.get(tok.lemma, ())
              if t.pos == "noun" and t.words[0] == tok.lemma]  # a noun inside a gapped trigger ("sanciones contra")
    named += _fronted_object(triggers, first, toks, sentence)
    if is_passive(toks, first, trigger, words, last):  # "La matanza fue condenada por la ONU": its subject
        clause = clause_start_of(toks, first, words)
        named += [t for f, l, t in triggers if t.pos == "noun" and clause <= f and l <= first]
    relative = _relative_opening(triggers, first, toks, words, sentence)
    if relative is not None:  # "una acusación que Kigali negó": the noun the relative clause is about
        named += [t for f, l, t in triggers if t.pos == "noun" and l == relative]
        if not named and _points_to_the_clause_before(toks, relative, words, sentence):
            # "..., algo que el Ejército israelí rechazó", "..., which Kigali denied": the act just told
            done = [e for e in recent if e.source and e.counted and e.sentence_index == sentence.index]
            if done:
                return _placed_at_start(done[-1].source, "country", sentence)
    cause = next((len(p) for p in words.get("reaction_cause", NO_PHRASES)
                  if tuple(t.folded for t in toks[last:last + len(p)]) == p), None)
    if cause:  # "выразил протест в связи с этим визитом": the noun after it names what is answered
        named += [other for f, _, other in triggers if other.pos == "noun" and last + cause <= f <= last + CAUSE_WINDOW]
    for noun in named:
        noun = noun if noun.acts else noun.for_military()  # "the drills": what armed forces' drills are
        of_type = [e for e in recent if e.event_type == noun.event_type and e.source and e.counted]
        # its mode, else one told with none ("los ejercicios" after "maniobras militares")
        done = [e for e in of_type if noun.mode in (None, e.mode)] or [e for e in of_type if e.mode is None]
        if done:
            return _placed_at_start(done[-1].source, "country", sentence)
        if setting and noun.has("done_by_the_state_there"):  # "the opposition condemned the arrests"
            return _placed_at_start(Actor(country=setting, sector="GOV"), "role", sentence)
        if trigger.has("asking") and noun.has("frees_the_held"):  # "exigió su liberación": of who holds them
            holders = [e for e in recent if e.source and e.counted and ontology.has(e.event_type, "holding", e.mode)]
            if holders:
                return _placed_at_start(holders[-1].source, "country", sentence)
    anaphors = words.get("act_anaphor", NO_PHRASES)
    if trigger.pos == "verb" and (has_phrase(toks, first + 1, min(len(toks), last + ACT_ANAPHOR_WINDOW), anaphors)
                                  or has_phrase(toks, max(0, first - FRONTED_ANAPHOR), first, anaphors)):
        # "Warsaw called the decision groundless", "назвали это решение необоснованным", "Лондон
        # этот призыв отклонил" (the object before the verb): the act told last
        done = [e for e in recent if e.source and e.counted and e.sentence_index < sentence.index]
        if done:
            return _placed_at_start(done[-1].source, "country", sentence)
    return None


RESPONSE_REACH = 12  # words after a warning searched for the response it promises


def _promises_a_response(toks: list[Token], last: int, words: dict) -> bool:
    """"advirtió de que París responderá de manera proporcionada", "warned of countermeasures",
    "пообещала ответные меры": a warning that promises a `response` (grammar.tsv) answers an
    act, so it is aimed at whoever did it."""
    end = min(len(toks), last + RESPONSE_REACH)
    complementizers = {p[0] for p in words.get("complementizer", NO_PHRASES)}
    clause = {p[0] for p in words.get("clause", NO_PHRASES) if len(p) == 1} - complementizers  # "que" goes on
    stop = next((i for i in range(last, end) if toks[i].folded in clause), end)
    responses = words.get("response", NO_PHRASES)
    return any((toks[i].lemma,) in responses or (toks[i].folded,) in responses for i in range(last, stop))


def _answered(source: Mention, told: list[Event], sentence: Sentence, ontology: Ontology) -> Mention | None:
    """What a rejection or a warning of a response with no object answers: the doer of the
    latest one-sided act told that another country aimed at `source`'s ("Moldova accused
    Moscow of funding the protests. The Kremlin denied any interference": RUS->MDA); a
    meeting is aimed at no one."""
    aimed = [e for e in told if e.counted and e.source and e.target and not ontology.has(e.event_type, "symmetric")
             and e.target.country == source.actor.country and e.source.country not in (None, source.actor.country)]
    return _placed_at_start(aimed[-1].source, "country", sentence) if aimed else None


def _fronted_object(triggers: list, first: int, toks: list[Token], sentence: Sentence) -> list[Trigger]:
    """"an allegation Caracas rejected as a fabrication", "a claim Moscow denies": the event
    noun right before the subject of a reaction (a relative clause with no relative word) is
    what it reacts to."""
    subject = next((m for m in reversed(sentence.mentions) if m.end <= toks[first].start), None)
    if subject is None or sentence.text[subject.end - sentence.start:toks[first].start - sentence.start].strip():
        return []
    return [t for f, last, t in triggers if t.pos == "noun" and f < first
            and not sentence.text[toks[last - 1].end - sentence.start:subject.start - sentence.start].strip()]


RELATIVE_REACH = 6  # words from a relative word to the reaction its clause holds ("que el Ejército israelí rechazó")


def _relative_opening(triggers: list, first: int, toks: list[Token], words: dict, sentence: Sentence) -> int | None:
    """The token index of the `relative` word that opens the clause of the trigger at `first`,
    with the trigger's own subject between them and no other trigger ("una acusación que
    Kigali negó", "an accusation that Kigali denied"), or None."""
    relatives = words.get("relative", NO_PHRASES)
    for r in range(first - 1, max(-1, first - RELATIVE_REACH - 1), -1):
        if any(r <= f < first for f, _, _ in triggers):
            return None
        if (toks[r].folded,) in relatives and r > 0:
            subject = any(toks[r].end <= m.start and m.end <= toks[first].start for m in sentence.mentions)
            return r if subject else None
    return None


def _points_to_the_clause_before(toks: list[Token], relative: int, words: dict, sentence: Sentence) -> bool:
    """Whether a relative word stands for the whole act told before it: after a
    `clause_anaphor` ("algo que", "something that"), or after a comma when it is no
    complementizer (", which", ", lo que"; ", что" also reports speech)."""
    before = toks[relative - 1].folded
    if (before,) in words.get("clause_anaphor", NO_PHRASES) \
            or tuple(t.folded for t in toks[max(0, relative - 2):relative]) in words.get("clause_anaphor", NO_PHRASES):
        return True
    comma = "," in sentence.text[toks[relative - 1].end - sentence.start:toks[relative].start - sentence.start]
    return comma and (toks[relative].folded,) not in words.get("complementizer", NO_PHRASES)


CAUSE_WINDOW = 5  # words after a reaction up to the noun of what it answers ("в связи с этим визитом")
ACT_ANAPHOR_WINDOW = 4  # words after a reaction searched for "the decision", "эти меры"
FRONTED_ANAPHOR = 2  # words right before a reaction that may name what it answers ("этот призыв отклонил")


def _follows_directly(toks: list[Token], last: int, f: int, words: dict) -> bool:
    """Whether only prepositions, articles and possessives stand between a verb trigger's end and
    token `f`: a noun there is the verb's object ("выступила против новых санкций ЕС")."""
    glue = words.get("preposition", NO_PHRASES) | words.get("determiner", NO_PHRASES) \
        | words.get("possessive", NO_PHRASES)
    return all((t.folded,) in glue for t in toks[last:f])


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


def _unnamed_crowd(sentence: Sentence, toks: list[Token], match: tuple, actors: list[Mention], words: dict,
                   setting: str | None) -> Mention | None:
    """"Hundreds of tobacco growers blocked the road", "Minibus drivers began a strike",
    "Профсоюзы перевозчиков блокировали трассы": a crowd act (a verb trigger of a `crowd`
    type, or its noun after a preposition: "Comuneros aimaras bloquearon la carretera en
    protesta contra ...") that is the sentence's first trigger, its subject naming no actor at all, is done by
    people of the one country the sentence's places are in, else of the country the story
    is set in. The people are those words, a civilian crowd; None for any other sentence (a
    passive, "the road was blocked", names no crowd)."""
    first, _, trigger = match
    adjunct = trigger.pos == "noun" and first > 1 and any(
        (toks[first - 1].folded,) in words.get(c, ()) for c in ("preposition", "locative"))  # "en protesta contra"
    if first == 0 or (trigger.pos != "verb" and not adjunct) or not trigger.has("crowd") \
            or (toks[first - 1].folded,) in words.get("passive_aux", ()) \
            or any(m.start < toks[first].start and not is_place(m, words) for m in sentence.mentions):
        return None
    places = {m.actor.country for m in actors if is_place(m, words) and not is_speaker(m, sentence, words)}
    country = places.pop() if len(places) == 1 else setting if not places else None
    if country is None:
        return None
    start, end = toks[0].start, toks[first - 1].end
    text = sentence.text[start - sentence.start:end - sentence.start]
    return Mention(kind="role", start=start, end=end, text=text,
                   actor=Actor(country=country, sector="CVL", text=text, span=(start, end)))


def _critics_at_home(sentence: Sentence, start: int, setting: str) -> list[Mention]:
    """"FREETOWN - The High Court sentenced ... The opposition condemned the verdicts": people
    named by a role only (the opposition, activists, a union) who react, before the reaction,
    to what the state of the story's country did there are of that country."""
    return [of_country(m, setting) for m in sentence.mentions
            if m.actor.country is None and m.actor.sector in PROTESTING_SECTORS and m.end <= start]


SET_SECTORS = frozenset({"MIL", "COP", "SPY", "JUD"}) | ARMED_SECTORS  # roles a story's setting places


def _standing_in(placed: list[Mention], actors: list[Mention], places: set[int], head: Token, tail: Token,
                 words: dict, toks: list[Token], trigger: Trigger) -> list[Mention]:
    """The placed roles that take part in a trigger running from token `head` to `tail`: any
    outside it where no named actor comes before it (a city never acts); where one does, those
    after its first word that are no organ of that actor's own state, or are the local
    authorities ("The UN called on the authorities to release him")."""
    before = [m for m in actors if m.end <= head.start and id(m) not in places and m.kind != "city"]
    if not before:  # inside a gapped trigger too ("exigió al grupo armado que libere"), unless one of its words
        inside = [t for t in toks if head.start <= t.start < tail.end and t.lemma in trigger.words]
        return [m for m in placed if not any(m.start <= t.start < m.end for t in inside)]  # ("retiró sus tropas")
    local = words.get("local_organ", ())
    own = {m.actor.country for m in actors if m.end <= head.start}
    return [m for m in placed if m.start >= head.end
            and (tuple(fold(m.text).split()) in local or not (is_state(m) and m.actor.country in own))]


def _placed_roles(unplaced: list[Mention], named: list[Mention], words: dict, sentence: Sentence,
                  verb: int, setting: str | None = None) -> list[Mention]:
    """"Police in Caracas arrested ...", "Суд в Минске приговорил ...", "Полиция Стамбула
    задержала ...": officials, forces, courts and crowds named only by a role belong to the
    country where the sentence places them, when every place it names (after a locative, or a
    city owning a role) is in that one country; where it names none, to the country the
    article is set in ("NAIROBI (AP) - ... Police arrested 40 people"), else to the country of
    the one person it names ("A court sentenced former president Bolsonaro")."""
    countries = {m.actor.country for m in named if (is_place(m, words) and not is_speaker(m, sentence, words)
                                                    and not _whence_something_else(m, unplaced, sentence, words))
                 or _owns_a_role(m, unplaced, sentence, verb, words)}
    owned = _joined_to_a_country(unplaced, sentence, words)  # "de la policía y del ejército de Uganda"
    if owned:
        unplaced = [m for m in unplaced if id(m) not in owned]
    if not countries:
        # not officials: "the deputy foreign minister" of a visit may be the guest
        people = {m.actor.country for m in named if m.kind == "person"}
        home = setting or (people.pop() if len(people) == 1 else None)  # "A court sentenced Bolsonaro"
        if home is None:
            return []
        local = words.get("local_organ", ())  # "the authorities", "el gobierno", "власти": never a guest
        return list(owned.values()) + [of_country(m, home) for m in unplaced if m.actor.sector in SET_SECTORS
                                       or (setting and tuple(fold(m.text).split()) in local)]
    if len(countries) != 1:
        return list(owned.values())
    country = countries.pop()
    return list(owned.values()) + [of_country(m, country) for m in unplaced]


def _whence_something_else(place: Mention, roles: list[Mention], sentence: Sentence, words: dict) -> bool:
    """Whether a place after an `origin` word is where something other than the roles comes
    from ("un periodista ... que colaboraba con un medio que trabaja desde Polonia", "изданием,
    работающим из Польши"): it places no role; one right after a role is the role's own ("recalled
    its ambassador from Paris")."""
    if not after_origin(place.before, words):
        return False
    return not any(r.end <= place.start and len(tokens(sentence.text[r.end - sentence.start:place.start - sentence.start]))
                   <= ORIGIN_REACH for r in roles)


ORIGIN_REACH = 2  # words between a role and the place it is from ("ambassador from Paris", "посол из Парижа")


def _joined_to_a_country(unplaced: list[Mention], sentence: Sentence, words: dict) -> dict[int, Mention]:
    """"altos mandos de la policía y del ejército de Uganda", "the police and army of
    Uganda": a role joined by "and" to a role of a named country belongs to that country
    (by the id of each such role, the role placed there)."""
    coord = words.get("coord", ())
    glue = {p for c in ("determiner", "genitive", "preposition") for p in words.get(c, ())}
    owned = {}
    for role in unplaced:
        after = min((m for m in sentence.mentions if m.start >= role.end), key=lambda m: m.start, default=None)
        if after is None or not after.actor.country or after.kind not in ("country", "demonym"):
            continue
        gap = fold(sentence.text[role.end - sentence.start:after.start - sentence.start]).split()
        if gap and (gap[0],) in coord and all((w,) in glue for w in gap[1:]):
            owned[id(role)] = of_country(role, after.actor.country)
    return owned


def _people_of_a_place(sentence: Sentence, named: list[Mention], words: dict) -> list[Mention]:
    """"Opposition groups in Zimbabwe are demanding that President Mugabe ...", "Residents of
    Lagos", "vecinos de Medellín", "Жители Оша": people named by a role of no state (the
    opposition, civilians, rights groups, students) with a place right after them, joined by a
    locative or "of" (or a genitive case), with articles, a word for a kind of place and the
    role's own head noun ("groups") between, are people of that place's country, whatever they
    say or ask, and for what is given them ("передала жителям провинции Герат ... гуманитарной
    помощи"). People a domestic act strikes are placed by its rules (`own_people`); a crowd's
    own act, and what it demands, by `crowd_in_its_country`; and force is not read so
    ("Teachers across Zimbabwe stayed away in a strike" is no airstrike)."""
    glue = {p for c in ("connector", "genitive", "determiner", "place_kind", "locative", "direction", "place_state")
            for p in words.get(c, ())}
    homed = []
    for role in sentence.mentions:
        if role.actor.country is not None or role.actor.sector not in PROTESTING_SECTORS:
            continue
        place = next((m for m in named if m.start >= role.end), None)
        if place is None or place.kind not in ("city", "country", "metonym"):
            continue
        gap = fold(sentence.text[role.end - sentence.start:place.start - sentence.start]).split()
        own = [w for w in gap if (w,) not in glue]
        if len(gap) <= HOME_GAP and (not own or own == gap[:1]) and (not gap or own != gap):
            homed.append(of_country(role, place.actor.country))
    return homed


def _owns_a_role(city: Mention, roles: list[Mention], sentence: Sentence, verb: int, words: dict) -> bool:
    """"Полиция Стамбула задержала ...", "Военные Кидаля ...": a city right after a role, with
    no word between (a genitive case), before the first trigger of the sentence, is where that
    role serves; so is one after "of" or "de" when the role is an office ("The government of
    Sindh province", "la policía de Cochabamba"), whose "of" says where it rules, not where
    people come from ("Residents of Lagos" are people of a place, `_people_of_a_place`)."""
    if city.kind != "city" or city.end > verb:
        return False
    genitive = words.get("genitive", ())
    for role in roles:
        if role.end > city.start:
            continue
        gap = fold(sentence.text[role.end - sentence.start:city.start - sentence.start]).split()
        if not gap or (role.actor.sector in OFFICES and len(gap) == 1 and (gap[0],) in genitive):
            return True
    return False


OFFICES = frozenset({"GOV", "COP", "JUD", "LEG"})  # roles whose "of" names where they rule


def _city_mentions(sentence: Sentence, grammar: EventGrammar) -> list[Mention]:
    """Cities named in the sentence, as mentions of their country that can only be acted on
    ("Russian forces struck Kharkiv", "удар по Харькову"): a city never acts, its capital does."""
    taken = [(m.start, m.end) for m in sentence.mentions]
    words = grammar.words.get(sentence.lang, {})
    cities = []
    for city in grammar.places.places(sentence.text, sentence.folded or None):
        start, end = sentence.start + city.start, sentence.start + city.end
        if any(s < end and start < e for s, e in taken) \
                or _names_a_part(sentence.text[:city.start], city.text, sentence.text[city.end:], words) \
                or _inside_a_name(sentence.text[:city.start], sentence.text[city.end:]):
            continue
        before = preceding_words(sentence.text, city.start)
        actor = Actor(country=city.country, text=city.text, span=(start, end))
        cities.append(Mention(kind="city", start=start, end=end, text=city.text, actor=actor,
                              preposition=before[-1] if before else None, before=before))
    return cities


def _country(mention: Mention | None) -> str | None:
    return mention.actor.country if mention else None


def _looks_up_cities(trigger: Trigger) -> bool:
    """Whether a trigger's target may be a city, or a crowd acts in one: the sentence's
    cities are looked up only then."""
    return trigger.has("place_target") or trigger.has("city")


@dataclass(slots=True)
class Context:
    """What every event of a sentence shares: its date expressions (and whether one resolves
    to a day), its location, and the discourse of the sentences before."""

    dates: list[DateExpression]
    dated: bool
    location: dict | None
    discourse: Discourse


def _event(article: Article, sentence: Sentence, toks: list[Token], match: tuple, triggers: list,
           source: Mention | None, target: Mention | None, words: dict, grammar: EventGrammar, context: Context,
           fired: list[str]) -> Event | None:
    """The event of one dyad, each field decided by its resolver (whose name joins the
    event's rules), or None when the dyad is no event."""
    first, last, trigger = match
    if source is None:
        return None  # an event without a known actor is not codable
    if target is None and not trigger.has("targetless"):
        return None
    if target is not None and source.actor.country == target.actor.country \
            and _acts_on_itself(source, target, trigger, toks, last, words, context.discourse.setting):
        return None  # a state acting on itself is not an event; on its own people, or one organ on another, it is
    if trigger.has("warning") and ((target is not None and warns_about_another(sentence, source, target, words))
                                   or warns_of_the_past(toks, last, words)):
        return None
    coding = grammar.coding(trigger.event_type, trigger.mode, trigger.cameo)
    start, end = toks[first].start, toks[last - 1].end
    confidence = 0.35 + 0.25 + (0.2 if target else 0) + (0.1 if trigger.pos == "verb" else 0)
    if target and source.end <= start and target.start >= end:
        confidence += 0.1
    factuality, cue = _factuality(toks, match, triggers, sentence, words)
    announced = _announced(trigger, factuality, cue, target)
    if_unmet = grammar.ontology.mode_with("if_unmet")  # the reading of an act threatened on a condition
    if if_unmet and target is not None and trigger.announced is not None \
            and (factuality, cue) in CUES_OF_AN_ANNOUNCEMENT and _on_a_condition(toks, last, words):
        # "will withdraw its peacekeeping force from Chad unless ...", "said it would pull its
        # police out of Haiti unless ...": an ultimatum, whatever the act (not a commentator's "if")
        announced, factuality = reading(trigger.words, *if_unmet, trigger.pos, grammar.ontology), "planned"
    if announced is not None:  # "Japan will send aid to Sudan": the promise is made now; "will not": a refusal
        trigger, factuality, cue = announced, "asserted", "commitment" if factuality == "planned" else "refusal"
        coding = grammar.coding(trigger.event_type, trigger.mode)
        fired = [*fired, "type:announced_act"]
    when = nearest_date(context.dates, start - sentence.start, article.published, forward=factuality == "planned")
    if factuality == "asserted" and when and article.published and when > article.published.isoformat():
        factuality, cue = "planned", "dated_after_publication"  # "meets Putin next week": not yet done
    date_rule = "date:sentence" if when else "date:none"
    if when is None and not context.dated and factuality in FACTUALITY_COUNTED:
        when = context.discourse.date_before(sentence.index)
        date_rule = "date:carried_from_before" if when else date_rule
    target_rules = []
    location, location_rule = context.location, "location:sentence"
    if location is None:
        location = context.discourse.setting
        location_rule = "location:where_the_story_is_set" if location else "location:none"
    if target is None and trigger.has("targetless"):
        target = _place_pointed_back(sentence, source, words, context.discourse)
        target_rules = ["target:place_named_before"] if target is not None else []
        if target is None and location and location["country"] == source.actor.country \
                and (not trigger.has("cooperative") or source.actor.sector in ARMED_SECTORS
                     or (trigger.has("truce") and location_rule == "location:sentence")) \
                and not _left_from(sentence, location, words):
            target = _placed_at_start(Actor(country=source.actor.country, text=location["text"]), "country", sentence)
            # "Noboa desplegó 5.000 militares en Los Ríos": a move at home; a truce at home is
            # aimed at home when rebels make it, or when the sentence names the place at home
            # ("declared a unilateral ceasefire in Chiapas"); a state's army in a story merely
            # set at home may yield to a foreign one
            target_rules = ["target:at_home"]
    return Event(
        doc_id=article.id, event_type=trigger.event_type, mode=trigger.mode, cameo=coding.cameo,
        goldstein=coding.goldstein, quad_class=coding.quad_class,
        source=_copy(source.actor), target=_copy(target.actor) if target else None,
        factuality=factuality, date=when,
        location=dict(location) if location else None,
        sentence=sentence.text, sentence_index=sentence.index, span=(sentence.start, sentence.end),
        trigger=article.clean_text[start:end], confidence=round(min(confidence, 1.0), 2),
        lang=sentence.lang,
        rules=[f"trigger:{' '.join(trigger.words)}", *fired, *target_rules, f"factuality:{cue}", date_rule,
               location_rule])


WHOLE_STATE_KINDS = frozenset({"metonym", "igo"})  # "Moscow", "the EU": the state or body as a whole


def _acts_on_itself(source: Mention, target: Mention, trigger: Trigger, toks: list[Token], last: int,
                    words: dict, setting: dict | None) -> bool:
    """Whether a dyad of one country is that country acting on itself, which is no event.

    Only types that are `domestic` are done by a state to its own side at all, and then to its
    people ("police detained protesters"), or by one organ or official of it to another, each
    named as such: "Niger's presidential guard detained President Bazoum" (NER->NER); for
    what is only said (a `reaction`: asking, accusing, rejecting) in a story set in that
    country ("MAIDUGURI - The governor of Borno asked the federal government to send troops"),
    since officials of one state addressing each other abroad are home politics in foreign
    news. A state named by its country, capital or demonym ("Trump threatened to cut US
    funding", "Moscow will respond, the Russian foreign ministry warned"), or a body as a
    whole, never acts on itself; nor is what is asked past a "that" right after the verb asked
    of anyone ("Maduro asked that sanctions be lifted on Venezuelan officials")."""
    if trigger.has("symmetric") and home_sides(source, target):
        return False  # a state and its own rebels or opposition: "the government and UNITA signed"
    if not trigger.has("domestic"):
        return True
    if not (is_state(source) and is_state(target)):
        return False
    organs = all(m.actor.sector is not None and m.kind not in WHOLE_STATE_KINDS for m in (source, target)) \
        and source.text != target.text
    at_home = not trigger.has("reaction") or (setting is not None and setting.get("country") == source.actor.country)
    return not (organs and at_home and not opens_a_complement(toks, last, words))


def _factuality(toks: list[Token], match: tuple, triggers: list, sentence: Sentence, words: dict) -> tuple[str, str]:
    """The factuality of a trigger's event and the cue that decided it: its own cue words,
    then what an earlier trigger of its clause makes of it (asked for, alleged, not ruled out)."""
    first, last, trigger = match
    main = _act_it_is_the_purpose_of(toks, first, triggers, words)
    if main is not None:  # "will block roads on Monday in protest at low prices": as the act it explains
        return _factuality(toks, main, triggers, sentence, words)
    factuality, cue = factuality_of(toks, first, last, sentence, words, trigger.has("warning"), trigger.pos == "noun",
                                    trigger.undoes)
    if cue == "infinitive" and not (trigger.has("accusation") and trigger.pos == "verb") \
            and is_alleged(triggers, first, toks, sentence, words):
        return "alleged", "alleged"  # "acusó a Estados Unidos de atacar una lancha": charged, not planned
    if factuality not in FACTUALITY_COUNTED and cue not in COMMITTING_CUES:
        return factuality, cue
    if cue in COMMITTING_CUES and trigger.has("cooperative") and _threatened(toks, first, triggers):
        return "planned", "under_threat"  # "amenazan con retirarse de Bosnia": a threat, no promise of a withdrawal
    if trigger.pos == "noun" and _topic_of_talks(toks, first, triggers, words):
        return "planned", "topic"  # "talks on a prisoner exchange", "переговоры об обмене заключенными"
    if is_requested(triggers, first, toks, sentence, words) or _obliged(triggers, first):
        return "planned", "requested"  # and a promise asked for is no promise ("the US must be ready to mediate")
    if factuality not in FACTUALITY_COUNTED:
        return factuality, cue
    if not (trigger.has("accusation") and trigger.pos == "verb") and is_alleged(triggers, first, toks, sentence, words):
        # (a noun is charged: "обвинила Москву в финансировании протестов" is no protest by Moscow)
        return "alleged", "alleged"
    if is_not_ruled_out(triggers, first):
        return "hypothetical", "not_ruled_out"
    return factuality, cue


THREAT_REACH = 3  # words between a threat's last word and the act it threatens ("amenazan con retirarse")


def _threatened(toks: list[Token], first: int, triggers: list) -> bool:
    """Whether a warning trigger ends just before the act: a friendly act a threat names is the
    threat's content (THREATEN), never a promise of that act."""
    return any(t.has("warning") and f < first and first - THREAT_REACH <= l <= first for f, l, t in triggers)


def _topic_of_talks(toks: list[Token], first: int, triggers: list, words: dict) -> bool:
    """Whether an event noun follows a `topic` word ("sobre", "об") that follows, in its clause,
    a `scheduled` act (talks, a meeting) or one that `commits` (an agreement): what the talks or
    the agreement are about is not yet done ("договорились об обмене пленными")."""
    k = first - 1
    while k >= 0 and (toks[k].folded,) in words.get("determiner", NO_PHRASES):
        k -= 1
    if k < 0 or (toks[k].folded,) not in words.get("topic", NO_PHRASES):
        return False
    start = clause_start_of(toks, first, words)
    return any(start <= f < k and (t.has("scheduled") or t.has("commits")) for f, _, t in triggers)


def _act_it_is_the_purpose_of(toks: list[Token], first: int, triggers: list, words: dict) -> tuple | None:
    """The earlier trigger of the clause that a trigger in a `purpose_phrase` ("in protest",
    "en protesta", "в знак протеста") explains: "will block roads in protest at low prices" is
    one act, planned, not a protest done; None when the trigger is in no such phrase."""
    folded = [t.folded for t in toks[:first + 1]]
    if not any(tuple(folded[len(folded) - len(p):]) == p for p in words.get("purpose_phrase", NO_PHRASES)):
        return None
    start = clause_start_of(toks, first, words)
    earlier = [m for m in triggers if start <= m[0] < first and m[1] <= first]
    return earlier[-1] if earlier else None


def _obliged(triggers: list, first: int) -> bool:
    """"Israel tiene que detener los bombardeos": what a modal of obligation right before
    the trigger asks for has not happened (even across the clause word "que")."""
    return any(t.pos == "obligation" and first - 1 <= last_ <= first for _, last_, t in triggers)


def _announced(trigger: Trigger, factuality: str, cue: str, target: Mention | None) -> Trigger | None:
    """What its doer's announcement of a planned act is, when the words commit the doer
    (cue `intent`: "will send aid", "said it would free them", not "is expected to") and the
    type says (plover.tsv `announced=`): a promise of aid or a release agrees, an announced
    sanction or strike threatens, a refusal announced is made. A `scheduled` act (a meeting)
    is promised only by a `commissive` word ("is ready to host talks", cue `promise`), and
    refused only by a `refusal` word ("refused to meet"). A friendly act its doer says
    it will not do, or refuses to do (cue `refusal`), is a refusal (`refused=`). None when it
    stays planned or negated."""
    if factuality == "planned" and cue in COMMITTING_CUES:
        if cue != "promise" and trigger.has("scheduled"):
            return None  # "will visit Albania in June": a meeting told in the future is on the calendar
        reading = trigger if trigger.has("told_is_done") else trigger.announced  # "will resign": yielded now
    elif factuality == "negated" and (cue == "refusal" or (cue == "will_not" and not trigger.has("scheduled"))):
        # "no enviará armas" refuses; "Putin no se reunirá con Zelenski" only takes a meeting off the calendar
        reading = trigger.refused
    else:
        return None
    if reading is None:
        return None
    if target is None and not reading.has("targetless"):
        return None
    return reading


COMMITTING_CUES = frozenset({"intent", "promise"})  # a future its doer is committed to; a `commissive` word's promise
CUES_OF_AN_ANNOUNCEMENT = frozenset({("planned", "intent"), ("planned", "promise"), ("hypothetical", "modal"), ("hypothetical", "conditional")})


def _on_a_condition(toks: list[Token], last: int, words: dict) -> bool:
    """Whether an `unless` word ("unless", "a menos que", "если не") follows the act: the
    doer will do it only if the other side does not meet a demand."""
    return contains_phrase([t.folded for t in toks[last:]], words.get("unless", NO_PHRASES))


def _left_from(sentence: Sentence, location: dict, words: dict) -> bool:
    """"Ukrainian troops withdrew from Pokrovsk": a place named after an `origin` word is one
    the doer leaves, to someone the sentence may not name; no move at home."""
    at = sentence.text.find(location.get("text") or "\0")
    return at > 0 and after_origin(preceding_words(sentence.text, at), words)


def _place_pointed_back(sentence: Sentence, source: Mention, words: dict, discourse: Discourse) -> Mention | None:
    """"Off the Venezuelan coast ... A carrier group arrived in the region": a move with no
    target whose sentence points back to a place ("there", "allí", "в регионе") is aimed at
    the last foreign state the sentence before named."""
    if discourse.before is None:
        return None
    text = [fold(word) for _, _, word in tokens(sentence.text)]
    if not contains_phrase(text, words.get("place_anaphor", NO_PHRASES)):
        return None
    return discourse.foreign_state_before(source.actor.country)


def _location(sentence: Sentence, words: dict, grammar: EventGrammar) -> dict | None:
    """Where the event happened: the first country, capital or city after a locative word,
    not the place of one who tells of it ("..., officials in Islamabad said")."""
    place = next((m for m in sentence.mentions if is_place(m, words) and not is_speaker(m, sentence, words)), None)
    if place is not None:
        return {"text": place.text, "country": place.actor.country}
    for city in grammar.places.places(sentence.text, sentence.folded or None):
        before = tuple(fold(sentence.text[max(0, city.start - 40):city.start]).split())
        if _names_a_part(sentence.text[:city.start], city.text, sentence.text[city.end:], words):
            continue  # "в провинции Восточный Самар" (Eastern Samar) is no Samara
        if follows_locative(before, words) and not speech_follows(sentence, sentence.start + city.end, words) \
                and not any(m.start - sentence.start < city.end and city.start < m.end - sentence.start
                            for m in sentence.mentions if m.actor.country):
            return {"text": city.text, "country": city.country}
    return None


NAME_AROUND = re.compile(r"(?<=[\w,;:] )[A-ZÁÉÍÓÚА-ЯЁ][\w'’-]* $")  # a capitalised word mid-sentence, then a space


def _inside_a_name(before: str, after: str) -> bool:
    """Whether a place's name stands between two capitalised words mid-sentence: it is a
    person's given name ("Defence Minister Aden Duale", "el ministro Lima Gómez"), no place."""
    return bool(NAME_AROUND.search(before)) and after[:1] == " " and after[1:2].isupper()


def _names_a_part(before: str, name: str, after: str, words: dict) -> bool:
    """Whether a place's name is half of a longer name of a region's part, which the places
    do not list ("в провинции Восточный Самар" is Eastern Samar, not Samara; "в зоне
    Северный Гондэр" is North Gondar, not a town called Severny): a capitalised `direction`
    word just before it, or the name itself a `direction` word with a capitalised word after."""
    directions = words.get("direction", ())
    previous = before.split()[-1:] if before[-1:].isspace() else []
    if previous and previous[0][:1].isupper() and (fold(previous[0]),) in directions:
        return True
    return (fold(name),) in directions and after[:1].isspace() and after.lstrip()[:1].isupper()


def _copy(actor: Actor) -> Actor:
    return Actor(country=actor.country, sector=actor.sector, name=actor.name, id=actor.id,
                 text=actor.text, span=actor.span)


def code_events(article: Article, grammar: EventGrammar) -> Article:
    """Fill `article.events` from the sentences and their actor mentions, sentence by
    sentence, each taking what the sentences before told from one `Discourse`."""
    events: list[Event] = []
    discourse = Discourse(published=article.published, setting=_setting(article, grammar))
    if discourse.setting and article.dateline is not None:  # a dateline, not a place the story names first
        _groups_act_where_the_story_is(article, discourse.setting["country"], operating_countries(grammar.root))
    for sentence in article.sentences:
        discourse.advance(sentence)
        found = events_in_sentence(article, sentence, grammar, discourse)
        discourse.remember(sentence, found, _subject_of(found, sentence, discourse.subject))
        events += found
    article.events = events
    return article


def _groups_act_where_the_story_is(article: Article, country: str, operating: dict[str, tuple[str, ...]]) -> None:
    """"OUAGADOUGOU - JNIM fighters attacked an army post": an armed group that fights in
    several countries (`actors/operating.tsv`) acts, in a story whose dateline sets it in one of
    them, as that country's (BFA->BFA), as event datasets code a conflict where it happens (a
    place named first may be the target: "Al-Shabaab threatened new attacks in Kenya")."""
    for sentence in article.sentences:
        sentence.mentions = [of_country(m, country) if m.actor.country != country
                             and country in operating.get(m.actor.name or "", ()) else m
                             for m in sentence.mentions]


def _setting(article: Article, grammar: EventGrammar) -> dict | None:
    """Where the article's story is set ({"text", "country"}): where its dateline places it,
    the country its words name, else its city's ("MAIDUGURI, Nigeria (Reuters)" is NGA;
    "LIMA.-", "IRAPUATO, Gto.-": the city's country); with no dateline, the place its first
    sentence names ("Police fired tear gas at protesters in Mombasa on Tuesday")."""
    line = article.dateline
    if line is None:
        first = article.sentences[0] if article.sentences else None
        return _location(first, grammar.words.get(first.lang, {}), grammar) if first else None
    if line.country:
        return {"text": line.text, "country": line.country}
    cities = {p.country for p in grammar.places.places(line.text)}
    if len(cities) == 1:
        line.country = cities.pop()
        return {"text": line.text, "country": line.country}
    return None
