"""Questions the attachment rules ask about actor mentions: is it a place, a destination,
joined to another, after an agent word, the owner of a noun, a state; who is the passive's
agent, the subject before a verb, the objects after it. The rules that decide with them
are in the `rules` package."""
from __future__ import annotations

from ..morphology import is_gerund
from ..records import Actor, Mention, Sentence
from ..textnorm import fold, tokens
from .grammar import GAP, NO_PHRASES, Phrases, Token, Trigger
from .phrases import (after_coordinated_predicate, breaks_between, clause_start_of, contains_phrase, ends_with_phrase,
                      is_participle, prep_in, quoted_spans)


NOUN_TARGET_WINDOW = 8  # words after a nominal trigger searched for its target
TARGET_WINDOW = 14      # words after a trigger searched for its target
NOUN_SOURCE_WORDS = 4   # a nominal event's source after a preposition stands at most this far before it

# What each event type allows (a target that is a place, no target, its own people as
# target...) is a property of the type in `ontology/plover.tsv`, asked as `trigger.has(...)`.

# A state acting on people it names only by role ("released prisoners", "detained
# journalists") acts on its own people: the target takes the source's country.
INHERITED_SECTORS = frozenset({"CVL", "OPP", "MED", "NGO", "REL"})

# Roles that take the country of the one place a sentence names ("police in Caracas"): the
# state's organs and crowds. Not prisoners or journalists: they are acted on, and inherit
# the acting state's country instead (INHERITED_SECTORS).
PLACED_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Armed groups that are no state ("rebels", "gunmen", "cartel members"): placed the same way
# ("militants in Cabo Delgado"), and at home when they strike there.
ARMED_SECTORS = frozenset({"REB", "CRM"})


def is_passive(toks: list[Token], first: int, trigger: Trigger, words: dict, last: int | None = None) -> bool:
    """Whether a verb trigger is passive: a participle after an auxiliary ("were released"), at
    its start or, for a pattern that names the object first, at its end ("sanctions ... imposed":
    "Sanctions were imposed on Belarus by the EU")."""
    if trigger.pos != "verb" or trigger.has("self_moved"):
        return False  # "troops were deployed", "están estacionados": the subject is the force itself
    aux = {p[0] for p in words.get("passive_aux", []) if len(p) == 1}
    heads = [first] + ([last - 1] if last is not None and GAP in trigger.words else [])
    return any(is_participle(toks[h], words) and any(t.folded in aux for t in toks[max(0, h - 3):h]) for h in heads)


def is_place(mention: Mention, words: dict) -> bool:
    """A country, capital or city after a locative, an article between allowed ("en el Kremlin"),
    and a word for the kind of place ("в департаменте Артибонит", "in the town of Kayes",
    "en la provincia de Kivu del Sur")."""
    if mention.kind not in ("country", "metonym", "city"):
        return False
    return follows_locative(mention.before, words)


def follows_locative(before: tuple, words: dict) -> bool:
    """Whether words that end in `before` make what follows a place: a locative, an article
    between allowed ("en el Kremlin"), and a word for the kind of place ("in the town of",
    "en la provincia de", "в департаменте")."""
    locatives = words.get("locative", [])
    if ends_with_phrase(before, words.get("owner_from", ())):
        return False  # "rejected a fresh offer from Afghanistan": who made it, not a place
    if before and (before[-1],) in words.get("place_state", ()):
        before = before[:-1]  # "in the occupied West Bank", "в осажденном Сараево"
    if before and (before[-1],) in words.get("direction", ()):
        before = before[:-1]  # "in southeastern Serbia", "в северной Сирии"
    if before and (before[-1],) in words.get("determiner", ()):
        before = before[:-1]
    if ends_with_phrase(before, locatives):
        return True
    kinds = words.get("place_kind", ())
    if before and any((before[-1],) in words.get(c, ()) for c in ("preposition", "connector")):
        before = before[:-1]  # "town of X", "provincia de X"
    if len(before) < 2 or (before[-1],) not in kinds:
        return False
    before = before[:-1]
    while len(before) > 2 and before[-1] == "-":
        before = before[:-2]  # the first half of a compound: "на северо-востоке Сомали"
    if (before[-1],) in words.get("determiner", ()):
        before = before[:-1]  # "in the town of", "en la provincia de"
    return ends_with_phrase(before, locatives)


def after_place_kind(before: tuple, words: dict) -> bool:
    """Whether the words `before` a name end in a word for a kind of place, with a preposition
    and an article between allowed, whatever comes before it: the name says where that place is
    ("bombed a village of Sagaing region", "contra una aldea de la región de Sagaing")."""
    if before and (before[-1],) in words.get("determiner", ()):
        before = before[:-1]
    if before and any((before[-1],) in words.get(c, ()) for c in ("preposition", "connector")):
        before = before[:-1]
    return bool(before) and (before[-1],) in words.get("place_kind", ())


def after_origin(before: tuple, words: dict) -> bool:
    """Whether the words `before` a name end in an `origin` word: the name is a place something
    or someone comes from or leaves ("from Pokrovsk", "desde Polonia", "из Польши")."""
    return ends_with_phrase(before, words.get("origin", ()))


def is_destination(mention: Mention, words: dict) -> bool:
    """"вторжение в Венесуэлу": after a preposition that takes the accusative for a direction
    and the prepositional for a place (в, на), a name not in the prepositional case ("в
    Венесуэле", "в России", "в Соединённых Штатах") is where the act goes, so it can be the target."""
    if not prep_in(mention, words.get("directional", [])):
        return False
    last = fold(mention.text).split()[-1] if mention.text.strip() else ""
    return not any(last.endswith(ending[0]) for ending in words.get("place_ending", []))


def place_ids(sentence: Sentence, actors: list[Mention], words: dict) -> set[int]:
    """Ids of the mentions that are places: after a locative, or listed with one ("the crises
    in Iran, Syria and Venezuela")."""
    places: set[int] = set()
    for mention in actors:
        if id(mention) not in places and is_place(mention, words):
            places.update(id(m) for m in coordinated(sentence, actors, mention, words))
    return places


def coordinated(sentence: Sentence, mentions: list[Mention], first: Mention, words: dict) -> list[Mention]:
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


def coordinated_before(sentence: Sentence, mentions: list[Mention], last: Mention, words: dict) -> list[Mention]:
    """`last` and the mentions joined to it before it: "Poland, Lithuania and Latvia accused ...".
    The join next to `last` must be a word ("and"): a comma alone there closes an opening
    phrase ("According to Reuters, Russian troops ...", "Ante la presión de Estados Unidos, Maduro ..."),
    unless it joins an office to the person who holds it ("Pedro Sánchez, y la presidenta de la
    Comisión Europea, Ursula von der Leyen, se reunieron")."""
    group, anchor = [last], last
    for mention in reversed([m for m in mentions if m.end <= last.start]):
        if _apposition(mention, anchor) \
                and not sentence.text[mention.end - sentence.start:anchor.start - sentence.start].strip(" ,"):
            anchor = mention  # the office of the person named after it: one actor, read on from it
        elif _joins(sentence, mention, anchor, words, comma=len(group) > 1):
            group.insert(0, mention)
            anchor = mention
        else:
            break
    return group


def _apposition(first: Mention, second: Mention) -> bool:
    """Whether two mentions a comma joins name one actor: a person and the office or body of
    the same country ("the President of the European Commission, Ursula von der Leyen")."""
    return first.actor.country == second.actor.country and (first.kind == "person") != (second.kind == "person")


GIVEN_NAMES = 2  # capitalised words that may stand between "and" and a person's surname


def _joins(sentence: Sentence, first: Mention, second: Mention, words: dict, comma: bool = True) -> bool:
    """Whether only "and", "y", "и", a comma (and an article) stand between two mentions."""
    coord = {" ".join(p) for p in words.get("coord", []) if comma or p != (",",)}
    raw = sentence.text[first.end - sentence.start:second.start - sentence.start].split()
    given = 0
    while second.kind == "person" and given < GIVEN_NAMES and len(raw) > 1 and raw[-1][:1].isupper():
        raw.pop()  # "Токаев и Шавкат Мирзиёев": a given name the person table does not hold
        given += 1
    gap_words = fold(" ".join(raw)).split()
    while gap_words and ((gap_words[-1],) in words.get("determiner", ()) or (gap_words[-1],) in words.get("possessive", ())):
        gap_words.pop()  # "Putin, y su homólogo estadounidense", "Russia and the EU"
    if len(gap_words) > 1 and ((first.preposition and gap_words[-1] == fold(first.preposition))
                               or (gap_words[-1],) in words.get("genitive", ())):
        # "acusó a Rusia y a Bielorrusia", "с Россией и с Китаем", "los presidentes de Venezuela,
        # Nicolás Maduro, y de Guyana": the preposition said again
        gap_words.pop()
    gap = " ".join(gap_words)
    return gap in coord or gap in {", " + c for c in coord} | {", " + c.strip(",") for c in coord}


def is_reduced_relative(toks: list[Token], first: int, trigger: Trigger, left: list[Mention], earlier,
                         sentence: Sentence, words: dict) -> bool:
    """"expelled three Belarusian citizens accused of espionage": a participle right after the
    object of an earlier verb describes that object; it is no event of its own. After an event
    noun the name is a clause's subject ("an allegation Caracas rejected")."""
    if trigger.pos != "verb" or not left or not earlier:
        return False
    head, nearest = toks[first], left[-1]
    participle = is_participle(head, words)
    adjacent = not sentence.text[nearest.end - sentence.start:head.start - sentence.start].strip()
    before = [(p, t) for p, t in earlier if p < nearest.start]
    if not (participle and adjacent and before) or before[-1][1].pos == "noun":
        # the object of an earlier verb, not the subject of a clause on an earlier noun ("an
        # allegation Caracas rejected as a fabrication": Caracas rejects)
        return False
    # no new clause between ("China sent food, and the Taliban administration thanked Beijing"),
    # and no object of its own right after it (a passive participle takes none: "thanked Beijing")
    coordinated = after_coordinated_predicate(toks, first, sentence, words)
    new_clause = breaks_between(sentence, before[-1][0], nearest.start, words) \
        or (coordinated > 0 and toks[coordinated].start > before[-1][0])
    own_object = first + 1 < len(toks) and any(m.start == toks[first + 1].start for m in sentence.mentions)
    return not new_clause and not own_object


def _holder(trigger: Trigger, inside: list[Mention], right: list[Mention], toks: list[Token], last: int,
            words: dict) -> Mention | None:
    """The state that holds what a gapped noun trigger ends on, when that word is a noun of
    `held` (sanctions, troops): named before it inside the trigger, or as a demonym right
    after it. Whose sanctions are lifted, whose troops withdraw, acts ("the lifting of US
    sanctions on Belavia", "el levantamiento de las sanciones estadounidenses", "la retirada
    de las tropas rusas")."""
    if trigger.pos != "noun" or GAP not in trigger.words or (toks[last - 1].lemma,) not in words.get("held", ()):
        return None
    holders = [m for m in inside if m.actor.sector in STATE_SECTORS and m.end <= toks[last - 1].start]
    end = toks[last - 1].end  # (a bare demonym counts: "American sanctions" are the state's)
    after = [m for m in right[:1] if m.actor.sector in STATE_SECTORS and _is_adjacent_demonym(m, end)]
    return (holders[-1:] or after or [None])[0]


def is_stated_reason(toks: list[Token], first: int, trigger: Trigger, left: list[Mention], earlier,
                      sentence: Sentence, words: dict) -> bool:
    """"arrested a Polish journalist on charges of espionage", "detenido por cargos de
    terrorismo", "задержали ... по обвинению в шпионаже": a charge after a preposition right
    after the object of an earlier act gives that act's reason; it is no accusation of its own."""
    if not trigger.has("accusation") or not left or not earlier:
        return False
    nearest = left[-1]
    gap = fold(sentence.text[nearest.end - sentence.start:toks[first].start - sentence.start]).split()
    return 1 <= len(gap) <= 2 and (gap[0],) in words.get("preposition", ()) \
        and any(p < nearest.start and t.acts and not t.has("accusation") for p, t in earlier)


def is_gerund_clause(toks: list[Token], first: int, trigger: Trigger, sentence: Sentence, words: dict) -> bool:
    """Whether a verb trigger is a gerund right after a comma ("..., accusing Russia of ...")."""
    if trigger.pos != "verb" or first == 0:
        return False
    between = sentence.text[toks[first - 1].end - sentence.start:toks[first].start - sentence.start]
    if "," not in between:
        return False
    if words.get("morphology"):  # "..., обвинив их в ...": the dictionary knows the gerund
        return is_gerund(toks[first].surface, sentence.lang)
    return any(toks[first].folded.endswith(e[0]) for e in words.get("gerund_ending", ()))


def of_country(mention: Mention, country: str | None) -> Mention:
    """A role mention ("protesters", "the government") given the country the sentence implies."""
    actor = Actor(country=country, sector=mention.actor.sector, name=mention.actor.name, id=mention.actor.id,
                  text=mention.actor.text, span=mention.actor.span)
    return Mention(kind=mention.kind, start=mention.start, end=mention.end, text=mention.text, actor=actor,
                   preposition=mention.preposition, before=mention.before)


def _impersonal_subject(mention: Mention, verb: Token, words: dict) -> bool:
    """"В МИД Белоруссии выразили протест", "в Кремле заявили": an institution after "в" with
    a plural verb and no subject of its own (the caller passes the sentence's first actor) acts."""
    return (mention.kind != "city" and prep_in(mention, words.get("impersonal_in", []))
            and any(verb.folded.endswith(e[0]) for e in words.get("impersonal_ending", [])))


def _after_a_mention(mention: Mention, sentence: Sentence) -> bool:
    """"Протестующие в Тбилиси провели митинг": a place right after another mention and its
    preposition says where that one is, so the sentence has its subject and is no impersonal
    "в Тбилиси провели ..."."""
    return any(other.end <= mention.start and len(
        sentence.text[other.end - sentence.start:mention.start - sentence.start].split()) == 1
        for other in sentence.mentions)


def after_agent_word(mention: Mention, words: dict) -> bool:
    """"by Belarus", "by a senior American envoy", "por parte de Bielorrusia": the mention
    follows an agent word, with at most two words between that are no prepositions."""
    return after_word(mention, words.get("agent", []), words)


def in_agent_case(mention: Mention, words: dict) -> bool:
    """Whether the mention's last word has an ending of the agent's case (`agent_case_ending`
    in grammar.tsv: the Russian instrumental, "Минском", "Латвией", "российскими войсками"),
    in a language that marks the agent by case rather than by a word."""
    endings = tuple(p[0] for p in words.get("agent_case_ending", ()))
    if not endings or (mention.before and any((mention.before[-1],) in words.get(category, ())
                                              for category in AGENT_CASE_BLOCKERS)):
        return False  # "с Киевом", "между ЕАЭС и Монголией": the case after a word is that word's
    last = fold(mention.text).split()[-1:]
    return bool(last) and last[0].endswith(endings) and len(last[0]) > 3


# Words after which a name in the agent's case is no agent: it is governed by them.
AGENT_CASE_BLOCKERS = ("preposition", "comitative", "coord", "between", "locative", "mediator")


def names_its_agent(toks: list[Token], last: int, trigger: Trigger, mentions: list[Mention],
                    words: dict) -> bool:
    """Whether a nominal trigger names who did it right after it: an actor after an agent word
    ("the detention of journalists by Minsk", "por parte de Letonia") or in the agent's case
    ("задержание Минском журналистов") within NOUN_TARGET_WINDOW words. Such an act is told as
    done, even as the object of another verb ("condemned the detention ... by Minsk")."""
    if trigger.pos != "noun":
        return False
    end = toks[last - 1].end
    limit = toks[min(last + NOUN_TARGET_WINDOW, len(toks)) - 1].end
    return any(end <= m.start <= limit and m.actor.country and (after_agent_word(m, words) or in_agent_case(m, words))
               for m in mentions)


def after_word(mention: Mention, phrases, words: dict) -> bool:
    """Whether one of `phrases` stands before the mention, at most two words (no prepositions:
    an article, an adjective, a title, "с господином Лукашенко") between; a `member` word with
    its genitive and article is free ("por supuestos miembros de la Mara Salvatrucha", "by
    suspected members of the MS-13 gang")."""
    prepositions, before = words.get("preposition", ()), mention.before
    members, genitives = words.get("member", ()), words.get("genitive", ())
    determiners = words.get("determiner", ())
    plain, skip = 0, 0
    while skip <= len(before):
        if ends_with_phrase(before[:len(before) - skip], phrases):
            return True
        if skip == len(before):
            return False
        word = (before[len(before) - skip - 1],)
        tail = before[:len(before) - skip - 1]
        if word in determiners and tail and (tail[-1],) in genitives and len(tail) > 1 and (tail[-2],) in members:
            skip += 3  # "members of the": free
            continue
        if word in genitives and tail and (tail[-1],) in members:
            skip += 2  # "members of": free
            continue
        if word in prepositions:
            return False
        plain += 1
        if plain > 2:
            return False
        skip += 1
    return False


def forums_of(sentence: Sentence, actors: list[Mention], words: dict) -> set[int]:
    """Ids of the mentions named as the forum an actor speaks before ("ante la ONU", "before
    the UN General Assembly"), with the person in apposition to one ("ante el secretario
    general de la ONU, António Guterres,")."""
    phrases = words.get("forum", ())
    forums: set[int] = set()
    previous: Mention | None = None
    for mention in actors:  # an organisation, not a country: "protestó ante Guyana" protests to Guyana
        if (mention.kind == "igo" and prep_in(mention, phrases)) or (
                previous is not None and id(previous) in forums
                and sentence.text[previous.end - sentence.start:mention.start - sentence.start].strip() == ","):
            forums.add(id(mention))
        previous = mention
    return forums


def _is_adjacent_demonym(mention: Mention, end: int) -> bool:
    """"el ataque estadounidense", "las sanciones europeas": a demonym right after a noun."""
    return mention.kind == "demonym" and mention.start - end <= 1


def _is_genitive_owner(mention: Mention, end: int, sentence: Sentence, words: dict) -> bool:
    """The actor right after a nominal trigger, bare or after "of"/"de" (an article, and one
    adjective before it, allowed: "un ataque nocturno de las Fuerzas Democráticas Aliadas"),
    owns it."""
    gap = [w for w in fold(sentence.text[end - sentence.start:mention.start - sentence.start]).split()
           if (w,) not in words.get("determiner", ())]
    return not gap or (len(gap) <= 2 and (gap[-1],) in words.get("genitive", ()))


def warns_about_another(sentence: Sentence, source: Mention, target: Mention, words: dict) -> bool:
    """"warned Ukraine that Russia plans an attack": a warning about a third party informs
    the target rather than threatening it. An alliance is no third party: "advirtió a Moscú de
    que la OTAN responderá" threatens Moscow with the warner's own alliance."""
    after = sentence.text[target.end - sentence.start:]
    words_after = fold(after).split()[:4]
    if not any((w.strip(",;:"),) in words.get("complementizer", ()) for w in words_after):
        return False
    others = {source.actor.country, target.actor.country}
    return any(m.start >= target.end and m.actor.country and m.actor.country not in others and m.kind != "igo"
               for m in sentence.mentions)




def _not_after(category: str, right: list[Mention], sentence: Sentence, words: dict,
               slack: bool = False) -> list[Mention]:
    """Drop the mentions after a phrase of `category` and those joined to them: after "between"
    / "entre" / "между" the parties of something else ("a dialogue between Russia and the
    West"), after "mediated by" / "con la mediación de" / "при посредничестве" the mediators;
    neither is the target. With `slack`, an article or two may stand between ("brokered by
    the United States"); without, the phrase must touch the mention ("entre ellos un
    ciudadano estadounidense" is no "between")."""
    phrases = words.get(category, ())
    heads = [m for m in right if (after_word(m, phrases, words) if slack else prep_in(m, phrases))]
    dropped = {id(m) for first in heads for m in coordinated(sentence, right, first, words)}
    return [m for m in right if id(m) not in dropped]


OPENING_NOUN_WORDS = 3  # words of a plain noun phrase that opens a clause: "los presuntos militantes"


def _owner_of_the_opening_noun(mention: Mention, toks: list[Token], first: int, words: dict) -> bool:
    """"Militantes del TTP asaltaron ...", "Hombres armados del Clan del Golfo atacaron ...": an
    actor in the genitive of the plain noun that opens the verb's clause (no actor itself) is
    who that noun names, so it may be the subject though its genitive word is also a
    preposition ("del"); deeper in the clause ("marcharon hasta la sede del Gobierno para
    protestar") it stays a place or an owner."""
    if not governed_by(mention, ("genitive",), words):
        return False
    opening = clause_start_of(toks, first, words)
    head = [t for t in toks[opening:first] if t.end <= mention.start]
    while head and any((head[-1].folded,) in words.get(c, ()) for c in ("genitive", "determiner")):
        head.pop()  # "del", "de la"
    blocked = {p for c in ("preposition", "coord", "clause", "complementizer", "locative") for p in words.get(c, ())}
    return 0 < len(head) <= OPENING_NOUN_WORDS and not any((t.folded,) in blocked for t in head)


def subjects_before(actors: list[Mention], toks: list[Token], first: int, trigger: Trigger, sentence: Sentence,
                     words: dict) -> list[Mention]:
    """The actors before a trigger that may be its subject: not places ("in Minsk"), partners
    ("with Putin"), mentions after a preposition ("days after Lukashenko met" excepted), mentions
    inside a quotation that closes before the trigger, or a body one speaks in."""
    start = toks[first].start
    comitative = words.get("comitative", [])
    first_actor = next((m for m in actors if m.kind != "city"), None)
    left = [m for m in actors if m.end <= start and m.kind != "city" and (
        (trigger.pos == "verb" and m is first_actor and _impersonal_subject(m, toks[first], words)
         and not _after_a_mention(m, sentence))
        or (not is_place(m, words) and not prep_in(m, comitative)
            and not (trigger.pos == "verb" and (m.preposition,) in words.get("preposition", ())
                     and (m.preposition,) not in words.get("clause", ())
                     and not _owner_of_the_opening_noun(m, toks, first, words))))]  # "days after Lukashenko met"
    # a quotation that holds a name and nothing else is the name's own marks ("Власти «Талибана»"), no speech
    quoted = [(q0, q1) for q0, q1 in quoted_spans(sentence)
              if sentence.text[q0 - sentence.start + 1:q1 - sentence.start - 1].strip()
              not in {m.text for m in left}]
    # an organisation one speaks in is no subject ("intervino en la Asamblea General de la ONU, donde criticó")
    return [m for m in left if not any(q0 <= m.start and m.end <= q1 <= start for q0, q1 in quoted)
            and not (m.kind == "igo" and prep_in(m, words.get("locative", ())))]


def objects_after(actors: list[Mention], toks: list[Token], first: int, last: int, trigger: Trigger,
                   sentence: Sentence, words: dict, places: set[int], stop: int | None,
                   window: int) -> tuple[list[Mention], int]:
    """The actors after a trigger (or inside a gapped one) that may be its target, nearest first,
    and the offset where the search ended."""
    start, end = toks[first].start, toks[last - 1].end
    visit = trigger.has("travel")
    if trigger.pos == "noun":  # a noun's object stands close to it ("the seizure of the tanker by ...")
        window = min(window, NOUN_TARGET_WINDOW)
    limit = toks[min(last + window, len(toks)) - 1].end
    toward = trigger.has("destination")
    right = [m for m in actors if m.start >= end and m.start <= limit
             and (id(m) not in places or (toward and is_destination(m, words)))
             and (m.kind != "city" or trigger.has("place_target") or visit)]
    right += _list_continued(right, actors, sentence, limit, words)
    right = _before_clause_break(right, sentence, end, words)
    if not trigger.has("targetless"):  # a mobilisation "amid a standoff with Turkey" answers Turkey
        right = [m for m in right if not _after_a_circumstance(sentence, end, m.start, words)]
    if stop is not None:
        right = [m for m in right if m.start < stop]
    inside = [m for m in actors if start < m.start < end and id(m) not in places]
    if not inside and trigger.pos == "verb" and (toks[last - 1].folded,) not in words.get("preposition", ()) and any(
            start < m.start and m.end <= toks[last - 1].start and m.actor.country is None
            and m.actor.sector in INHERITED_SECTORS for m in sentence.mentions):
        # "stripped 135 political prisoners of their citizenship and put them on a plane to
        # Guatemala": people inside a gapped verb are its object; no actor after it is (but
        # "handed over 20 prisoners to Lithuania" ends in the word that brings its target)
        return [], limit
    if not right or any(is_possessive(m, sentence, words) for m in inside) \
            or (inside and trigger.has("owner_target")):
        # "returned ten Armenian prisoners", "blocked the EU's sanctions package against Russia",
        # "blocked the EU decision to aid Ukraine": the object, or its owner, inside a gapped trigger
        right = inside + right
    elif trigger.pos == "verb" and (indirect := [m for m in inside if is_state_or_armed(m)
                                                 and not _names_whose(m, toks, last, trigger, words)]):
        # "handed Lukashenko a letter from President Trump", "exigió al grupo armado que libere a
        # los secuestrados": the indirect object comes first (not the owner of the thing the
        # trigger ends on: "lifting U.N. sanctions against Iraq" is aimed at Iraq)
        right = indirect + right
    if not trigger.has("symmetric"):  # "called for a dialogue between Russia and the West"
        right = _not_after("between", right, sentence, words)
    right = _not_after("mediator", right, sentence, words, slack=True)
    # "warn that Washington will not tolerate ...": the subject of a reported clause is not who is warned;
    # an act of two joined parties tells of the speaker after "..., informó" as no third one
    # ("Rusia y Ucrania acordaron ..., informó el Ministerio de Exteriores de Turquía"; one
    # party alone may be acting with the speaker's state, and "«Hemos retirado nuestras
    # tropas», aseguró el ministro" has the speaker for its doer)
    right = [m for m in right if not prep_in(m, words.get("topic", [])) and not is_speaker(m, sentence, words)
             and not (speaks_after_comma(m, sentence, words, toks[last - 1].end)
                      and (m.actor.sector in REPORTING_SECTORS
                           or _pair_before(actors, toks[first].start, sentence, words)))
             and not (trigger.has("warning") and prep_in(m, words.get("complementizer", [])))]
    return right, limit


def _names_whose(mention: Mention, toks: list[Token], last: int, trigger: Trigger, words: dict) -> bool:
    """Whether an actor inside a gapped trigger of a measure imposed (plover.tsv `imposed`)
    stands right before the trigger's last word, in a language whose names may modify a noun
    (`noun_compound`): it names who imposed the measure ("lifting U.N. sanctions against
    Iraq", "imposed EU sanctions on Russia"), not its target."""
    if not trigger.has("imposed") or not words.get("noun_compound"):
        return False
    return mention.end <= toks[last - 1].start and not any(mention.end <= t.start < toks[last - 1].start
                                                            for t in toks[:last - 1])


def _list_continued(right: list[Mention], actors: list[Mention], sentence: Sentence, limit: int,
                    words: dict) -> list[Mention]:
    """"agreed ... to provide about 70 million dollars of aid for Romania and Poland": a list of
    objects that begins within the reach of the trigger goes on past it; the members joined to
    the last one in reach are objects too."""
    if not right:
        return []
    later = [m for m in actors if m.start > limit]
    return coordinated(sentence, later, right[-1], words)[1:] if later else []


def every_pair(parties: list[Mention]) -> list[tuple[Mention, Mention, bool]]:
    """Every pair of the parties of a symmetric event, each pair of countries once; a state
    and an armed group or the opposition of its own country are a pair too ("The Angolan
    government and UNITA rebels signed a peace agreement": AGO-AGO, a domestic event)."""
    pairs, seen = [], set()
    for i, one in enumerate(parties):
        for other in parties[i + 1:]:
            key = frozenset((one.actor.country, other.actor.country))
            at_home = len(key) == 1 and home_sides(one, other)
            if (len(key) == 2 or at_home) and key not in seen:
                seen.add(key)
                pairs.append((one, other, False))
    return pairs


HOME_SIDES = frozenset({"REB", "OPP"})  # the other side of a state's own conflict


def home_sides(one: Mention, other: Mention) -> bool:
    """Whether two mentions of one country are its state and, named as such (not a role placed
    by the sentence's places: "rebels" at talks in Oslo are no Norwegians), an armed group or
    the opposition of that country."""
    side = other if is_state(one) else one
    return is_state(one) != is_state(other) and side.actor.sector in HOME_SIDES and side.kind != "role"


def posting_of_own_diplomat(source: Mention, sentence: Sentence, start: int, limit: int, words: dict,
                             symmetric: bool = False) -> Mention | None:
    """The country where the source's own diplomat, named in or right after the trigger, serves:
    recalling "its ambassador to Guyana" is aimed at Guyana. A diplomat who meets someone no
    actor names meets the country they serve in ("Посол России в Венесуэле провел встречу с
    министром иностранных дел республики"). Officials who tell of it ("..., officials in
    Nairobi said") serve nowhere in it."""
    own = (None, source.actor.country)
    diplomats = [source] if symmetric else []
    diplomats += [m for m in sentence.mentions if start < m.start <= limit and m.actor.country in own
                  and not is_speaker(m, sentence, words)]
    host = next((m.posted_to for m in diplomats if m.posted_to is not None and m.posted_to.country not in own), None)
    if host is None:
        return None
    return Mention(kind="country", start=host.span[0], end=host.span[1], text=host.text or "", actor=host)


def passive_dyads(toks: list[Token], first: int, last: int, trigger: Trigger, left: list[Mention],
                   right: list[Mention], sentence: Sentence, words: dict, clause: int) -> list:
    """(source, target, True) of a passive, one per agent when the agent is a list: the agent after "by" / "por" (an article or two may
    stand between) or, in Russian, right after the participle in the instrumental ("помилован
    Лукашенко"); the target is the subject in the trigger's own clause ("Officials ... said that
    X was freed" frees X), else the first other actor (inside a gapped trigger included:
    "Санкции против Белоруссии были введены Евросоюзом"), else the agent's own people."""
    start, end = toks[first].start, toks[last - 1].end
    agents = [m for m in right if after_agent_word(m, words)]  # "por el Gobierno de Nicaragua"
    after = [m for m in right if m.start >= end]
    if not agents and after and not sentence.text[end - sentence.start:after[0].start - sentence.start].strip():
        agents = after[:1]
    source = agents[0] if agents else None
    # the agent may be a list ("condemned by Chile, the OAS and the European Union"): each acts
    sources = coordinated(sentence, right, source, words) if source is not None else [None]
    others = [m for m in right if m not in agents and m not in sources]
    complementizers = {p[0] for p in words.get("complementizer", ()) if len(p) == 1}
    subjects = [m for m in left if m.start >= clause and not any(
        t.folded in complementizers for t in toks[:first] if m.end <= t.start)]
    if not subjects:  # "el ministro indio, quien fue recibido por el presidente": the one "who" stands for
        subjects = _antecedent(toks, left, clause, words)
    target = subjects[-1] if subjects else (others[0] if others else None)
    target = target or _passive_own_people(source, trigger, sentence, start, clause)
    if target is None and source is not None and (trigger.has("force") or trigger.has("reaction")):
        # "villagers were killed by insurgents": see the rule; "the massacre was condemned by the
        # UN": the act the subject names is what is answered (coding's echo)
        return [(agent, None, True) for agent in sources]
    return [(agent, target, True) for agent in sources] if target else []


def _antecedent(toks: list[Token], left: list[Mention], clause: int, words: dict) -> list[Mention]:
    """The actor a clause opened by a `person_relative` word ("who", "quien", "который")
    stands for: the last one named before that word, as a list of at most one."""
    opener = next((t for t in reversed(toks) if t.end <= clause), None)
    if opener is None or (opener.folded,) not in words.get("person_relative", ()):
        return []
    return [m for m in left if m.end <= opener.start][-1:]


def noun_owner(toks: list[Token], last: int, trigger: Trigger, source: Mention | None, right: list[Mention],
                inside: list[Mention], sentence: Sentence, words: dict) -> Mention | None:
    """The actor a nominal trigger names as its own, which acts whoever speaks of it: its agent
    ("after a visit to Minsk by a senior American envoy"), the holder of what it ends on ("the
    lifting of US sanctions"), its genitive owner ("la visita de Lavrov a Caracas"; an adjective
    after the noun, "el ataque estadounidense", even when the sentence has a subject), or in a
    language with a genitive case a visit's owner after its destination ("после визита в Минск
    специального посланника США")."""
    end = toks[last - 1].end
    owner = None
    # (after a gapped trigger, "el cierre del consulado ruso", the words describe its object, not its owner;
    # people after an arrest or a release undergo it, "задержание российских граждан")
    if right and right[0].start >= end and GAP not in trigger.words \
            and _is_genitive_owner(right[0], end, sentence, words) \
            and (source is None or _is_adjacent_demonym(right[0], end)) \
            and not (trigger.has("undergone") and right[0].actor.sector in INHERITED_SECTORS) \
            and not trigger.has("expulsion"):  # "о высылке российского дипломата": the expelled undergo it
        owner = right[0]
    elif trigger.has("travel") and not words.get("genitive"):
        owner = next((m for m in right if (m.preposition,) not in words.get("preposition", ())
                      and not _after_another_name(m, right, words) and is_state(m)), None)
    owner = owner or _holder(trigger, inside, right, toks, last, words) or _moving_forces(trigger, right, end,
                                                                                        sentence, words)
    agents = [m for m in right if m is not owner and (after_agent_word(m, words) or in_agent_case(m, words))]
    return agents[0] if agents else owner


def _after_another_name(mention: Mention, right: list[Mention], words: dict) -> bool:
    """Whether a preposition before the mention governs it, not another name between them
    ("в Минск специального посланника США": "в" governs Минск)."""
    if not after_word(mention, words.get("preposition", ()), words):
        return False
    return not any(m.end <= mention.start and mention.start - m.end <= NAME_GAP_CHARS for m in right)


NAME_GAP_CHARS = 30  # characters between two names for the first to take a preposition before both


def _moving_forces(trigger: Trigger, right: list[Mention], end: int, sentence: Sentence,
                   words: dict) -> Mention | None:
    """The armed forces a deployment or withdrawal is of, which move and so act ("the deployment
    of additional US troops to Poland", "la retirada de las tropas rusas")."""
    if not trigger.has("moving") or not right or right[0].actor.sector != "MIL":
        return None
    gap = fold(sentence.text[end - sentence.start:right[0].start - sentence.start]).split()
    return right[0] if 1 <= len(gap) <= 3 and (gap[0],) in words.get("genitive", ()) else None


def subject_of_complement(actors: list[Mention], source: Mention, sentence: Sentence, end: int,
                           words: dict) -> Mention | None:
    """"denunció que Washington intensificó el bloqueo", "condemned that Moscow ...": the state
    a complement clause right after an accusation opens with is the one accused."""
    after = fold(sentence.text[end - sentence.start:]).split()
    if not after or (after[0].strip(",:"),) not in words.get("complementizer", ()):
        return None
    opened = end + sentence.text[end - sentence.start:].find(after[0]) + len(after[0])
    first = next((m for m in actors if m.start >= opened and m.kind != "city"), None)
    if first is None or not is_state(first) or first.actor.country == source.actor.country \
            or len(fold(sentence.text[opened - sentence.start:first.start - sentence.start]).split()) > 2:
        return None
    return first




def only_other_country(actors: list[Mention], source: Mention, sentence: Sentence, end: int, clause: int,
                        words: dict) -> Mention | None:
    """The one foreign state named in the trigger's clause other than as a place, if only one is."""
    others = [m for m in actors if m.actor.country and m.actor.country != source.actor.country
              and m.kind != "city" and not is_place(m, words) and is_state(m) and m.start >= clause
              and not breaks_between(sentence, min(m.end, end), max(m.start, end), words)]
    return others[0] if others and len({m.actor.country for m in others}) == 1 else None


ADVERSARY_SLACK = 3  # words between "in response to" and the actor: "ante la presión de Estados Unidos"


def is_possessive(mention: Mention, sentence: Sentence, words: dict) -> bool:
    """"the EU's package": the mention, or the suffix right after it (`possessive_suffix` in
    grammar.tsv), owns what follows it."""
    suffixes = tuple(p[0] for p in words.get("possessive_suffix", ()))
    if not suffixes:
        return False
    after = fold(sentence.text[mention.end - sentence.start:mention.end - sentence.start + 3])
    return after.startswith(suffixes) or fold(mention.text).endswith(suffixes)


def names_a_border(mention: Mention, sentence: Sentence, words: dict) -> bool:
    """"the Armenian border", "la frontera armenia", "у армянской границы": the word next to
    the mention names a border, so the mention says where, not with whom."""
    borders = {p[0] for p in words.get("border", []) if len(p) == 1}
    after = fold(sentence.text[mention.end - sentence.start:]).split()[:1]
    before = fold(sentence.text[:mention.start - sentence.start]).split()[-1:]
    return bool(borders & {w.strip(",.;:") for w in after + before})


def adversary(actors: list[Mention], source: Mention, sentence: Sentence, words: dict) -> Mention | None:
    """"In response to U.S. pressure, Maduro announced the mobilization": a mobilisation
    with no object is aimed at the foreign actor the sentence names as what it answers."""
    phrases = words.get("adversary", [])
    for mention in actors:
        if not mention.actor.country or mention.actor.country == source.actor.country:
            continue
        before = fold(sentence.text[:mention.start - sentence.start]).split()
        if any(ends_with_phrase(tuple(before[:len(before) - slack]), phrases) for slack in range(ADVERSARY_SLACK + 1)):
            return mention
    return None


def right_places(actors: list[Mention], end: int, limit: int, sentence: Sentence, words: dict) -> list[Mention]:
    """Places named after the trigger ("struck targets in Syria"), nearest first; not the
    place of the one who tells it ("..., relief officials in Nairobi said")."""
    return [m for m in actors if end <= m.start <= limit and is_place(m, words) and not is_speaker(m, sentence, words)
            and not _where_it_was_said(sentence.text[end - sentence.start:m.start - sentence.start], words)]


def _where_it_was_said(between: str, words: dict) -> bool:
    """Whether a place closes the attribution after a comma (", Lavrov said in Minsk", ", dijo
    en Caracas"): where it was said, not where the act happens."""
    if "," not in between:
        return False
    after = fold(between.rsplit(",", 1)[1]).split()
    return any((w,) in words.get("speech", ()) for w in after)


def domestic_target(source: Mention, trigger: Trigger, sentence: Sentence, end: int, limit: int,
                     words: dict) -> Mention | None:
    """ "Belarus released 31 prisoners", "police detained protesters": people named by a
    role with no country of their own, acted on by their own state, are that state's."""
    if not trigger.has("inheriting") \
            or (trigger.pos != "verb" and not (is_state(source) or source.actor.sector == "JUD")):
        return None  # a nominal event ("the release of prisoners") says whose only when a state orders it
    people = [m for m in sentence.mentions if m.actor.country is None and m.actor.sector in INHERITED_SECTORS
              and end <= m.start <= limit]
    people = _before_clause_break(people, sentence, end, words)
    if not people:
        return None
    return of_country(people[0], source.actor.country)


def _passive_own_people(source: Mention | None, trigger: Trigger, sentence: Sentence, start: int,
                        clause: int) -> Mention | None:
    """"The activist had been pardoned by Lukashenko", "los presos fueron liberados por el
    Gobierno": people named by a role before a passive release or arrest are the agent's own."""
    if source is None or not trigger.has("inheriting"):
        return None
    people = [m for m in sentence.mentions if m.actor.country is None and m.actor.sector in INHERITED_SECTORS
              and clause <= m.start and m.end <= start]
    return of_country(people[-1], source.actor.country) if people else None


def subject_of(left: list[Mention], start: int, trigger: Trigger, earlier, sentence: Sentence,
             words: dict) -> Mention | None:
    """The source among the actors before a trigger.

    The nearest one, except: a noun behind a trigger of another type ("condemned the
    seizure") has no source (a light verb, "launched airstrikes", is no other type), and a verb coordinated with an earlier verb whose object
    the nearest actor is ("warned Moscow and urged Russia") shares that verb's subject.
    """
    if not left:
        return None
    nearest = left[-1]
    if trigger.pos == "noun" and any(nearest.end <= p < start and t.acts and t.event_type != trigger.event_type
                                     and not t.has("mediating") for p, t in earlier):
        return None  # but a light verb's noun is its act: "Israel launched airstrikes on ...", and a
        # mediation between is no act on it ("Россия и Украина при посредничестве Турции провели обмен")
    if trigger.pos == "noun" and ((nearest.preposition,) in words.get("preposition", ())
                                  or (nearest.preposition,) in words.get("genitive", ())) \
            and len(tokens(sentence.text[nearest.end - sentence.start:start - sentence.start])) > NOUN_SOURCE_WORDS:
        return None  # "fled from Belarus after a raid on the protests": a place, not the owner of the noun
    if trigger.pos == "noun" and set_in_a_circumstance(sentence, nearest.end, start, words):
        one_sided = not trigger.has("symmetric")
        if any(p < nearest.start for p, _ in earlier) \
                or (one_sided and any(nearest.end <= p < start for p, _ in earlier)) or trigger.has("crowd") \
                or (one_sided and set_in_a_circumstance(sentence, nearest.end, start, words, opens_a_clause=True)):
            # "offered to negotiate with the president of Armenia following the invasions of
            # Dagestan"; "Israel reimposed blockades following the shooting deaths of two
            # Israelis": not Israel's; "the prime minister resigned amid student protests": a
            # crowd's act, not the minister's; "sent two battalions to the area after the
            # attack": the word opens another clause
            return None
    if trigger.pos == "verb" and nearest.kind != "person" \
            and sentence.text[nearest.end - sentence.start:start - sentence.start].strip() == ",":
        return head_before_parenthesis(left, nearest, sentence, words)
    if trigger.pos == "verb" and _own_subject_after_comma(sentence.text[nearest.end - sentence.start:start - sentence.start], words):
        return None  # "... abused Mexican immigrants, a human rights organization charged": not Mexico
    if trigger.pos == "verb":
        nearest = head_of_genitive(left, nearest, earlier, sentence, words) or nearest
    governing = [p for p, _ in earlier if p < nearest.start]
    if trigger.pos == "noun" or not governing:
        return nearest
    gap = fold(sentence.text[nearest.end - sentence.start:start - sentence.start]).split()
    coord = {p[0] for p in words.get("coord", []) if len(p) == 1}
    if not any(w in coord for w in gap):
        return nearest
    before = [m for m in left if m.end <= governing[-1]]
    return before[-1] if before else nearest


OWN_SUBJECT_WORDS = 6  # words of a noun phrase between a comma and the verb it is the subject of


def _own_subject_after_comma(between: str, words: dict) -> bool:
    """Whether the words between the nearest actor and a verb end in a comma and a noun phrase
    that opens with a determiner and names no actor (", a human rights organization charged"):
    that phrase is the verb's subject, so the actor before the comma is not."""
    if "," not in between:
        return False
    phrase = fold(between.rsplit(",", 1)[1]).split()
    if not (1 < len(phrase) <= OWN_SUBJECT_WORDS and (phrase[0],) in words.get("determiner", ())
            and all(w.isalpha() for w in phrase)):
        return False
    return not any(contains_phrase(phrase[1:], words.get(c, NO_PHRASES))  # not ", a week after the group"
                   for c in ("determiner", "preposition", "clause", "circumstance", "coord", "locative", "complementizer"))


CIRCUMSTANCE_REACH = 4  # words from a `circumstance` word to the event noun its phrase names


def set_in_a_circumstance(sentence: Sentence, begin: int, start: int, words: dict,
                          opens_a_clause: bool = False) -> bool:
    """Whether an event noun at offset `start` stands in a phrase opened by a `circumstance`
    word after offset `begin` (the nearest actor's end, or the sentence's start) and at most
    CIRCUMSTANCE_REACH words before it ("following the invasions of", "tras el ataque", "на фоне
    обстрелов"): the phrase sets the act before it in time, and names a second act. When the
    actor before that word is the object of an earlier act, it is not that second act's doer:
    the doer is one of the phrase's own ("after Russia's invasion of Ukraine") or none. (A
    subject is: "the minister said after talks with his counterpart".) With `opens_a_clause`,
    only a circumstance word that also opens a clause ("after", "tras") counts."""
    gap = [fold(w) for _, _, w in tokens(sentence.text[begin - sentence.start:start - sentence.start])]
    circumstance = words.get("circumstance", NO_PHRASES)
    if opens_a_clause:
        circumstance = Phrases(circumstance & words.get("clause", NO_PHRASES))
    return contains_phrase(gap[-CIRCUMSTANCE_REACH:], circumstance)


GENITIVE_HEAD_WORDS = 8  # words from a head actor to the "of" of the phrase that modifies it


def head_of_genitive(left: list[Mention], nearest: Mention, earlier, sentence: Sentence,
                     words: dict) -> Mention | None:
    """"The Turkish and Greek sides of the divided island of Cyprus have agreed": an actor
    in a genitive phrase ("of", "de") modifies the noun before it, so the actor that noun
    phrase opens with heads the subject, when nothing but plain words stands between them
    (no punctuation, no other trigger, no `coord` or clause word). None when the nearest
    actor is no such modifier."""
    if not governed_by(nearest, ("genitive",), words):
        return None
    heads = [m for m in left if m.end <= nearest.start]
    if not heads or not heads[-1].actor.country:
        return None
    head = heads[-1]
    gap = sentence.text[head.end - sentence.start:nearest.start - sentence.start]
    gap_words = tokens(gap)
    stops = {p[0] for c in ("coord", "clause", "complementizer") for p in words.get(c, ()) if len(p) == 1}
    if any(ch in gap for ch in ",;:()[]\"«»—") or len(gap_words) > GENITIVE_HEAD_WORDS \
            or any(fold(w) in stops for _, _, w in gap_words) \
            or any(head.end <= p < nearest.start for p, _ in earlier):
        return None
    return head


def governed_by(mention: Mention, categories, words: dict) -> bool:
    """Whether the word before a mention (past determiners, possessives and quantifiers) is of
    one of the grammar categories: "a la Unión Europea", "с Киевом", "y la Policía", "of Cyprus",
    "a cuatro policías"."""
    before = list(mention.before)
    while before and (before[-1].isdigit()
                      or any((before[-1],) in words.get(c, ()) for c in ("determiner", "possessive", "quantifier"))):
        before.pop()
    return bool(before) and any((before[-1],) in words.get(c, ()) for c in categories)


def head_before_parenthesis(left: list[Mention], nearest: Mention, sentence: Sentence, words: dict) -> Mention | None:
    """"Tatyana Khomich, a sister of one of Belarus's political prisoners, invited ...": an actor
    closing a parenthesis is not the subject; the words before the parenthesis are. When no
    actor stands there (an unlisted person), the event has no known source, unless the
    parenthesis is that actor, an apposition naming who the person is: "Salaheddine Sidhoum,
    Algeria's leading human rights activist, staged ...", "Ahmed Karim, the Algerian foreign
    minister, visited ..." (only articles between its comma and a role or person)."""
    opening = sentence.text.rfind(",", 0, nearest.start - sentence.start)
    if opening < 0:
        return nearest
    head = [m for m in left if m.end - sentence.start <= opening]
    if not head:
        return nearest if _is_apposition(nearest, opening, sentence, words) else None
    between = sentence.text[head[-1].end - sentence.start:opening]
    return head[-1] if len(tokens(between)) <= 1 else None


def _is_apposition(mention: Mention, opening: int, sentence: Sentence, words: dict) -> bool:
    """Whether a mention of a person, or of a role (its country's own too: "Algeria's foreign
    minister"), opens the parenthesis that starts at the comma at `opening`, only articles
    between."""
    if mention.kind not in ("person", "role") and mention.actor.sector is None:
        return False
    gap = fold(sentence.text[opening + 1:mention.start - sentence.start]).split()
    return all((w,) in words.get("determiner", ()) for w in gap)


SPEAKER_SLACK = 3  # words a speaker's own place or time may take before its speech verb


def is_speaker(mention: Mention, sentence: Sentence, words: dict) -> bool:
    """"..., Ukrainian officials said", "relief officials in Nairobi said", "a UN official
    said on Monday": an actor before a speech verb, with at most a short phrase of its own
    between them and no punctuation, is the speaker, not a party to what is said."""
    return speech_follows(sentence, mention.end, words)


def _pair_before(actors: list[Mention], start: int, sentence: Sentence, words: dict) -> bool:
    """Whether two joined actors stand before offset `start` (places aside): the parties of
    the act are both named."""
    subjects = [m for m in actors if m.end <= start and not is_place(m, words)]
    return any(len(coordinated(sentence, subjects, m, words)) > 1 for m in subjects)


REPORTING_SECTORS = frozenset({"MED"})  # media that tell of an act ("..., сообщает ИТАР-ТАСС") are never party to it
INVERTED_SPEAKER_WORDS = 3  # words between an inverted speech verb and its speaker ("informó este lunes el")


def speaks_after_comma(mention: Mention, sentence: Sentence, words: dict, end: int) -> bool:
    """"Rusia y Ucrania acordaron un intercambio de prisioneros, informó el Ministerio de
    Exteriores de Turquía", "..., сообщил МИД Турции": whether a comma after offset `end` (a
    trigger's), a speech verb and at most a few words stand right before the mention, which
    then names who tells of the act, not a party to it (it may act after: "..., anunció el
    primer ministro tras una llamada con ...")."""
    before = sentence.text[:mention.start - sentence.start]
    comma = before.rfind(",")
    if comma < 0 or sentence.start + comma < end:
        return False
    gap = fold(before[comma + 1:]).split()
    speech = {p[0] for p in words.get("speech", []) if len(p) == 1}
    return bool(gap) and gap[0] in speech and len(gap) <= 1 + INVERTED_SPEAKER_WORDS \
        and all(w.replace("-", "").isalpha() for w in gap)  # "сообщает ИТАР-ТАСС"


def speech_follows(sentence: Sentence, end: int, words: dict) -> bool:
    """Whether a speech verb follows offset `end` of the sentence, with at most a short phrase
    between that opens with a preposition ("officials in Nairobi said") or a plain word of
    the speaker's own ("Thai military sources said", "the UN refugee agency reported",
    "police here said"; see `is_speaker`)."""
    speech = {p[0] for p in words.get("speech", [])}
    opening = {p[0] for category in ("locative", "preposition") for p in words.get(category, [])}
    breaks = {p[0] for category in SPEAKER_BREAKS for p in words.get(category, []) if len(p) == 1}
    function = breaks | {p[0] for category in ("determiner", "modal", "future", "agent")
                         for p in words.get(category, []) if len(p) == 1}
    raw = sentence.text[end - sentence.start:].split()
    for i, word in enumerate(fold(sentence.text[end - sentence.start:]).split()[:SPEAKER_SLACK + 1]):
        if word in speech or word.rstrip(".;:") in speech:
            return True
        plain = word.isalpha() and raw[i][:1].islower() and word not in function and word not in opening
        if not word[-1].isalnum() or word in breaks or (i == 0 and word not in opening and not plain):
            return False  # "Ukraine, officials said", "was announced", "met X and assured him"
    return False


# Function words that end a speaker's phrase: what follows them is another clause, the
# passive of a verb or another noun phrase, not the speaker's own words ("was announced",
# "and assured him", "agradeció a los Emiratos su papel y aseguró").
SPEAKER_BREAKS = ("coord", "clause", "complementizer", "passive_aux", "negation", "possessive")


def opens_a_complement(toks: list[Token], last: int, words: dict) -> bool:
    """Whether the word right after a verb is a complementizer (tokens hold no punctuation, so
    a comma between does not count): "asked that ...", "pidió que ...", "потребовал, чтобы ..."."""
    return last < len(toks) and (toks[last].folded,) in words.get("complementizer", ())


def _after_a_circumstance(sentence: Sentence, end: int, start: int, words: dict) -> bool:
    """Whether a `circumstance` phrase ("following", "after", "amid", "tras", "на фоне") stands
    between a trigger and an actor: the phrase sets the act in time and names another act, whose
    actors are not its objects ("reimposed blockades in the West Bank following the shooting
    deaths of two Israelis")."""
    between = fold(sentence.text[end - sentence.start:start - sentence.start]).split()
    return contains_phrase(between, words.get("circumstance", NO_PHRASES))


def _before_clause_break(right: list[Mention], sentence: Sentence, end: int, words: dict) -> list[Mention]:
    """Targets stop at the first clause break after the trigger (";", "but", "which"...), but
    not at a `free_relative` right after it, which opens its object ("protestó contra lo que
    calificó de actos cometidos por militares norteamericanos", "осудил то, что назвал ...")."""
    end = _past_a_free_relative(sentence, end, words)
    kept = []
    for mention in right:
        if breaks_between(sentence, end, mention.start, words):
            break  # one word ("but") or a phrase (", y": Spanish and Russian put no comma before a listed "and")
        kept.append(mention)
    return kept


STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY"})
PROTESTING_SECTORS = frozenset({"CVL", "OPP", "NGO", "EDU"})


def is_state(mention: Mention) -> bool:
    """A government, its forces or the country itself (not its people: "Belarusians" are)."""
    return mention.actor.sector in STATE_SECTORS and not (mention.kind == "demonym" and mention.actor.sector is None)


def is_state_or_armed(mention: Mention) -> bool:
    """A state, its forces, or an armed group: one that strikes."""
    return is_state(mention) or mention.actor.sector in ARMED_SECTORS


FREE_RELATIVE_AFTER = 3  # words between a trigger and the free relative that is its object ("el martes contra")


def _past_a_free_relative(sentence: Sentence, end: int, words: dict) -> int:
    """The offset after a `free_relative` ("lo que", "what", "то, что") that follows the trigger
    ending at `end`, right after it or after a preposition at most a few words on ("protestó el
    martes contra lo que ..."), else `end`."""
    phrases = words.get("free_relative", NO_PHRASES)
    if not phrases:
        return end
    after = [(s, e, fold(w)) for s, e, w in tokens(sentence.text[end - sentence.start:])][:FREE_RELATIVE_AFTER + max(phrases.lengths)]
    folded = [w for _, _, w in after]
    for skip in range(min(FREE_RELATIVE_AFTER, len(folded) - 1) + 1):
        if skip and (folded[skip - 1],) not in words.get("preposition", NO_PHRASES):
            continue
        for n in phrases.lengths:
            if skip + n <= len(folded) and tuple(folded[skip:skip + n]) in phrases:
                return end + after[skip + n - 1][1]
    return end
