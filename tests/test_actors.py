"""Actors: mention -> actor resolution, a table of real news phrasing in three languages."""
from __future__ import annotations

from datetime import date

import pytest

from parley.actors import find_mentions

# (lang, sentence, mention text expected, country, sector or None to skip the check)
CASES = [
    ("en", "Belarus released three prisoners.", "Belarus", "BLR", None),
    ("en", "The U.S. Department of Justice alleges fraud.", "U.S. Department of Justice", "USA", "JUD"),
    ("en", "US forces began conducting strikes.", "US forces", "USA", "MIL"),
    ("en", "U.S. forces began conducting strikes.", "U.S. forces", "USA", "MIL"),
    ("en", "The Kremlin said talks were useful.", "Kremlin", "RUS", "GOV"),
    ("en", "Washington designated Maduro a terrorist.", "Washington", "USA", "GOV"),
    ("en", "The White House denied the report.", "White House", "USA", "GOV"),
    ("en", "Downing Street welcomed the deal.", "Downing Street", "GBR", "GOV"),
    ("en", "Brussels imposed new sanctions.", "Brussels", "EU", None),
    ("en", "Beijing protested the visit.", "Beijing", "CHN", "GOV"),
    ("en", "Lukashenka received the envoy.", "Lukashenka", "BLR", "GOV"),
    ("en", "Lukashenko received the envoy.", "Lukashenko", "BLR", "GOV"),
    ("en", "Tsikhanouskaya called for new sanctions.", "Tsikhanouskaya", "BLR", "OPP"),
    ("en", "Tikhanovskaya called for new sanctions.", "Tikhanovskaya", "BLR", "OPP"),
    ("en", "Zelenskyy spoke with Macron.", "Zelenskyy", "UKR", "GOV"),
    ("en", "Zelensky spoke with Macron.", "Zelensky", "UKR", "GOV"),
    ("en", "Russia's Putin met the envoy.", "Russia's Putin", "RUS", "GOV"),
    ("en", "The Belarusian foreign minister flew to Baku.", "Belarusian foreign minister", "BLR", "GOV"),
    ("en", "The foreign minister of Belarus flew to Baku.", "foreign minister of Belarus", "BLR", "GOV"),
    ("en", "The Ambassador of Venezuela to Russia arrived.", "Ambassador of Venezuela", "VEN", "GOV"),
    ("en", "Venezuelan President Nicolás Maduro spoke.", "Venezuelan President Nicolás Maduro", "VEN", "GOV"),
    ("en", "President Vladimir Putin spoke.", "President Vladimir Putin", "RUS", "GOV"),
    ("en", "Rights group Viasna counted 1,226 prisoners.", "Rights group Viasna", "BLR", "NGO"),
    ("en", "The KGB detained two journalists.", "KGB", "BLR", "SPY"),
    ("en", "NATO warned Moscow.", "NATO", "NATO", None),
    ("en", "The European Union imposed sanctions.", "European Union", "EU", None),
    ("en", "The IAEA sent inspectors.", "IAEA", "IAEA", None),
    ("en", "Belarusian and American diplomats met.", "Belarusian", "BLR", None),
    ("en", "Belarusian and American diplomats met.", "American diplomats", "USA", "GOV"),
    ("en", "The Azerbaijani Prime Minister was in Minsk.", "Azerbaijani Prime Minister", "AZE", "GOV"),
    ("en", "Ukrainian sailors were imprisoned.", "Ukrainian", "UKR", None),
    ("en", "Russian officials denied it.", "Russian officials", "RUS", "GOV"),
    ("en", "The Venezuelan military is weak.", "Venezuelan military", "VEN", "MIL"),
    ("en", "Pompeo met Lavrov.", "Pompeo", "USA", "ELI"),  # out of office in 2025
    ("en", "Pompeo met Lavrov.", "Lavrov", "RUS", "GOV"),
    ("en", "Georgia's president met Erdogan.", "Georgia's president", "GEO", "GOV"),
    ("en", "Turkey closed the strait.", "Turkey", "TUR", None),
    ("en", "The UK and France agreed.", "UK", "GBR", None),
    ("en", "Kyiv asked for more shells.", "Kyiv", "UKR", "GOV"),
    ("en", "The Pentagon deployed a carrier.", "Pentagon", "USA", "MIL"),
    ("es", "Estados Unidos impuso sanciones.", "Estados Unidos", "USA", None),
    ("es", "EE.UU. impuso sanciones.", "EE.UU.", "USA", None),
    ("es", "EEUU impuso sanciones.", "EEUU", "USA", None),
    ("es", "Bielorrusia liberó a tres presos.", "Bielorrusia", "BLR", None),
    ("es", "El alto diplomático estadounidense viajó.", "diplomático estadounidense", "USA", "GOV"),
    ("es", "Los diplomáticos estadounidenses viajaron.", "diplomáticos estadounidenses", "USA", "GOV"),
    ("es", "El canciller bielorruso viajó a Bakú.", "canciller bielorruso", "BLR", "GOV"),
    ("es", "La cancillería bielorrusa protestó.", "cancillería bielorrusa", "BLR", "GOV"),
    ("es", "Las autoridades bielorrusas liberaron a presos.", "autoridades bielorrusas", "BLR", "GOV"),
    ("es", "La oposición bielorrusa pidió sanciones.", "oposición bielorrusa", "BLR", "OPP"),
    ("es", "El embajador de Venezuela en Rusia viajó.", "embajador de Venezuela", "VEN", "GOV"),
    ("es", "El Kremlin respondió.", "Kremlin", "RUS", "GOV"),
    ("es", "Washington respondió.", "Washington", "USA", "GOV"),
    ("es", "La OTAN respondió.", "OTAN", "NATO", None),
    ("es", "La UE respondió.", "UE", "EU", None),
    ("es", "El presidente ruso, Vladimir Putin, respondió.", "presidente ruso", "RUS", "GOV"),
    ("es", "El presidente ucraniano respondió.", "presidente ucraniano", "UKR", "GOV"),
    ("es", "Las tropas rusas se retiraron.", "tropas rusas", "RUS", "MIL"),
    ("es", "Los militares venezolanos desfilaron.", "militares venezolanos", "VEN", "MIL"),
    ("es", "Tijanóvskaya agradeció el apoyo.", "Tijanóvskaya", "BLR", "OPP"),
    ("es", "El Departamento de Estado encabezará la delegación.", "Departamento de Estado", "USA", "GOV"),
    ("es", "La Casa Blanca lo confirmó.", "Casa Blanca", "USA", "GOV"),
    ("es", "Un portavoz del Kremlin dijo.", "portavoz del Kremlin", "RUS", "GOV"),
    ("es", "El gobierno venezolano protestó.", "gobierno venezolano", "VEN", "GOV"),
    ("es", "Rusia y Venezuela firmaron un acuerdo.", "Rusia", "RUS", None),
    ("es", "La policía bielorrusa detuvo a periodistas.", "policía bielorrusa", "BLR", "COP"),
    ("ru", "США ввели санкции.", "США", "USA", None),
    ("ru", "Соединённые Штаты ввели санкции.", "Соединённые Штаты", "USA", None),
    ("ru", "Санкции против Соединённых Штатов.", "Соединённых Штатов", "USA", None),
    ("ru", "Беларусь освободила заключённых.", "Беларусь", "BLR", None),
    ("ru", "Белоруссия освободила заключённых.", "Белоруссия", "BLR", None),
    ("ru", "Санкции против Белоруссии.", "Белоруссии", "BLR", None),
    ("ru", "Переговоры с Россией.", "Россией", "RUS", None),
    ("ru", "Белорусские власти освободили заключённых.", "Белорусские власти", "BLR", "GOV"),
    ("ru", "Американский дипломат прибыл в Минск.", "Американский дипломат", "USA", "GOV"),
    ("ru", "Министр иностранных дел Белоруссии прибыл.", "Министр иностранных дел Белоруссии", "BLR", "GOV"),
    ("ru", "Встреча с министром иностранных дел России.", "министром иностранных дел России", "RUS", "GOV"),
    ("ru", "Кремль ответил.", "Кремль", "RUS", "GOV"),
    ("ru", "В Кремле ответили.", "Кремле", "RUS", "GOV"),
    ("ru", "Лукашенко принял посла.", "Лукашенко", "BLR", "GOV"),
    ("ru", "Встреча с Путиным прошла в Сочи.", "Путиным", "RUS", "GOV"),
    ("ru", "Тихановская призвала к санкциям.", "Тихановская", "BLR", "OPP"),
    ("ru", "Зеленский поговорил с Макроном.", "Зеленский", "UKR", "GOV"),
    ("ru", "НАТО провело учения.", "НАТО", "NATO", None),
    ("ru", "Евросоюз ввёл санкции.", "Евросоюз", "EU", None),
    ("ru", "Российские войска вошли в город.", "Российские войска", "RUS", "MIL"),
    ("ru", "Госдепартамент заявил.", "Госдепартамент", "USA", "GOV"),
]


@pytest.mark.parametrize("lang, sentence, text, country, sector", CASES)
def test_actors_resolve(lexicon, lang, sentence, text, country, sector):
    mentions = {m.text: m.actor for m in find_mentions(sentence, lang, lexicon, date(2025, 6, 1))}
    assert text in mentions, f"{text!r} not found; found {list(mentions)}"
    assert mentions[text].country == country
    if sector is not None:
        assert mentions[text].sector == sector


# (lang, sentence, words that must not resolve to a political actor)
NEGATIVES = [
    ("en", "The Washington Post reported the story.", "Washington"),
    ("en", "We ate turkey for dinner.", "turkey"),
    ("en", "Chad Smith, a drummer, played in Atlanta.", "Chad"),
    ("en", "The governor of Georgia met voters in Atlanta.", "Georgia"),
    ("en", "Michael Jordan visited the stadium.", "Jordan"),
    ("en", "Kevin Smith, a film director, spoke to the press.", "Smith"),
    ("es", "En general, la reunión fue breve.", "general"),
    ("en", "The actor John Paris arrived late.", "Paris"),
]


@pytest.mark.parametrize("lang, sentence, word", NEGATIVES)
def test_actors_negatives(lexicon, lang, sentence, word):
    for m in find_mentions(sentence, lang, lexicon):
        if word in m.text:
            assert m.actor.country is None or m.actor.sector == "MED", (m.text, m.actor)


@pytest.mark.parametrize("when, sector", [(date(2010, 6, 1), "GOV"), (date(2022, 6, 1), "GOV"), (date(2018, 6, 1), "ELI")])
def test_actors_roles_are_date_bounded(lexicon, when, sector):
    [mention] = find_mentions("Biden spoke.", "en", lexicon, when)
    assert (mention.actor.country, mention.actor.sector) == ("USA", sector)


def test_actors_spans_are_offsets(lexicon):
    sentence = "Yesterday the Kremlin said so."
    [m] = find_mentions(sentence, "en", lexicon, offset=100)
    assert (m.start, m.end) == (114, 121) and sentence[m.start - 100:m.end - 100] == "Kremlin"


def test_actors_place_after_locative_is_marked(lexicon):
    mentions = find_mentions("Talks were held in Minsk.", "en", lexicon)
    assert mentions[0].text == "Minsk" and mentions[0].preposition == "in"
