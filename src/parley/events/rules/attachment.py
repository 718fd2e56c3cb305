"""The attachment rules: who is the source and who the target of a trigger, from the
candidates before and after it (see `book` for how a rule passes, narrows or decides)."""
from __future__ import annotations

from ...morphology import may_be_nominative, may_be_subject_of
from ...records import Actor, Mention
from ...textnorm import fold, tokens
from ..dyads import (after_agent_word, after_place_kind, after_word, coordinated, coordinated_before, every_pair, governed_by,
                     is_gerund_clause,
                     is_passive, is_possessive, is_reduced_relative, is_stated_reason, is_state, is_state_or_armed,
                     names_a_border, noun_owner, of_country, passive_dyads, is_place, is_speaker,
                     posting_of_own_diplomat, speaks_after_comma, subject_of, ARMED_SECTORS)
from ..grammar import NO_PHRASES
from ..phrases import in_mention, ends_with_phrase, has_phrase, participle_endings, prep_in
from .book import Attachment, Dyad, rule


OBLIGATION_SLACK = 2  # words between the one obliged and the modal: "Iran, too, must", "Kiev ya debe"


@rule("demanded_of_its_subject", "source+target", "attachment")
def demanded_of_its_subject(a: Attachment) -> list[Dyad] | None:
    """"France said Iran must free the sailors", "Moscú afirmó que Kiev debe retirarse",
    "Лавров заявил, что Киев должен ...": a modal of obligation (a trigger whose pos is
    `obligation`) in reported speech asks something of its own subject. The speaker (the actor
    before the speech verb, or after it at the end: "..., the minister said") is the source,
    the subject the target; with no speaker or no subject it is no event."""
    if a.trigger.pos != "obligation":
        return None
    obliged = [m for m in a.left if m.start >= a.clause
               and len(tokens(a.sentence.text[m.end - a.sentence.start:a.start - a.sentence.start])) <= OBLIGATION_SLACK]
    if obliged:
        obliged = coordinated_before(a.sentence, [m for m in a.left if m.start >= a.clause], obliged[-1], a.words)
        # "said that Ethiopia and Eritrea must pull their troops back": each is asked
    else:
        addressee = _addressee_told(a)  # "told Croatia that it must", "recordó a Irán que debe"
        if addressee is None:
            return []
        obliged = [addressee]
    speaker = _speaker_before(a, obliged[0]) or _speaker_after(a)
    if speaker is None:
        return []
    # not a state asking itself; but rebels may ask their own government ("must agree to changes")
    return [(speaker, one, False) for one in obliged
            if not (speaker.actor.country == one.actor.country and is_state(speaker) == is_state(one))]


ADDRESSEE_REACH = 4  # words between a speech verb and the one it addresses ("reminded Israel on Wednesday")


def _addressee_told(a: Attachment) -> Mention | None:
    """"The EU told Croatia that it must hand over ...", "recordó a Irán que debe cooperar",
    "напомнил Ираку, что он обязан": a modal whose clause opens with a pronoun at most (or, in
    a pro-drop language, nothing) asks its act of whom the speech verb before the clause
    addresses, the actor right after that verb."""
    text, start = a.sentence.text, a.sentence.start
    opener = next((k for k in range(a.first - 1, max(-1, a.first - OBLIGATION_SLACK - 2), -1)
                   if (a.toks[k].folded,) in a.words.get("complementizer", NO_PHRASES)), None)
    if opener is None:
        return None
    speech = a.words.get("speech", ())
    verbs = [t for t in a.toks[:opener] if (t.folded,) in speech]
    if not verbs:
        return None
    verb, clause = verbs[-1], a.toks[opener].start
    return next((m for m in a.actors if verb.end <= m.start and m.end <= clause
                 and len(tokens(text[verb.end - start:m.start - start])) <= ADDRESSEE_REACH), None)


def _speaker_before(a: Attachment, obliged: Mention) -> Mention | None:
    """The actor of "X said (that) ...": the last actor before a speech verb that stands
    before the obliged one."""
    speech = a.words.get("speech", ())
    verbs = [t.start for t in a.toks[:a.first] if t.end <= obliged.start and (t.folded,) in speech]
    if not verbs:
        return None
    before = [m for m in a.actors if m.end <= verbs[-1]]
    return before[-1] if before else None


def _speaker_after(a: Attachment) -> Mention | None:
    """The actor of a closing "..., the minister said", "..., said Blinken", "dijo el
    presidente de México", "заявили в МИД России": right before the speech verb (no comma
    between), or at most two words after it."""
    speech = a.words.get("speech", ())
    text, start = a.sentence.text, a.sentence.start
    for i in range(a.last, len(a.toks)):
        verb = a.toks[i]
        if (verb.folded,) not in speech:
            continue
        for m in a.actors:
            if a.end <= m.start and m.end <= verb.start and "," not in text[m.end - start:verb.start - start] \
                    and not tokens(text[m.end - start:verb.start - start]):
                return m
            if m.start >= verb.end and len(tokens(text[verb.end - start:m.start - start])) <= OBLIGATION_SLACK:
                return m
    return None


RECIPROCAL_WINDOW = 6  # words after a trigger searched for "each other"


@rule("pair_of_parties", "source+target", "attachment")
def pair_of_parties(a: Attachment) -> list[Dyad] | None:
    """"Both sides agreed to ...", "The two countries blamed each other", "Both sides thanked
    the UAE": the pair a `pair_anaphor` stands for (see coding) does a symmetric act together,
    a `reciprocal` act to each other, any other to the actor it names."""
    pair = [m for m in a.left if m.kind == "pair" and m.start >= a.clause]
    if len(pair) < 2 and a.trigger.has("symmetric"):
        # "talks between the two countries' deputy ministers", "conversación entre los
        # viceprimeros ministros de ambos países": the pair after a symmetric act are its parties
        pair = [m for m in a.right if m.kind == "pair"][:2]
        if pair and any(m.kind != "pair" and m.start < pair[0].start for m in a.right):
            return None  # "viajó a Kinshasa y Kigali para acercar posiciones entre ambos gobiernos"
        host = [m for m in a.left if m.kind != "pair" and m.start >= a.clause
                and m.actor.country not in {p.actor.country for p in pair}]
        if len(pair) == 2 and host:  # "Tokáyev recibió a los dos cancilleres": the host meets each
            return [(host[-1], pair[0], False), (host[-1], pair[1], False)]
    if len(pair) < 2:
        return None
    one, other = pair[-2:]
    if a.trigger.has("symmetric"):
        return [(one, other, False)]
    if has_phrase(a.toks, a.last, a.last + RECIPROCAL_WINDOW, a.words.get("reciprocal", ())) \
            or has_phrase(a.toks, max(0, a.first - 2), a.first, a.words.get("reciprocal", ())):
        return [(one, other, False), (other, one, False)]
    named = [m for m in a.right if m.kind != "pair" and m.actor.country not in (one.actor.country, other.actor.country)]
    return [(one, named[0], False), (other, named[0], False)] if named else None


MEDIATOR_REACH = 3  # words between a mediation and its mediator ("mediated by the United Arab Emirates")


@rule("mediator_meets_each_side", "source+target", "attachment")
def mediator_meets_each_side(a: Attachment) -> list[Dyad] | None:
    """"Russia and Ukraine exchanged prisoners in a swap mediated by the UAE", "conversaciones
    con la mediación de Catar y Turquía", "переговоры при посредничестве Катара": the mediator,
    named right after the mediation (after an agent word, for a verb), meets each side the
    clause joined before it (GUIDELINES: "mediate" is CONSULT)."""
    after = [m for m in a.actors if a.end <= m.start <= a.limit and not is_place(m, a.words)]
    if not after or len(tokens(a.sentence.text[a.end - a.sentence.start:after[0].start - a.sentence.start])) \
            > MEDIATOR_REACH or (a.trigger.pos == "verb" and not after_agent_word(after[0], a.words)) \
            or prep_in(after[0], a.words.get("between", ())):
        return None  # "Oman mediated between Iran and the US": those are the sides (joined_objects)
    mediators = coordinated(a.sentence, after, after[0], a.words)
    own = {m.actor.country for m in mediators}
    before = [m for m in a.left if not is_place(m, a.words) and m.actor.country not in own]
    if not before:
        return None
    sides = coordinated_before(a.sentence, before, before[-1], a.words)
    return [(mediator, side, False) for mediator in mediators for side in sides]


@rule("asked_on_behalf", "source+target", "attachment")
def asked_on_behalf(a: Attachment) -> list[Dyad] | bool | None:
    """"The Council met at the request of Venezuela": the one on whose behalf (`on_behalf`) is
    no party; for an act of asking, it asks the clause's subject."""
    askers = [m for m in a.right if prep_in(m, a.words.get("on_behalf", []))]
    if not askers:
        return None
    a.right = [m for m in a.right if m not in askers]
    if a.trigger.has("asking"):
        asked = [m for m in a.left if m.start >= a.clause][:1] or [m for m in a.right if m.start > askers[0].start][:1]
        return [(askers[0], asked[0], False)] if asked else []
    return True


@rule("relative_clause_keeps_its_objects", "target", "attachment")
def relative_clause_keeps_its_objects(a: Attachment) -> bool | None:
    """"Poland, which hosted the summit, condemned Russia": a trigger inside a relative clause
    set off by commas (a `clause` word after a comma) takes no object after the comma that
    closes it: Russia is condemned, not hosted."""
    text, start = a.sentence.text, a.sentence.start
    if _relative_opener(a) is None:
        return None
    closing = text.find(",", a.end - start)
    if closing < 0:
        return None
    cut = start + closing
    if not any(t.start > cut for t in a.toks):
        return None  # nothing follows: the comma closes the sentence's last words, not the clause
    a.right = [m for m in a.right if m.start < cut]
    a.actors = [m for m in a.actors if m.start < cut]  # nor an implied target
    return True


def _relative_opener(a: Attachment) -> int | None:
    """The token index of the clause word that opens the trigger's clause after a comma
    (", which", ", que", ", который"), or None."""
    word = next((i - 1 for i, t in enumerate(a.toks) if t.start == a.clause), 0)
    if word < 1 or not opens_after_comma(a, word):
        return None
    inside = a.sentence.text[a.toks[word].end - a.sentence.start:a.start - a.sentence.start]
    return None if "," in inside else word  # a comma before the trigger closed the clause: the trigger is the main verb


def opens_after_comma(a: Attachment, word: int) -> bool:
    """Whether a comma stands before the clause word at token `word`, at most two
    prepositions or determiners between (", which", ", a la que", ", с которым")."""
    glue = ("preposition", "determiner", "comitative", "locative")
    i = word
    while i > 0 and word - i < 2 and any((a.toks[i - 1].folded,) in a.words.get(c, ()) for c in glue):
        i -= 1
    return i >= 1 and "," in a.sentence.text[a.toks[i - 1].end - a.sentence.start:a.toks[i].start - a.sentence.start]


@rule("relative_pronoun_is_the_object", "target", "attachment")
def relative_pronoun_is_the_object(a: Attachment) -> list[Dyad] | None:
    """"Germany, which Russia has repeatedly criticised, ...": a relative clause with a
    subject of its own and no object has the relative pronoun for object: the actor it
    follows is the target."""
    word = _relative_opener(a)
    if word is None or a.source is None or a.right or a.source.start < a.toks[word].end:
        return None
    antecedent = [m for m in a.actors if m.end <= a.toks[word].start and m is not a.source]
    if not antecedent or antecedent[-1].actor.country == a.source.actor.country:
        return None
    return [(s, antecedent[-1], False) for s in a.doers()]


MEANS_REACH = 4  # words between an agent word and the event noun it introduces ("by a Russian drone strike")


@rule("means_of_a_passive", "source+target", "attachment")
def means_of_a_passive(a: Attachment) -> list[Dyad] | None:
    """"Three Ukrainian soldiers were killed by a Russian drone strike", "Three US servicemen
    were killed by an improvised explosive device", "murieron por un ataque del ELN": an event
    noun after an agent word is the means of what befell the clause's subject. The subject is
    struck, not striking: it is the target; the source is the actor the noun names as its own
    (before it, "Russian drone", or after a genitive, "del ELN"), else no one (no event)."""
    if a.trigger.pos != "noun":
        return None
    agents, fillers = a.words.get("agent", ()), a.words.get("determiner", ())
    at = None
    for k in range(a.first - 1, max(-1, a.first - 1 - MEANS_REACH), -1):
        if (a.toks[k].folded,) in agents:
            at = k
            break
        if (a.toks[k].folded,) not in fillers and not in_mention(a.toks[k], a.sentence.mentions) \
                and not a.toks[k].surface[:1].islower():
            return None  # only articles, lower-case adjectives and the owner's name between ("by a deadly Russian drone strike")
    if at is None:
        return None
    cut = a.toks[at].start
    victims = [m for m in a.left if a.clause <= m.start and m.end <= cut]
    if not victims:
        return None
    owners = [m for m in a.left if m.start >= cut] or \
             [m for m in a.right[:1] if prep_in(m, a.words.get("genitive", ())) and is_state_or_armed(m)]
    if not owners:
        return []
    return [(owners[-1] if owners[-1].end <= a.start else owners[0], victims[-1], True)]


@rule("passive_agent", "source+target", "attachment")
def passive_agent(a: Attachment) -> list[Dyad] | bool | None:
    """A passive ("were released by Belarus", "помилован Лукашенко"): the agent is the
    source (each of a list: "criticised by France, Germany and Britain"), the subject in the
    trigger's clause the target. A passive that names no agent leaves its target to the
    rules after it (`state_where_it_was_done`, `passive_needs_an_agent`). People an act of
    force strikes, named by a role only, are of the country where it happens."""
    if not is_passive(a.toks, a.first, a.trigger, a.words, a.last):
        return None
    dyads = passive_dyads(a.toks, a.first, a.last, a.trigger, a.left, a.inside + a.right, a.sentence, a.words,
                          a.clause)
    if dyads and dyads[0][0] is None:
        target = dyads[0][1]
        if target is not None and any(target.end <= p < a.start for p, t in a.earlier if t.acts):
            return None  # "Israeli drone struck a car, as a result of which two people were killed": not the drone
        a.passive_target = target
        return True
    if dyads and dyads[0][1] is None and not a.trigger.has("force"):
        return dyads  # a reaction to the act its subject names ("the massacre was condemned by the UN")
    if dyads and dyads[0][1] is None:  # an act of force on people named by a role only
        struck = _struck_before(a, dyads[0][0])
        return [(agent, struck, True) for agent, _, _ in dyads] if struck is not None else []
    return dyads


def _struck_before(a: Attachment, agent: Mention) -> Mention | None:
    """"At least six villagers were beheaded by insurgents", "Три человека были убиты
    боевиками": the people a passive act of force strikes, named by a role only before it, are
    of the country where it happens: the one country of the clause's places, else the story's
    setting, else an armed group's own."""
    struck = [m for m in a.sentence.mentions if m.actor.country is None and m.actor.sector
              and a.clause <= m.start and m.end <= a.start]
    places = where_it_happens(a) if struck else None
    if places is None:
        return None
    country = country_struck(places, agent)
    return of_country(struck[-1], country) if country else None


def where_it_happens(a: Attachment) -> set[str] | None:
    """The country of an act of force, as a set of at most one: the one country of the clause's
    places (not of one who tells of it: "..., officials in Nairobi said"), else the story's
    setting, else none; None when the clause's places are in two countries."""
    places = clause_places(a)
    if len(places) > 1:
        return None
    return places or ({a.setting} if a.setting else set())


def clause_places(a: Attachment) -> set[str]:
    """The countries of the places the trigger's clause names: after a locative, or after a word
    for a kind of place ("una aldea de la región de Sagaing"); not of one who tells of the act
    ("..., officials in Nairobi said")."""
    return {m.actor.country for m in a.actors if m.start >= a.clause
            and (is_place(m, a.words) or (m.kind == "city" and after_place_kind(m.before, a.words)))
            and not is_speaker(m, a.sentence, a.words)}


def country_struck(places: set[str], doer: Mention) -> str | None:
    """Whose people an act of force strikes: those of where it happens, else, for a group that
    is no state or for police, who act at home ("Kenyan police shot dead three protesters"),
    its own."""
    at_home = (not is_state(doer) and doer.actor.sector in ARMED_SECTORS) or doer.actor.sector in POLICE_SECTORS
    return next(iter(places)) if places else (doer.actor.country if at_home else None)


POLICE_SECTORS = frozenset({"COP"})  # forces that act at home


@rule("state_where_it_was_done", "source", "attachment")
def state_where_it_was_done(a: Attachment) -> list[Dyad] | None:
    """"Two Russian diplomats were expelled from Poland", "A French citizen was detained in
    Iran", "fue deportado de Nicaragua": an act only a state does, told in the passive with no
    agent, is done by the state of the place it was done in or from (the nearest place of the
    clause, of another country than the target)."""
    target = a.passive_target
    if target is None or any((target.preposition,) in a.words.get(c, ()) for c in ("preposition", "comitative")):
        return None  # "arrested in Lebanon for collaborating with Israel": Israel is no subject
    places = [m for m in a.actors if m.start >= a.clause and is_place(m, a.words)
              and m.actor.country and m.actor.country != target.actor.country]
    if not places:
        return None
    nearest = min(places, key=lambda m: abs(m.start - a.start))
    return [(nearest, target, True)]


@rule("unknown_force_where_it_happened", "source", "attachment")
def unknown_force_where_it_happened(a: Attachment) -> list[Dyad] | None:
    """"Three US servicemen were killed outside the Iraqi city of Basra", "Cinco soldados
    murieron en un atentado en Kabul": an act of force told in the passive with no agent is
    done by an unidentified armed force (sector UAF) of the country where it happens: the one
    country of the clause's places, else the story's setting; with places in two countries,
    or none and no setting, by no one. Only a verb, in a sentence that names no one else
    before it (not "Israeli drone struck a car, and two people were killed")."""
    if a.passive_target is None or not _violence_with_no_doer_named(a, a.passive_target):
        return None
    unknown = _unknown_force(a, a.start, a.end)
    return [(unknown, a.passive_target, True)] if unknown is not None else None


@rule("weapon_subject_is_an_unknown_force", "source", "attachment")
def weapon_subject_is_an_unknown_force(a: Attachment) -> bool | None:
    """"A roadside bomb killed two soldiers near Samarra", "Un coche bomba mató a cinco
    soldados en Kabul", "A car bomb exploded in Kabul, killing five soldiers": an act of force
    whose clause names no one before it but places (its subject is a weapon or an event) is
    done by an unidentified armed force of the country where it happens, as a passive is.
    Only a verb, in a sentence that names no one before it (not "Pese al ataque, delegados
    ...", an event noun pointing back, nor "Un ataque con drones del Ejército israelí ... mató")."""
    if a.source is not None or not _violence_with_no_doer_named(a, None):
        return None
    a.source = _unknown_force(a, max(a.clause, a.sentence.start), a.start)
    return True if a.source is not None else None


def _violence_with_no_doer_named(a: Attachment, struck: Mention | None) -> bool:
    """Whether the trigger is a verb, the sentence names a second act of force that says it
    was violence ("by an improvised explosive device", "A roadside bomb", "when militants
    attacked"; not "killed in a road accident"), and no one before it but places, the people
    struck and the news agency of its dateline ("MOGADISHU (Reuters) -")."""
    spared = (struck.start, struck.end) if struck is not None else None
    violence = any(t.has("force") and start != a.start for start, t in a.sentence_triggers())
    return a.trigger.pos == "verb" and violence and not any(
        m.end <= a.start and (m.start, m.end) != spared and not is_place(m, a.words) and m.actor.sector != "MED"
        for m in a.sentence.mentions)


def _unknown_force(a: Attachment, start: int, end: int) -> Mention | None:
    """An unidentified armed force of the country where the act happens, named by the words
    from `start` to `end` (the weapon, else the trigger); None where that country is unknown."""
    places = where_it_happens(a)
    if not places:
        return None
    text = a.sentence.text[start - a.sentence.start:end - a.sentence.start].strip()
    if not text:
        start, end = a.start, a.end
        text = a.sentence.text[start - a.sentence.start:end - a.sentence.start]
    return Mention(kind="role", start=start, end=end, text=text,
                   actor=Actor(country=next(iter(places)), sector="UAF", text=text, span=(start, end)))


@rule("passive_needs_an_agent", "event", "attachment")
def passive_needs_an_agent(a: Attachment) -> list[Dyad] | None:
    """A passive with no agent and no place whose state acts names no one who acts: no event."""
    return [] if a.passive_target is not None else None


@rule("agent_of_a_participle", "target", "attachment")
def agent_of_a_participle(a: Attachment) -> bool | None:
    """"a deal brokered by China": an agent after a participle belongs to the participle, not
    to the trigger (criticism excepted: it is aimed at whoever did the thing)."""
    kept = [m for m in a.right if not (prep_in(m, a.words.get("agent", [])) and len(m.before) >= 2
                                       and m.before[-2].endswith(participle_endings(a.words)))]
    if len(kept) == len(a.right):
        return None
    a.right = kept
    return True


@rule("reduced_relative", "event", "attachment")
def reduced_relative(a: Attachment) -> list[Dyad] | None:
    """"expelled three citizens accused of espionage": a participle right after an earlier
    verb's object describes the object; it is no event of its own."""
    return [] if is_reduced_relative(a.toks, a.first, a.trigger, a.left, a.earlier, a.sentence, a.words) else None


@rule("stated_reason", "event", "attachment")
def stated_reason(a: Attachment) -> list[Dyad] | None:
    """"arrested a journalist on charges of espionage": a charge after an earlier act's
    object gives that act's reason; it is no accusation of its own."""
    return [] if is_stated_reason(a.toks, a.first, a.trigger, a.left, a.earlier, a.sentence, a.words) else None


@rule("active_subject", "source", "attachment")
def active_subject(a: Attachment) -> bool | None:
    """The source is the nearest candidate subject before the trigger; a verb coordinated with
    an earlier one shares its subject ("warned Moscow and urged Russia")."""
    a.source = subject_of(a.left, a.start, a.trigger, a.earlier, a.sentence, a.words)
    return True if a.source is not None else None


@rule("subject_after_the_verb", "source", "attachment")
def subject_after_the_verb(a: Attachment) -> bool | None:
    """"Lo condenaron también Chile y Perú", "Российских дипломатов выслали Эстония, Латвия и
    Литва": in a language whose subject may follow its verb (`subject_after_verb` in
    grammar.tsv), a verb with no subject before it in its clause (or, where a morphological
    analyser gives case, none that may be nominative) has for subject the first actor after it
    that no preposition governs (and that may be nominative), with those joined to it; what
    stood before it becomes its object."""
    head = a.toks[a.first]
    if a.trigger.pos != "verb" or not a.words.get("subject_after_verb") or head.folded == head.lemma:
        return None  # (a verb in its dictionary form is an infinitive, with no subject of its own)
    lang = a.sentence.lang if a.words.get("morphology") else None
    before = a.source if a.source is not None and a.source.start >= a.clause and a.source.end > a.source.start else None
    if a.source is not None and before is None:
        return None  # a subject carried from the sentence before, or of an earlier clause, stands
    verb = head.surface
    if before is not None and (lang is None or may_be_subject_of(before.text, verb, lang)
                               or _heads_a_subject(a, before, lang)):
        return None
    governed = [c for c in SUBJECT_BLOCKERS if c in a.words]
    if before is None and any(a.clause <= m.start and m.end <= a.start and not m.actor.country
                              and not governed_by(m, governed, a.words)
                              and (lang is None or may_be_subject_of(m.text, verb, lang)) for m in a.sentence.mentions):
        return None  # "Власти «Талибана» призвали", "Cientos de manifestantes marcharon": a subject of no known country
    # a subject is a noun phrase of its own: no bare demonym of another noun ("la asistencia
    # social estadounidense"), no word of a governing category among the words before it
    verbs = [p for p, t in a.sentence_triggers() if t.pos == "verb" and p >= a.end]
    after = [m for m in a.right if m.start >= a.end and m.actor.country
             and not (m.kind == "demonym" and m.actor.sector is None)
             and not any(a.end <= v < m.start for v in verbs)  # another verb's clause has begun
             and not governed_by(m, governed, a.words)
             and (lang is None or may_be_nominative(m.text, lang))]
    if not after:
        return None
    subjects = coordinated(a.sentence, a.right, after[0], a.words)
    a.source, a.sources = subjects[0], subjects
    a.right = ([before] if before is not None else []) + [m for m in a.right if m not in subjects]
    return True


def _heads_a_subject(a: Attachment, mention: Mention, lang: str) -> bool:
    """Whether the word right before a mention may be a nominative head it depends on: "Власти
    «Талибана» призвали": the authorities, not the Taliban's genitive, are the subject."""
    previous = [t for t in a.toks if t.end <= mention.start and t.start >= a.clause]
    return bool(previous) and may_be_subject_of(previous[-1].surface, a.toks[a.first].surface, lang)


# Words that govern an actor after a verb, so that it is no subject ("a Venezuela", "с Киевом").
SUBJECT_BLOCKERS = ("preposition", "comitative", "locative", "agent", "genitive", "between", "directional",
                    "complementizer", "clause", "coord")


@rule("possessive_is_the_object", "source+target", "attachment")
def possessive_is_the_object(a: Attachment) -> bool | None:
    """"Trump said Maduro's days are numbered": a possessive before a verb owns its subject;
    it is what the verb is about, and the actor before it acts."""
    if a.trigger.pos != "verb" or a.source is None or a.source not in a.left[-1:] \
            or not is_possessive(a.source, a.sentence, a.words) or a.right \
            or _owns_a_role(a.source, a):
        return None
    a.right, a.source = [a.source], subject_of(a.left[:-1], a.start, a.trigger, a.earlier, a.sentence, a.words)
    return True


POSSESSED_ROLE_GAP = 3  # words from a possessive to the role it owns: "Eritrea's information minister"


def _owns_a_role(owner: Mention, a: Attachment) -> bool:
    """"Eritrea's information minister dismissed ...": the possessive owns an official named by
    a role before the verb, so it is the subject's country, not what the verb is about."""
    return any(m.kind == "role" and owner.end < m.start < a.start
               and len(tokens(a.sentence.text[owner.end - a.sentence.start:m.start - a.sentence.start])) <= POSSESSED_ROLE_GAP
               for m in a.sentence.mentions)


@rule("object_relative_of_the_main_subject", "source+target", "attachment")
def object_relative_of_the_main_subject(a: Attachment) -> list[Dyad] | None:
    """"sancionó a un empresario laosiano ..., a los que acusa de ...", "un consejero de la
    embajada rusa, al que acusa de ...": a relative clause opened by an object relative
    (`object_relative`) with no subject of its own is about the actor it follows and is done
    by the subject of the verb before it."""
    relative = next((p for p in a.words.get("object_relative", ())
                     if tuple(t.folded for t in a.toks[max(0, a.first - len(p)):a.first]) == p), None)
    if relative is None:
        return None
    opened = a.toks[a.first - len(relative)].start
    antecedent = [m for m in a.actors if m.end <= opened and not is_place(m, a.words)]
    before = [p for p, t in a.sentence_triggers() if t.pos == "verb" and p < opened]
    if not antecedent or not before:
        return None
    subjects = [m for m in a.actors if m.end <= before[-1] and not is_place(m, a.words)]
    if not subjects or subjects[-1].actor.country == antecedent[-1].actor.country:
        return None
    return [(subjects[-1], antecedent[-1], False)]


@rule("pronoun_is_the_last_object", "target", "attachment")
def pronoun_is_the_last_object(a: Attachment) -> bool | None:
    """"detained 14 Indian fishermen, accusing them of ...", "задержали 14 индийских рыбаков,
    обвинив их в ...": an object pronoun right after the verb stands for the last actor named
    before it other than its subject."""
    if a.source is None or a.last >= len(a.toks) or (a.toks[a.last].folded,) not in a.words.get("object_pronoun", ()):
        return None
    named = [m for m in a.actors if m.end <= a.start and m.actor.country != a.source.actor.country
             and not is_place(m, a.words) and not is_speaker(m, a.sentence, a.words)]
    if not named or (a.right and a.right[0] is named[-1]):
        return None
    a.right = [named[-1]] + [m for m in a.right if m is not named[-1]]
    return True


@rule("gerund_shares_the_subject", "source", "attachment")
def gerund_shares_the_subject(a: Attachment) -> bool | None:
    """"La administración ... continúa ..., consultando ...": a gerund after a comma shares
    the sentence's subject, not the nearest actor."""
    if a.source is None or not is_gerund_clause(a.toks, a.first, a.trigger, a.sentence, a.words):
        return None
    subject = next((m for m in a.left if (m.preposition,) not in a.words.get("preposition", ())), a.source)
    if subject is a.source:
        return None
    a.source = subject
    return True


@rule("coordinated_verb_shares_the_subject", "source", "attachment")
def coordinated_verb_shares_the_subject(a: Attachment) -> bool | None:
    """"Se reunió con su homólogo vietnamita y firmó doce acuerdos", "met Wang Yi and signed
    ...": an inflected verb right after a `coord` word shares the subject of the verb before
    it; the actors between them are that verb's objects, not this one's subject, and the
    partners of a symmetric act that names none of its own. So does an event noun a plain
    verb takes ("rechazó las acusaciones y respondió con la expulsión de un diplomático")."""
    at = a.first if a.trigger.pos == "verb" else _light_verb(a)
    if at is None or (a.source is None and a.trigger.pos == "verb") or at == 0 \
            or (a.toks[at - 1].folded,) not in a.words.get("coord", ()):
        return None
    verb = a.toks[at]
    if verb.folded == verb.lemma:
        return None  # an infinitive ("urged Minsk to free prisoners and lift ...") belongs to what asks it
    before = [start for start, t in a.earlier if t.pos == "verb" and t.acts and start < verb.start]
    if not before:
        return None
    subjects = [m for m in a.left if m.end <= before[-1]]
    if not subjects:
        return None
    between = [m for m in a.actors if before[-1] <= m.start < a.start and not is_place(m, a.words)]
    if a.trigger.has("symmetric") and not a.right and between:
        a.right = between  # "met his Vietnamese counterpart and signed agreements": signed with him
    elif subjects[-1] is a.source:
        return None
    a.source = subjects[-1]
    return True


LIGHT_VERB_REACH = 5  # words between a plain verb and the event noun it takes ("respondió horas después con la expulsión")


def _light_verb(a: Attachment) -> int | None:
    """The token of the plain word (no trigger, no actor, no function word: a verb) right after
    a `coord` word, shortly before a noun trigger ("and responded with the expulsion of", "y
    respondió horas después con la expulsión"): the verb that noun is the object of."""
    coord = a.words.get("coord", ())
    function = {p[0] for c in ("preposition", "determiner", "locative", "complementizer", "negation")
                for p in a.words.get(c, ()) if len(p) == 1}
    for j in range(a.first - 1, max(0, a.first - 1 - LIGHT_VERB_REACH), -1):
        tok = a.toks[j]
        if (a.toks[j - 1].folded,) in coord:
            plain = tok.surface[:1].islower() and tok.surface.isalpha() and tok.folded not in function \
                and not any(p == tok.start for p, _ in a.earlier) and not in_mention(tok, a.sentence.mentions)
            return j if plain else None
    return None


@rule("noun_owner", "source", "attachment")
def noun_owner_rule(a: Attachment) -> bool | None:
    """A nominal trigger's own actor acts whoever speaks of it: its agent ("a visit by a US
    envoy"), its genitive owner ("la visita de Lavrov"), the holder of what it ends on ("the
    lifting of US sanctions"), the forces that move ("the withdrawal of Russian troops")."""
    if a.trigger.pos != "noun":
        return None
    owner = noun_owner(a.toks, a.last, a.trigger, a.source, a.right, a.inside, a.sentence, a.words)
    if owner is None:
        return None
    a.source, a.right, a.owned = owner, [m for m in a.right if m is not owner], True
    return True


@rule("partner_then_doer", "source+target", "attachment")
def partner_then_doer(a: Attachment) -> list[Dyad] | None:
    """"After meeting with Mr. Lukashenko, Smith drove ...": with no subject before it, a
    meeting's partner follows the comitative word and its subject comes after."""
    if a.source is not None:
        return None
    partner = next((m for m in a.right if after_word(m, a.words.get("comitative", []), a.words)), None)
    doer = next((m for m in a.right if partner is not None and m.start > partner.end and is_state(m)
                 and m.actor.country != partner.actor.country
                 and (m.preposition,) not in a.words.get("preposition", ())), None)
    return [(doer, partner, False)] if doer is not None else None


@rule("visited_host", "target", "attachment")
def visited_host(a: Attachment) -> list[Dyad] | None:
    """"Lukashenko freed 14 prisoners after a visit by Keith Kellogg": a visit with no object
    named after it was to the other state before it."""
    restated = any(t.event_type == a.trigger.event_type for _, t in a.earlier)  # "посетил Москву с официальным визитом"
    if a.source is None or a.right or not (a.owned or (a.trigger.has("travel") and not restated)):
        return None
    host = next((m for m in a.left if m.actor.country != a.source.actor.country and is_state(m)), None)
    return [(a.source, host, False)] if host is not None else None


@rule("wrong_done_to_own_people", "target", "attachment")
def wrong_done_to_own_people(a: Attachment) -> bool | None:
    """"Moscow protested over the detention of Russian citizens in Azerbaijan": a reaction
    for one's own citizens is aimed at whoever holds them, and who did the thing (after an
    agent word) comes first."""
    if a.source is None:
        return None
    kept = [m for m in a.right if not (m.actor.country == a.source.actor.country and m.actor.sector == "CVL")]
    ordered = sorted(kept, key=lambda m: not after_agent_word(m, a.words))
    if ordered == a.right:
        return None
    a.right = ordered
    return True


BORDER_PLACE_REACH = 3  # words between a preposition and the demonym of the border it places an act at


@rule("border_is_a_place", "target", "attachment")
def border_is_a_place(a: Attachment) -> bool | None:
    """"captured a guerrilla stronghold on the Thai border", "near the eastern Thai border",
    "cerca de la frontera tailandesa", "у таиландской границы": a country's border after a
    preposition says where the act happened, not whom it struck ("shelled Armenian border
    villages" still strikes Armenia)."""
    opening = a.words.get("preposition", NO_PHRASES) | a.words.get("locative", NO_PHRASES)
    kept = [m for m in a.right if not (names_a_border(m, a.sentence, a.words) and m.kind == "demonym"
                                       and any(ends_with_phrase(m.before[:len(m.before) - k], opening)
                                               for k in range(BORDER_PLACE_REACH + 1)))]
    if len(kept) == len(a.right):
        return None
    a.right = kept
    return True


@rule("border_is_no_partner", "target", "attachment")
def border_is_no_partner(a: Attachment) -> bool | None:
    """"held joint exercises near the Armenian border": a border is no partner, nor a bare
    demonym of another noun ("para analizar la crisis venezolana"); a demonym joined to the
    object before it names a people ("a meeting between Israel and the Palestinians")."""
    joined = coordinated(a.sentence, a.right, a.right[0], a.words)[1:] if a.right else []
    kept = [m for m in a.right if not names_a_border(m, a.sentence, a.words)
            and not (m.kind == "demonym" and m.actor.sector is None and m.start - a.end > 1
                     and not any(m is j for j in joined))]
    if len(kept) == len(a.right):
        return None
    a.right = kept
    return True


@rule("joined_subjects", "source", "attachment")
def joined_subjects(a: Attachment) -> bool | None:
    """"Poland, Lithuania and Latvia accused Belarus": each of the joined subjects acts."""
    if a.source not in a.left:
        return None
    a.sources = coordinated_before(a.sentence, a.left, a.source, a.words)
    return True if len(a.sources) > 1 else None


MUTUAL_REACH = 3  # words between an act of force and the "between" that names its two sides


@rule("each_to_the_other", "source+target", "attachment")
def each_to_the_other(a: Attachment) -> list[Dyad] | None:
    """"Thai and Cambodian troops traded artillery fire", "Russia and Ukraine exchanged 84
    prisoners", "обменялись пленными": the joined subjects of a trigger with a `mutual` word
    ("exchange", "intercambiar", "обмениваться") each do it to the other, whoever else the
    sentence names after it (a host, a witness: the two sides of an exchange are its
    subjects), and so do joined states that ease off with no one else named ("began pulling back
    from their frontier"). Force "between" two sides ("clashes between the army and the rebels", "бои между
    ...") goes both ways too; "clashes between rival gangs" (one plural side) is the gangs'
    country striking itself."""
    if a.trigger.has("symmetric"):
        return None  # "talks between", "exchanged views": done together, not to each other
    sides = _sides_between(a) if a.trigger.has("force") else []
    if len(sides) == 1 and sides[0].actor.country is not None and not is_state(sides[0]):
        return [(sides[0], sides[0], False)]  # "clashes between rival gangs": one plural side, each part of it
    mutual = any((tok.lemma,) in a.words.get("mutual", ()) or (tok.folded,) in a.words.get("mutual", ())
                 for tok in a.toks[a.first:a.last])
    # "Kyrgyz and Tajik troops began pulling back from their frontier": a de-escalation of two
    # joined states with no one else named is toward each other
    easing = a.trigger.has("cooperative") and a.trigger.has("targetless")
    if len(sides) < 2 and a.sources and len(a.sources) > 1 and (mutual or (easing and not a.right)):
        sides = [m for m in a.sources if m is not None]
    if len(sides) < 2:
        return None
    return [(one, other, False) for one in sides for other in sides
            if one is not other and (one.actor.country, one.actor.sector) != (other.actor.country, other.actor.sector)]


def _sides_between(a: Attachment) -> list[Mention]:
    """The parties joined after a `between` word right after the trigger ("fighting between
    the army and the rebels")."""
    between = a.words.get("between", ())
    after = [m for m in a.actors if a.end <= m.start <= a.limit and not is_place(m, a.words)]
    ends_with_between = ends_with_phrase(tuple(t.folded for t in a.toks[a.first:a.last]), between)  # "clashes between"
    head = next((m for m in after if (ends_with_between or after_word(m, between, a.words))
                 and len(tokens(a.sentence.text[a.end - a.sentence.start:m.start - a.sentence.start])) <= MUTUAL_REACH),
                None)
    return coordinated(a.sentence, after, head, a.words) if head is not None else []


@rule("joined_objects", "source+target", "attachment")
def joined_objects(a: Attachment) -> list[Dyad] | None:
    """The target is the first candidate object and every object joined to it ("visits to
    Cuba, Ecuador and Nicaragua"); the joined parties of a symmetric act pair up ("talks
    between A, B and C"; "Chile and Peru signed a pact with Bolivia")."""
    if not a.right:
        return None
    right = a.right
    if a.source is not None:  # "Tokayev imposed a state of emergency ..., the Akorda said": his own office;
        # "Анкара готова начать операцию ..., предупредил министр обороны Турции": his own state told of
        right = [m for m in right if not (m.actor.country == a.source.actor.country
                                          and (speaks_after_comma(m, a.sentence, a.words, a.end) or m.end <= a.start))]
        if not right:
            return None
    if a.source is not None and right[0].kind == "city" and right[0].actor.country == a.source.actor.country:
        return None  # "killed 12 rebels in Chhattisgarh's Bijapur district": a state's own town is where, not whom
    if a.source is not None and len(right) > 1 and _owner_of_the_trigger_noun(a, right[0]):
        right = right[1:]  # "expresó el respaldo de la Administración Trump a las reformas de Milei"
    targets = coordinated(a.sentence, right, right[0], a.words)
    targets += [m for m in right if m.kind == "pair" and m.start == right[0].start and m not in targets]
    symmetric = a.trigger.has("symmetric")
    if a.source is None and symmetric and len(targets) > 1:
        if a.trigger.pos == "verb" and not after_word(targets[0], a.words.get("between", ()), a.words):
            return []  # "agreed to send teams to Armenia and Georgia", its doer unknown: no pact between them
        return every_pair(targets)
    dyads = [(s, t, False) for s in a.doers() for t in targets]
    if symmetric and len(a.doers()) > 1 and not a.trigger.has("travel"):
        dyads += every_pair(a.doers())
    return dyads


def _owner_of_the_trigger_noun(a: Attachment, first: Mention) -> bool:
    """Whether the first object, of the source's own country, stands right after the trigger's
    last word with only a `genitive` word and articles between: it owns the noun the trigger
    ends on ("expressed the support of Washington for ...", "expresó el respaldo de la
    Administración Trump a ..."), and the object after it is the target."""
    if a.trigger.has("domestic") and not a.trigger.has("symmetric") or first.actor.country != a.source.actor.country:
        return False
    between = [w for _, _, w in tokens(a.sentence.text[a.end - a.sentence.start:first.start - a.sentence.start])]
    between = [fold(w) for w in between if (fold(w),) not in a.words.get("determiner", ())]
    return len(between) == 1 and (between[0],) in a.words.get("genitive", ())


@rule("every_pair_of_subjects", "source+target", "attachment")
def every_pair_of_subjects(a: Attachment) -> list[Dyad] | None:
    """"Kenya, Uganda and Tanzania signed a pact": with no object, each pair of joined
    subjects of a symmetric act (not one traveller's stops)."""
    if len(a.doers()) > 1 and not a.trigger.has("travel"):
        return every_pair(a.doers())
    return None


@rule("partner_before", "target", "attachment")
def partner_before(a: Attachment) -> list[Dyad] | None:
    """"Belarus and Azerbaijan signed a memorandum" (one subject found): the other party is
    the actor joined to the source before it."""
    if a.source is None:
        return None
    partners = [m for m in a.left if m.actor.country != a.source.actor.country]  # not its own apposition
    if partners and a.source in coordinated(a.sentence, a.actors, partners[-1], a.words):
        return [(partners[-1], a.source, False)]
    return None


@rule("no_source", "event", "attachment")
def no_source(a: Attachment) -> list[Dyad] | None:
    """An event with no actor that does it is not codable."""
    return [] if a.source is None else None


@rule("diplomat_posting", "target", "attachment")
def diplomat_posting(a: Attachment) -> list[Dyad] | None:
    """"Venezuela recalled its ambassador to Guyana": the country where the source's own
    diplomat serves is the target."""
    host = posting_of_own_diplomat(a.source, a.sentence, a.start, a.limit, a.words, a.trigger.has("symmetric"))
    return [(s, host, False) for s in a.doers()] if host is not None else None
