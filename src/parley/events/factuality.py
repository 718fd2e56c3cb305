"""Factuality: whether an event happened (asserted, reported), is only planned, is
hypothetical, alleged or negated, from cue words of `grammar.tsv` around its trigger and
from the other triggers of its clause (a request, an accusation, not ruling out)."""
from __future__ import annotations

import re

from ..morphology import is_participle_form
from ..records import Sentence
from .grammar import NO_PHRASES, Phrases, Token
from .phrases import (SPEECH_BREAKS, after_coordinated_predicate, after_last_mark, clause_start_of, has_phrase, has_suffix,
                      in_mention, is_participle, speech_break)
from .triggers import RULED_OUT_WINDOW


CUE_WINDOW = 5          # words before a trigger searched for negation / modality / future cues
CALLED_OFF_WINDOW = 8   # words after a trigger searched for "was postponed" ("la visita de Lavrov a Caracas fue aplazada")
RULED_OUT_REACH = 12    # words after a trigger searched for "is out of the question" ("об отмене санкций против Ирака в настоящее время не может быть и речи")
CONDITION_OPENS = 3     # words of a condition before the clause it opens ("a menos que", "a no ser que")


def factuality_of(toks: list[Token], first: int, last: int, sentence: Sentence, words: dict,
                  warning: bool = False, noun: bool = False, undoing: bool = False) -> tuple[str, str]:
    """The factuality of the event of a trigger and the cue that decided it (`negation`,
    `future`, ... or `none` when nothing qualifies an asserted event). A warning speaks of
    the future by nature: future and irrealis words do not make it hypothetical. A noun read as
    lifted (`undoing`: "скасувала блокаду") is not called off by the word that lifts it."""
    clause_start = clause_start_of(toks, first, words)
    # cues do not reach across a quotation or colon ("said the release was “not enough” and urged")
    coordinated = after_coordinated_predicate(toks, first, sentence, words)
    lo = max(clause_start, first - CUE_WINDOW, after_last_mark(toks, first, sentence, SPEECH_BREAKS), coordinated)
    trigger_words = {t.folded for t in toks[first:last]}
    if has_phrase(toks, last, last + RULED_OUT_REACH, words.get("ruled_out", NO_PHRASES)):
        return "negated", "refusal"  # "lifting the sanctions is out of the question": the speaker refuses it
    negations = _not_the_triggers_own(words.get("negation", ()), trigger_words)
    if has_phrase(toks, lo, first, negations) \
            or has_phrase(toks, after_last_mark(toks, first, sentence, ","), first, words.get("denial", NO_PHRASES)) \
            or has_phrase(toks, last, last + CALLED_OFF_WINDOW, words.get("called_off", NO_PHRASES)) \
            or (noun and not undoing and _called_off_before(toks, first, words)):
        return "negated", _refusal_or_negation(toks, lo, first, last, words)  # "did not meet", "the visit was postponed"
    if _told_as_background(toks, first, last, sentence, words):
        return "background", "past"  # "whom they had taken hostage two weeks ago", "que invadió en 1978"
    if noun and _looked_into(toks, clause_start, first, words):
        return "alleged", "inquiry"  # "an investigation of illegal arms sales", "the alleged attack": not told as done
    if has_phrase(toks, 0, first, words.get("inference", NO_PHRASES)):
        return "hypothetical", "inference"  # "it shows that the US is willing to maintain a dialogue": the writer's reading
    if has_phrase(toks, lo, first, words.get("commissive", NO_PHRASES)):
        return "planned", "promise"  # "pledged $20 million in aid", "se ofreció a condonar": a promise, not yet done
    if not warning and first > 0 and (toks[first - 1].folded,) in words.get("irrealis", []) \
            and not has_phrase(toks, clause_start, first, words.get("command", NO_PHRASES)) \
            and not (first > 1 and _governed_as_done(toks, first - 2, first - 1, words)):
        # "urged Moscow to release": asked for, not done; "ordered troops to deploy", "began to
        # withdraw", "volvió a acusar" are done
        return "planned", "irrealis"
    # a condition may end in the word that opens its clause ("a menos que Managua libere")
    if has_phrase(toks, max(clause_start - CONDITION_OPENS, coordinated, 0), first, words.get("condition", NO_PHRASES)) \
            or _commentator_speaks(toks, first, sentence, words):
        return "hypothetical", "condition"  # "if Russia invades", "Analysts say Russia could ..."
    # a noun takes its clause's modal however far, up to a comma ("could use the exercises as cover
    # for an attack"; not "Moscow, which could face sanctions, announced the seizure of ...")
    modal_lo = max(clause_start, after_last_mark(toks, first, sentence, SPEECH_BREAKS | {","})) if noun else lo
    if sentence.text.rstrip().endswith("?"):
        return "hypothetical", "modal"
    if has_phrase(toks, modal_lo, first, words.get("modal", NO_PHRASES)):
        if _future_in_past(toks, modal_lo, first, words):
            return "planned", _intent_or_schedule(toks, lo, last, words)
        return "hypothetical", "modal"
    # a noun's tense is its verb's ("entregará ... en ayuda"); a verb's ending may sit past a clitic
    # ("se reunirá"); a Russian future form only on the verb itself ("не признает" may be "признаёт")
    verbs = range(lo, first + 1) if noun else range(first, last)
    futures = _not_the_triggers_own(words.get("future", ()), trigger_words)  # "привести в состояние готовности"
    if not warning and _speaks_of_future(toks, lo, last, verbs, verbs if noun else (first,), words, futures):
        return "planned", _intent_or_schedule(toks, lo, last, words)  # a threat speaks of the future by nature
    if not (warning or noun) and _infinitive_complement(toks, clause_start, first, words):
        return "planned", "infinitive"  # "acordó ... donar 40 millones", "решил направить войска": not yet done
    if has_suffix(toks[first], words, "conditional_suffix"):
        if _reported(toks, words):
            return "planned", _intent_or_schedule(toks, lo, last, words)  # "dijo que enviaría ayuda"
        return "hypothetical", "conditional"
    if has_phrase(toks, 0, len(toks), words.get("report", NO_PHRASES)):
        return "reported", "report"
    return "asserted", "none"


CALLS_OFF_REACH = 3  # words before an event noun searched for a verb that calls it off ("postponed the planned rally")


def _called_off_before(toks: list[Token], first: int, words: dict) -> bool:
    """"agreed to postpone the demonstration", "canceló la visita", "отменили митинг": an event
    noun that a `calls_off` verb just before takes as its object did not, or will not, take place."""
    return has_phrase(toks, max(0, first - CALLS_OFF_REACH), first, words.get("calls_off", NO_PHRASES))


AGO_REACH = 3  # words between an `ago` word and its `time_unit` ("two weeks ago", "hace dos semanas")
YEARS = re.compile(r"(19|20)\d\d")


def _told_as_background(toks: list[Token], first: int, last: int, sentence: Sentence, words: dict) -> bool:
    """Whether a trigger in a subordinate clause (opened by a `subordinate` word with no comma
    between: "when", "whom", "que", "после того, как"), or a phrase opened by a `circumstance`
    word ("..., after the invasion in 1978"), is dated before the story: the clause names,
    after it, a year ("when Idi Amin expelled them in 1972", "país que invadió en
    diciembre de 1978", "после того, как Лондон разорвал отношения с Ливией в 1984 году") or a
    time `ago` ("whom they had taken hostage two weeks ago"), or its verb is in the
    `past_perfect` ("a los que habían secuestrado"; not in reported speech, "informó de que
    había lanzado"). Background history is no event of the story."""
    text, start = sentence.text, sentence.start
    opener = next((k for k in range(first - 1, max(-1, first - SUBORDINATE_REACH - 1), -1)
                   if (toks[k].folded,) in words.get("subordinate", NO_PHRASES)
                   or (k and (toks[k - 1].folded, toks[k].folded) in words.get("subordinate", NO_PHRASES))
                   or (toks[k].folded,) in words.get("circumstance", NO_PHRASES)),
                  None)
    if opener is not None and (toks[opener].folded,) in words.get("circumstance", NO_PHRASES) \
            and _describes_a_noun(toks, opener, sentence, words):
        return True  # "lifted the curfew, imposed in Lagos after riots": the riots are the curfew's history
    if opener is None or opener == 0 or any(c in text[toks[opener].end - start:toks[first].start - start] for c in ",;:"):
        return False
    end = next((k for k in range(last, len(toks)) if (toks[k].folded,) in words.get("clause", NO_PHRASES)
                or any(c in text[toks[k - 1].end - start:toks[k].start - start] for c in ",;:")), len(toks))
    after = toks[last:end]
    if any(YEARS.fullmatch(t.surface) for t in after):
        return True
    ago, units = words.get("ago", NO_PHRASES), words.get("time_unit", NO_PHRASES)
    if any((t.folded,) in ago and any((u.folded,) in units for u in after[max(0, i - AGO_REACH):i + AGO_REACH + 1])
           for i, t in enumerate(after)):
        return True
    return (toks[first - 1].folded,) in words.get("past_perfect", NO_PHRASES) \
        and not any((t.folded,) in words.get("speech", NO_PHRASES) for t in toks[:first])
    # "said in a statement that their forces had killed", "informó de que había lanzado", "an
    # operation that the military said had killed": a past perfect reported is the story's act


SUBORDINATE_REACH = 8  # words from a subordinate clause's opener to the trigger in it
DESCRIPTION_REACH = 4  # words from a participle after a comma to the circumstance word of its phrase


def _describes_a_noun(toks: list[Token], opener: int, sentence: Sentence, words: dict) -> bool:
    """Whether a `circumstance` word stands in a reduced relative: a participle right after a
    comma, a few words before it, with no other mark between ("комендантский час, введенный в
    Лагосе после беспорядков", "the curfew, imposed after riots"). The phrase tells the history
    of the noun before the comma, not an act of the story."""
    text, start = sentence.text, sentence.start
    for k in range(opener - 1, max(0, opener - DESCRIPTION_REACH - 1), -1):
        if any(c in text[toks[k].end - start:toks[k + 1].start - start] for c in ",;:"):
            return False
        if "," in text[toks[k - 1].end - start:toks[k].start - start]:
            return is_participle(toks[k], words) or is_participle_form(toks[k].folded, sentence.lang)
    return False


INQUIRY_REACH = 6  # words between an investigation and the event noun it looks into ("расследование по делу о предполагаемых поставках")
SUPPOSED_REACH = 2  # words between "alleged" and its event noun ("la presunta venta ilegal de armas")


def _looked_into(toks: list[Token], clause_start: int, first: int, words: dict) -> bool:
    """Whether an event noun is what an `inquiry` word a few words before it in its clause looks
    into ("an investigation of illegal arms sales to Croatia"), or what a `supposed` adjective
    right before it qualifies ("alleged bribes", "la presunta venta de armas"): the act is
    charged, not told as done."""
    return has_phrase(toks, max(clause_start, first - INQUIRY_REACH), first, words.get("inquiry", NO_PHRASES)) \
        or has_phrase(toks, max(clause_start, first - SUPPOSED_REACH), first, words.get("supposed", NO_PHRASES))


def _infinitive_complement(toks: list[Token], clause_start: int, first: int, words: dict) -> bool:
    """Whether the trigger at `first` is an infinitive (grammar `infinitive_suffix`: the
    languages that mark it on the verb) that something before it governs: "acordó donar",
    "decidió expulsar", "согласилась предоставить", "готова направить" tell an act agreed,
    decided or offered, as "agreed to provide" does. Not after a preposition ("tras firmar",
    "al llegar": done), a `command` ("ordenó suspender") or a verb of beginning or an
    `implicative` one ("logró liberar", "удалось освободить"); one joined by "and" to an
    earlier infinitive is read as that one is."""
    if first == 0 or not has_suffix(toks[first], words, "infinitive_suffix"):
        return False
    if (toks[first - 1].folded,) in words.get("preposition", ()) \
            or has_phrase(toks, clause_start, first, words.get("command", NO_PHRASES)):
        return False  # "ordenó suspender los visados", "распорядился депортировать": done, as "ordered troops to deploy"
    if (toks[first - 1].folded,) in words.get("coord", ()):  # "para recordar ... y protestar": as the first one
        earlier = next((j for j in range(first - 2, clause_start - 1, -1)
                        if has_suffix(toks[j], words, "infinitive_suffix")), None)
        return earlier is not None and _infinitive_complement(toks, clause_start, earlier, words)
    return not _governed_as_done(toks, max(clause_start, first - 2), first, words)


def _governed_as_done(toks: list[Token], lo: int, hi: int, words: dict) -> bool:
    """Whether a verb of beginning (`aspectual`) or an `implicative` verb stands in toks[lo:hi]:
    the act it governs is done ("began to withdraw", "logró liberar", "удалось задержать")."""
    return any((t.folded,) in words.get("aspectual", ()) or (t.folded,) in words.get("implicative", ())
               for t in toks[lo:hi])


def _refusal_or_negation(toks: list[Token], lo: int, first: int, last: int, words: dict) -> str:
    """The cue of a negated event: `refusal` when its doer refuses to do it ("will never
    recognise", "se negó a permitir", "отказался вернуть"), `will_not` when it is only told in
    the future ("would not sell", "no enviará", "не будет"), else `negation`."""
    verbs = range(first, last)
    refusal, negation = words.get("refusal", NO_PHRASES), words.get("negation", NO_PHRASES)
    requests = words.get("request_noun", NO_PHRASES)
    if any(tuple(t.folded for t in toks[i:i + n]) in refusal and not (i and (toks[i - 1].folded,) in negation)
           and not has_phrase(toks, i + n, first, requests)
           for n in refusal.lengths for i in range(lo, first - n + 1)):
        return "refusal"  # not "не исключил возможности встречи": a refusal negated is none; nor
        # "отказался выполнить требование Москвы о выводе войск": the withdrawal is what is asked
    if has_phrase(toks, lo, first, words.get("future_in_past", NO_PHRASES)) \
            or _speaks_of_future(toks, lo, last, verbs, verbs, words):
        return "will_not"
    return "negation"


def _not_the_triggers_own(phrases, trigger_words: set[str]) -> Phrases:
    """The cue phrases that are not made of the trigger's own words: a cue word the trigger
    contains ("aceptó la propuesta", "привела в состояние готовности") qualifies nothing."""
    return Phrases(p for p in phrases if not set(p) <= trigger_words)


def _speaks_of_future(toks: list[Token], lo: int, last: int, suffixed, formed, words: dict,
                      futures=None) -> bool:
    """Whether a `future` word stands in the window (of `futures`, when given: not one the
    trigger is made of), a token of `suffixed` has a future ending ("reunirá") or one of
    `formed` is a Russian perfective future ("посетит")."""
    return has_phrase(toks, lo, last, words.get("future", NO_PHRASES) if futures is None else futures) \
        or any(has_suffix(toks[i], words, "future_suffix") for i in suffixed) \
        or any((toks[i].folded,) in words.get("future_form", NO_PHRASES) for i in formed)


def _future_in_past(toks: list[Token], lo: int, first: int, words: dict) -> bool:
    """"Japan said it would send aid": in reported speech a past future ("would", the Spanish
    conditional) is the speaker's future, not a hypothesis, when the modal words before the
    trigger are all such and nothing in the sentence sets a condition."""
    modals = words.get("modal", NO_PHRASES)
    found = [toks[i].folded for i in range(lo, first) if (toks[i].folded,) in modals]
    return bool(found) and all((w,) in words.get("future_in_past", NO_PHRASES) for w in found) \
        and _reported(toks, words)


def _reported(toks: list[Token], words: dict) -> bool:
    """Whether the sentence reports what someone said (a speech verb) and sets no condition."""
    return has_phrase(toks, 0, len(toks), words.get("speech", NO_PHRASES)) \
        and not has_phrase(toks, 0, len(toks), words.get("condition", NO_PHRASES))


def _intent_or_schedule(toks: list[Token], lo: int, last: int, words: dict) -> str:
    """The cue of a planned event: `intent` when the words around it commit its doer ("will
    send", "is ready to free"), `future` when they only schedule or expect it ("is expected
    to", "next week", "hopes to")."""
    uncommitted = words.get("uncommitted", NO_PHRASES)
    return "future" if has_phrase(toks, lo, min(len(toks), last + CUE_WINDOW), uncommitted) else "intent"


def _commentator_speaks(toks: list[Token], first: int, sentence: Sentence, words: dict) -> bool:
    """Whether a commentator ("analysts", "expertos", "эксперты") is named before the trigger,
    other than as an organisation's own ("UN experts", "OSCE observers" act for it)."""
    commentators = words.get("commentator", NO_PHRASES)
    bodies = [m for m in sentence.mentions if m.kind in ("igo", "body")]
    return any((tok.folded,) in commentators and not (i and in_mention(toks[i - 1], bodies))
               for i, tok in enumerate(toks[:first]))


def _own_predicate(toks: list[Token], first: int, words: dict) -> bool:
    """Whether the trigger is an inflected verb right after "and" / "y" / "и": a predicate of the
    sentence's subject, not part of what an earlier request or accusation is about (an
    infinitive, "urged Minsk to free prisoners and lift ...", is its lemma and stays inside)."""
    tok = toks[first]
    return first > 0 and (toks[first - 1].folded,) in words.get("coord", NO_PHRASES) and tok.folded != tok.lemma


def is_requested(triggers: list, first: int, toks: list[Token], sentence: Sentence, words: dict) -> bool:
    """"Kallas called on Russia to accept a ceasefire", "pidió a Washington retirar sus
    buques": what a request earlier in the clause asks for has not happened ("at the request
    of" is no ask)."""
    prepositions = words.get("preposition", ())
    return _inside_earlier(triggers, first, toks, sentence, words,
                           lambda f, other: other.has("asking") and (toks[f].folded,) not in prepositions) \
        or _clause_asked_for(triggers, first, toks, words)


ASKED_OBJECT_WORDS = 6  # words from an asking verb to the "que" of what it asks: "pidió a la Corte Penal Internacional que"


def _clause_asked_for(triggers: list, first: int, toks: list[Token], words: dict) -> bool:
    """"pidió al Gobierno federal que envíe más tropas": where the complementizer that opens a
    trigger's clause is also a clause word (Spanish "que"), the clause may be what an asking
    verb just before asks for: the verb alone (not "exigió su liberación, que ..."), its object
    at most ASKED_OBJECT_WORDS words long, no trigger between."""
    clause = clause_start_of(toks, first, words)
    if clause == 0 or (toks[clause - 1].folded,) not in words.get("complementizer", NO_PHRASES):
        return False
    opener = clause - 1
    return any(other.has("asking") and other.pos == "verb" and last == f + 1
               and 0 <= opener - last <= ASKED_OBJECT_WORDS
               and not any(last <= g < opener for g, _, _ in triggers)
               for f, last, other in triggers)


def is_alleged(triggers: list, first: int, toks: list[Token], sentence: Sentence, words: dict) -> bool:
    """"accused Minsk of waging a hybrid attack", "acusó a Rusia de lanzar drones", "обвинила
    Киев в атаке": what an accusation earlier in the clause charges is alleged, not reported
    as done. Only the verbs of `allegation` (accuse, allege): blaming someone for a strike
    presupposes the strike."""
    allegations = words.get("allegation", NO_PHRASES)
    if any(m.end <= toks[first].start and m.kind != "role" and m.actor.country
           and not sentence.text[m.end - sentence.start:toks[first].start - sentence.start].strip()
           for m in sentence.mentions):
        return False  # "..., an allegation Caracas rejected": a subject of its own, no part of the charge
    return _inside_earlier(triggers, first, toks, sentence, words,
                           lambda f, other: other.has("accusation") and (toks[f].lemma,) in allegations)


def _inside_earlier(triggers: list, first: int, toks: list[Token], sentence: Sentence, words: dict,
                    accepts) -> bool:
    """Whether the trigger at token `first` is part of what an earlier trigger of its clause,
    one `accepts(position, trigger)` takes, is about: not past a colon or quotation mark
    ("pidió ...: «gracias, Trump»"), and not when it is the subject's own next act ("exigió
    garantías a la OTAN y rechazó las acusaciones", "accused Russia ... and deployed soldiers")."""
    if _own_predicate(toks, first, words):
        return False
    clause = clause_start_of(toks, first, words)
    return any(clause <= f < first and accepts(f, other) and not speech_break(sentence, toks[f].end, toks[first].start)
               and not _says_anew(toks, f, first, words)
               for f, _, other in triggers)


def _says_anew(toks: list[Token], lo: int, hi: int, words: dict) -> bool:
    """Whether "and said" stands between two triggers: what follows is the subject's own new
    statement ("The military blamed the group and said it had deployed a battalion"), not
    part of the earlier act."""
    coord, speech = words.get("coord", NO_PHRASES), words.get("speech", NO_PHRASES)
    return any((toks[i].folded,) in speech and (toks[i - 1].folded,) in coord for i in range(lo + 1, hi))


def is_not_ruled_out(triggers: list, first: int) -> bool:
    """"Putin no descartó la posibilidad de una reunión con Zelenski": what an actor does not
    rule out is possible, not done (see `triggers.rules_out_nothing_hostile`)."""
    return any(other.has("armed") and last <= first <= last + RULED_OUT_WINDOW
               for _, last, other in triggers)


def warns_of_the_past(toks: list[Token], last: int, words: dict) -> bool:
    """"warning that the Belarusian government had not changed": a warning whose reported clause
    (opened within WARNING_REACH words) speaks of the past, with no future or modal cue, states a
    fact and threatens nothing. Only languages that list `past_marker` words use it (a Russian
    perfective future has no marker to look for)."""
    opened = next((i for i in range(last, min(last + WARNING_REACH, len(toks)))
                   if (toks[i].folded,) in words.get("complementizer", NO_PHRASES)), None)
    if opened is None:
        return False
    end = next((i for i in range(opened + 1, len(toks)) if (toks[i].folded,) in words.get("clause", NO_PHRASES)),
               len(toks))
    ahead = Phrases(words.get("future", NO_PHRASES) | words.get("modal", NO_PHRASES))
    return has_phrase(toks, opened + 1, end, words.get("past_marker", NO_PHRASES)) \
        and not has_phrase(toks, opened + 1, end, ahead) \
        and not any(has_suffix(t, words, "future_suffix") or has_suffix(t, words, "conditional_suffix")
                    for t in toks[opened + 1:end])


WARNING_REACH = 4  # "warned Kyiv on Tuesday that ..."
