"""Events: sentence -> (type, source, target, factuality), real news phrasing in three languages."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parley.pipeline import code_text

# (lang, sentence, expected events as "TYPE SRC->TGT" with TGT "-" for none)
CASES = [
    # CONSULT
    ("en", "Secretary of State Mike Pompeo visits Russia and meets with Putin.", {"CONSULT USA->RUS"}),
    ("en", "Trump and Maduro held a phone conversation on 21 November.", {"CONSULT USA->VEN"}),
    ("en", "President Alexander Lukashenka received Artur Rasizade, the Prime Minister of Azerbaijan, in Minsk.", {"CONSULT BLR->AZE"}),
    ("en", "Belarusian and American diplomats met in Washington, DC to hold bilateral consultations.", {"CONSULT BLR->USA"}),
    ("en", "Foreign Minister Vladimir Makei paid official visits to Cuba, Ecuador and Nicaragua.",
     {"CONSULT BLR->CUB", "CONSULT BLR->ECU", "CONSULT BLR->NIC"}),
    ("en", "Ukrainian President Volodymyr Zelensky spoke with Emmanuel Macron by phone.", {"CONSULT UKR->FRA"}),
    ("es", "El secretario de Estado, Antony Blinken, habló el miércoles con el presidente ucraniano.", {"CONSULT USA->UKR"}),
    ("es", "El canciller venezolano se reunió en Moscú con Serguéi Lavrov.", {"CONSULT VEN->RUS"}),
    ("ru", "Президент Белоруссии Александр Лукашенко встретился с Владимиром Путиным в Сочи.", {"CONSULT BLR->RUS"}),
    ("ru", "Лукашенко провёл переговоры с президентом Казахстана.", {"CONSULT BLR->KAZ"}),
    # AGREE
    ("en", "Pompeo and Lavrov have agreed on the need to re-establish channels of communication.", {"AGREE USA->RUS"}),
    ("es", "Rusia y Venezuela firmaron un acuerdo de cooperación energética.", {"AGREE RUS->VEN"}),
    ("ru", "Белоруссия и Азербайджан подписали меморандум о сотрудничестве.", {"AGREE BLR->AZE"}),
    # SUPPORT
    ("ru", "Лукашенко поблагодарил Россию за поддержку.", {"SUPPORT BLR->RUS"}),
    ("es", "La líder opositora bielorrusa agradeció a Estados Unidos su mediación.", {"SUPPORT BLR->USA"}),
    # CONCEDE
    ("en", "Belarus released three political prisoners, including a US citizen.", {"CONCEDE BLR->USA"}),
    ("es", "Bielorrusia liberó a dos ciudadanos estadounidenses.", {"CONCEDE BLR->USA"}),
    ("ru", "Белоруссия освободила гражданина США.", {"CONCEDE BLR->USA"}),
    # REQUEST
    ("en", "Pompeo appealed to Moscow to release the Ukrainian sailors.", {"REQUEST USA->RUS"}),
    ("es", "Putin ha exigido garantías de seguridad de Estados Unidos y la OTAN.", {"REQUEST RUS->USA", "REQUEST RUS->NATO"}),
    ("ru", "Тихановская призвала Евросоюз ужесточить санкции.", {"REQUEST BLR->EU"}),
    # ACCUSE / REJECT
    ("en", "The U.S. Department of Justice alleges that Maduro controls the cartels.", {"ACCUSE USA->VEN"}),
    ("en", "The Venezuelan government accused Washington of piracy.", {"ACCUSE VEN->USA"}),
    ("en", "Russia rejected the accusations of the United States.", {"REJECT RUS->USA"}),
    ("ru", "МИД Белоруссии осудил решение Евросоюза.", {"ACCUSE BLR->EU"}),
    # THREATEN
    ("es", "Biden advirtió a Putin de graves consecuencias.", {"THREATEN USA->RUS"}),
    ("en", "NATO warned Moscow against any new offensive.", {"THREATEN NATO->RUS"}),
    ("ru", "Россия пригрозила Литве ответными мерами.", {"THREATEN RUS->LTU"}),
    # SANCTION
    ("en", "The European Union imposed new sanctions on Belarus.", {"SANCTION EU->BLR"}),
    ("ru", "Евросоюз ввёл новые санкции против Белоруссии.", {"SANCTION EU->BLR"}),
    ("es", "Estados Unidos impuso sanciones a Venezuela.", {"SANCTION USA->VEN"}),
    # MOBILIZE
    ("en", "Maduro announced the mobilization of 4.5 million militia members.", {"MOBILIZE VEN->-"}),
    # COERCE
    ("en", "US forces seized an oil tanker off the coast of Venezuela.", {"COERCE USA->VEN"}),
    ("ru", "КГБ Белоруссии задержал двух журналистов.", {"COERCE BLR->BLR"}),  # a state's own journalists
    ("en", "On 12 November, Belarus released 31 prisoners.", {"CONCEDE BLR->BLR"}),
    ("es", "Ayer Bielorrusia liberó a 31 presos.", {"CONCEDE BLR->BLR"}),
    ("ru", "Белоруссия освободила 14 заключённых.", {"CONCEDE BLR->BLR"}),
    ("en", "Russian forces shelled civilians in Kharkiv.", {"ASSAULT RUS->UKR"}),  # the city's country, not the role's
    ("es", "La policía bielorrusa detuvo a opositores bielorrusos.", {"COERCE BLR->BLR"}),
    # ASSAULT
    ("en", "Russian forces shelled Kharkiv, Ukrainian officials said.", {"ASSAULT RUS->UKR"}),  # a city is its country
    ("en", "Kharkiv said it would rebuild the school.", set()),  # a city never acts
    ("en", "Russia attacked Ukraine with drones.", {"ASSAULT RUS->UKR"}),
    ("es", "Rusia atacó Ucrania con misiles.", {"ASSAULT RUS->UKR"}),
    # AID
    ("en", "Germany sent weapons to Ukraine.", {"AID DEU->UKR"}),
    # passive
    ("en", "Three prisoners were released by Belarus to the United States.", {"CONCEDE BLR->USA"}),
    # coordinated verbs share a subject; a noun governed by another verb has no source
    ("en", "NATO warned Moscow against any offensive and urged Russia to withdraw its forces.",
     {"THREATEN NATO->RUS", "REQUEST NATO->RUS"}),
    ("ru", "Лукашенко поблагодарил Россию за поддержку и призвал Евросоюз отменить санкции.",
     {"SUPPORT BLR->RUS", "REQUEST BLR->EU"}),
    ("en", "The Venezuelan government condemned the seizure of the tanker by the United States.",
     {"ACCUSE VEN->USA"}),
    # nothing
    ("en", "Belarus depends on Russian oil.", set()),
    ("es", "Bielorrusia depende del petróleo ruso.", set()),
]


def coded(sentence: str, lang: str, pipeline) -> set[str]:
    article = code_text(sentence, lang=lang, pipeline=pipeline)
    return {f"{e.event_type} {e.source.country if e.source else '-'}->{e.target.country if e.target else '-'}"
            for e in article.events if e.counted}


@pytest.mark.parametrize("lang, sentence, expected", CASES)
def test_events_coded(pipeline, lang, sentence, expected):
    assert coded(sentence, lang, pipeline) == expected


@pytest.mark.parametrize("lang, sentence, factuality", [
    ("en", "Lukashenko did not meet the US envoy.", "negated"),
    ("es", "Lukashenko no se reunió con el enviado estadounidense.", "negated"),
    ("ru", "Лукашенко не встретился с послом США.", "negated"),
    ("en", "Lukashenko will meet the US envoy next week.", "planned"),
    ("es", "Biden mantendrá conversaciones con Putin el jueves.", "planned"),
    ("es", "Biden planea reunirse con Putin.", "planned"),
    ("en", "Lukashenka may soon host Maduro.", "hypothetical"),
    ("en", "If Russia invades, the US would impose sanctions on Russia.", "hypothetical"),
    ("en", "Will Russia attack Ukraine?", "hypothetical"),
    ("en", "According to Reuters, Trump and Maduro held a phone call.", "reported"),
    ("es", "Según el ejecutivo, Putin se reunió con Biden.", "reported"),
    ("en", "Pompeo met Lavrov in Sochi.", "asserted"),
])
def test_events_factuality(pipeline, lang, sentence, factuality):
    article = code_text(sentence, lang=lang, pipeline=pipeline)
    assert article.events and {e.factuality for e in article.events} == {factuality}


@pytest.mark.parametrize("lang,sentence", [
    ("en", "Lithuania accused Minsk of waging a hybrid attack against Lithuania."),
    ("es", "Venezuela acusó a Estados Unidos de atacar una lancha venezolana."),
    ("ru", "Москва обвинила Киев в атаке на Белгород."),
])
def test_events_an_accused_act_is_alleged_not_done(pipeline, lang, sentence):
    article = code_text(sentence, lang=lang, pipeline=pipeline)
    assert {(e.event_type, e.factuality) for e in article.events} == {("ACCUSE", "asserted"), ("ASSAULT", "alleged")}


def test_events_carry_codes_and_evidence(pipeline):
    text = "Headline\n\nUS forces seized an oil tanker off the coast of Venezuela."
    [event] = code_text(text, lang="en", pipeline=pipeline).events
    assert (event.event_type, event.mode, event.cameo, event.quad_class) == ("COERCE", "seize", "171", 4)
    assert event.goldstein < 0 and 0 < event.confidence <= 1 and event.trigger == "seized"
    assert text[event.span[0]:event.span[1]] == event.sentence
    assert text[event.source.span[0]:event.source.span[1]] == "US forces"
    assert event.location is None or event.location["country"] == "VEN"


def test_event_to_dict_has_every_field(pipeline):
    from dataclasses import fields

    from parley.records import Event

    [event] = code_text("US forces seized an oil tanker off the coast of Venezuela.", lang="en", pipeline=pipeline).events
    record = event.to_dict()
    assert set(record) == {f.name for f in fields(Event)} - {"rules"}  # the rules are explained, not stored
    assert record["source"]["country"] == "USA" and record["span"] == list(event.span)
    assert event.rules[0].startswith("trigger:") and "active_subject" in event.rules


PUBLISHED = date(2025, 11, 20)  # a Thursday


@pytest.mark.parametrize("lang, sentence, expected", [
    ("en", "Lukashenko met the US envoy in Minsk on Tuesday.", "2025-11-18"),
    ("en", "On Thursday, Lukashenko met the US envoy.", "2025-11-20"),
    ("en", "Lukashenko will meet Putin on Tuesday.", "2025-11-25"),  # planned: the next Tuesday
    ("en", "Yesterday Lukashenko met the US envoy.", "2025-11-19"),
    ("en", "Lukashenko met the US envoy last week.", "2025-11-13"),
    ("en", "On 12 November, Belarus released 31 prisoners.", "2025-11-12"),
    ("en", "Lukashenko met Putin on December 28.", "2024-12-28"),  # no year, after publication: last year
    ("en", "Russia and Belarus signed the treaty on December 8, 1999.", "1999-12-08"),
    ("en", "Lukashenko met the US envoy.", None),
    ("es", "El miércoles, Lukashenko se reunió con el enviado estadounidense.", "2025-11-19"),
    ("es", "Ayer Bielorrusia liberó a 31 presos.", "2025-11-19"),
    ("es", "Rusia y Venezuela firmaron un acuerdo el 5 de marzo de 2024.", "2024-03-05"),
    ("es", "La semana pasada Maduro se reunió con Lavrov.", "2025-11-13"),
    ("ru", "Во вторник Лукашенко встретился с Путиным.", "2025-11-18"),
    ("ru", "В среду Лукашенко встретился с Путиным.", "2025-11-19"),
    ("ru", "21 ноября Лукашенко встретился с Путиным.", "2025-11-21"),
    ("ru", "Вчера Лукашенко встретился с Путиным.", "2025-11-19"),
    ("ru", "5 марта 2024 года Россия и Венесуэла подписали соглашение.", "2024-03-05"),
])
def test_events_dates(pipeline, lang, sentence, expected):
    events = code_text(sentence, lang=lang, published=PUBLISHED, pipeline=pipeline).events
    assert events and {e.date for e in events} == {expected}


def test_events_dates_need_a_published_date_unless_explicit(pipeline):
    [relative] = code_text("Yesterday Lukashenko met the US envoy.", lang="en", pipeline=pipeline).events
    [explicit] = code_text("Russia and Belarus signed the treaty on December 8, 1999.", lang="en",
                           pipeline=pipeline).events
    assert (relative.date, explicit.date) == (None, "1999-12-08")


EVENT_CASES_FILE = Path(__file__).parent / "data" / "events.tsv"


def load_event_cases() -> list[dict[str, str]]:
    lines = [line for line in EVENT_CASES_FILE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t") + [""] * len(header))) for line in lines[1:]]


EVENT_CASES = load_event_cases()


def test_event_cases_cover_every_type_and_language():
    from parley.events import PLOVER_TYPES

    typed = {e.split()[0] for c in EVENT_CASES for e in c["expected"].split(";") if e}
    typed |= {e.split()[0] for _, _, expected in CASES for e in expected}
    assert set(PLOVER_TYPES) == typed, set(PLOVER_TYPES) - typed
    assert len(EVENT_CASES) + len(CASES) >= 180 and {c["lang"] for c in EVENT_CASES} == {"en", "es", "ru", "uk"}


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["known_gap"])) if c["known_gap"] else c
    for c in EVENT_CASES], ids=lambda c: f"{c['lang']}:{c['sentence'][:40]}")
def test_event_cases(pipeline, case):
    article = code_text(case["sentence"], lang=case["lang"], published=date(2025, 6, 1), pipeline=pipeline)
    expected = {e.strip() for e in case["expected"].split(";") if e.strip()}
    found = {f"{e.event_type} {e.source.country if e.source else '-'}->{e.target.country if e.target else '-'}"
             for e in article.events if e.counted}
    assert found == expected
    if case["factuality"]:
        assert article.events and {e.factuality for e in article.events} == {case["factuality"]}
    if case["rule"]:  # the rule the case is decided by is among the rules of its events
        assert case["rule"] in {r for e in article.events if e.counted for r in e.rules}


# Rules that leave no trace on an event (they end a trigger's run with no event, or only hand
# it to the attachment rules) and (rule, language) pairs with no case yet: to write, then remove.
TRACELESS_RULES = {"own_reading", "reduced_relative", "stated_reason", "passive_needs_an_agent"}
RULES_WITHOUT_CASES = {
    ("gerund_shares_the_subject", "en"), ("visited_host", "es"), ("wrong_done_to_own_people", "ru"),
    ("partner_before", "en"), ("no_source", "es"), ("a_crowd_riots", "uk"), ("place_in_the_warning_told_before", "en"), ("place_in_the_warning_told_before", "es"),
    ("place_in_the_warning_told_before", "uk"),
    ("complement_subject", "en"), ("complement_subject", "ru"),
    ("agent_of_a_participle", "en"), ("agent_of_a_participle", "es"), ("agent_of_a_participle", "ru"),
    # Ukrainian, the language added as data only: its table covers the common rules so far
    *((rule, "uk") for rule in (
        "agent_of_a_participle", "answered_adversary", "asked_on_behalf", "border_is_no_partner", "complement_subject",
        "crowd_in_its_country", "diplomat_posting", "forum_takes_no_part", "noun_owner",
        "only_other_state", "partner_before", "partner_then_doer", "passive_agent",
        "state_reading", "state_where_it_was_done", "visited_host", "wrong_done_to_own_people",
        "relative_clause_is_no_subject", "relative_clause_keeps_its_objects", "relative_pronoun_is_the_object",
        "struck_where_it_happens", "coordinated_verb_shares_the_subject", "people_at_home_where_the_story_is_set",
        "state_restricts_at_home", "asked_of_their_own_state", "held_at_home")),
}


def test_every_rule_has_cases_in_each_language_it_claims():
    from parley.datafiles import data_root
    from parley.events.rules import load_rules

    tagged = {(c["rule"], c["lang"]) for c in EVENT_CASES if c["rule"] and not c["known_gap"]}
    unknown = {rule for rule, _ in tagged} - {r.name for r in load_rules().all()}
    assert not unknown, f"events.tsv names rules that do not exist: {unknown}"
    every = {folder.name for folder in (data_root() / "lang").iterdir() if (folder / "triggers.tsv").exists()}
    missing = {(r.name, lang) for r in load_rules().all() if r.name not in TRACELESS_RULES
               for lang in sorted(r.langs or every) if (r.name, lang) not in tagged}
    assert missing == RULES_WITHOUT_CASES, (f"without cases: {sorted(missing - RULES_WITHOUT_CASES)}; "
                                            f"now covered, remove from the list: {sorted(RULES_WITHOUT_CASES - missing)}")


@pytest.mark.parametrize("lang, sentence, location", [
    ("en", "Pompeo met Lavrov in Sochi on Tuesday.", {"text": "Sochi", "country": "RUS"}),
    ("en", "Zelensky met Macron in Paris.", {"text": "Paris", "country": "FRA"}),
    ("en", "Russian forces shelled Ukrainian positions near Kharkiv.", {"text": "Kharkiv", "country": "UKR"}),
    ("en", "Erdogan hosted Zelensky in Istanbul for talks on grain exports.", {"text": "Istanbul", "country": "TUR"}),
    ("es", "El canciller venezolano se reunió en Moscú con Lavrov.", {"text": "Moscú", "country": "RUS"}),
    ("es", "Maduro recibió en Caracas al canciller iraní.", {"text": "Caracas", "country": "VEN"}),
    ("ru", "Лукашенко встретился с Путиным в Сочи.", {"text": "Сочи", "country": "RUS"}),
    ("ru", "Путин провёл переговоры с Эрдоганом в Стамбуле.", {"text": "Стамбуле", "country": "TUR"}),
    ("en", "Lukashenko met the US envoy.", None),
    ("en", "Nice words were exchanged as Macron met Merz.", None),  # a city name, but not after a locative
])
def test_events_location(pipeline, lang, sentence, location):
    events = code_text(sentence, lang=lang, pipeline=pipeline).events
    assert events and {json.dumps(e.location, sort_keys=True) for e in events} == {json.dumps(location, sort_keys=True)}


def test_events_take_the_date_of_the_episode_told_just_before(pipeline):
    text = ("On Wednesday, Lukashenko met the US envoy in Minsk. "
            "Belarus released three American prisoners. Lithuania welcomed the release.")
    events = code_text(text, lang="en", published=PUBLISHED, pipeline=pipeline).events
    assert {e.date for e in events} == {"2025-11-19"} and len(events) >= 2


def test_events_do_not_take_a_date_from_far_before(pipeline):
    text = ("On Wednesday, Lukashenko met the US envoy. The weather was cold. Few people came out. "
            "The talks were long. Belarus released three American prisoners.")
    events = code_text(text, lang="en", published=PUBLISHED, pipeline=pipeline).events
    assert {e.event_type: e.date for e in events}["CONCEDE"] is None


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "China sent warships toward the Philippine coast on Monday. A Chinese carrier group arrived in the region "
           "a day later.", {("MOBILIZE", "CHN", "PHL")}),
    ("es", "Rusia concentró su presencia militar cerca de la frontera de Ucrania. Más de 90.000 soldados rusos "
           "siguen estacionados allí.", {("MOBILIZE", "RUS", "UKR")}),
    ("ru", "Россия усилила военное присутствие у границ Литвы. Российские войска размещены там с лета.",
     {("MOBILIZE", "RUS", "LTU")}),
    # no place word pointing back: the mobilisation keeps its null target
    ("en", "China criticised the Philippine coast guard. A Chinese carrier group held military drills on Tuesday.",
     {("ACCUSE", "CHN", "PHL"), ("MOBILIZE", "CHN", None)}),
])
def test_events_a_mobilisation_there_is_aimed_at_the_place_named_before(pipeline, lang, text, expected):
    events = code_text(text, lang=lang, pipeline=pipeline).events
    found = {(e.event_type, e.source.country, e.target.country if e.target else None) for e in events
             if e.factuality in ("asserted", "reported")}
    assert found == expected


TRIGGER_PROBE = """
from parley.events import EventGrammar, find_triggers, sentence_tokens
from parley.records import Sentence
grammar = EventGrammar()
for lang, text in [("en", "Another Belarusian delegation raised it at a high-level meeting of the ECOSOC.")]:
    sentence = Sentence(index=0, start=0, end=len(text), text=text, lang=lang)
    print([(f, l, t.event_type, t.pos) for f, l, t in find_triggers(sentence_tokens(sentence, grammar), lang, grammar)])
"""


def test_triggers_are_the_same_whatever_the_hash_seed():
    """A word found both by its surface form and by its lemma ("meeting" / "meet") once took
    whichever a set happened to yield first, so output changed from run to run."""
    import subprocess
    import sys

    runs = {subprocess.run([sys.executable, "-c", TRIGGER_PROBE], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in range(5)}
    assert len(runs) == 1
    assert "'CONSULT', 'noun'" in runs.pop().splitlines()[0]


@pytest.mark.parametrize("lang, text", [
    ("en", "A car bomb killed four Somali police officers in Mogadishu on Tuesday."),
    ("es", "Tres soldados colombianos fueron asesinados con un artefacto explosivo en el departamento del Cauca."),
])
def test_an_act_of_force_with_no_doer_named_is_an_unidentified_force_of_the_place(pipeline, lang, text):
    """Its source keeps the sector UAF, so that `events --sector UAF` finds attacks nobody claimed
    and the digest names them as such, not as the state."""
    article = code_text(text, lang=lang, published=date(2025, 6, 1), pipeline=pipeline)
    [event] = [e for e in article.events if e.counted]
    assert (event.event_type, event.source.country, event.source.sector) == \
        ("ASSAULT", event.target.country, "UAF")
