"""Places: cities, ISO 3166-2 provinces, states and regions, and the hand-written regions and
conflict areas of regions.tsv named in a sentence."""
from collections import Counter
from datetime import date

import pytest

from parley.countries import country_index
from parley.datafiles import data_root, generated_forms, read_table
from parley.errors import DataFileError, UnknownCountry
from parley.pipeline import code_text
from parley.places import PlaceLexicon
from parley.textnorm import fold


@pytest.fixture(scope="module")
def places():
    return PlaceLexicon()


SUBDIVISION_NAMES = [
    ("Gunmen killed 17 villagers in Plateau State", "Plateau State", "NGA"),
    ("Security forces in Balochistan killed eight militants", "Balochistan", "PAK"),
    ("ELN guerrillas bombed a pipeline in Arauca province", "Arauca province", "COL"),
    ("insurgents in Cabo Delgado", "Cabo Delgado", "MOZ"),
    ("atacaron una aldea en el estado de Zamfara", "estado de Zamfara", "NGA"),
    ("displaced families in Rakhine State", "Rakhine State", "MMR"),
    ("police in the province of Sindh", "province of Sindh", "PAK"),
    ("Police in Texas arrested six people", "Texas", "USA"),
    ("protests in Lagos", "Lagos", "NGA"),  # the city and the state: the city
]


@pytest.mark.parametrize("text", [
    "Fighting on the Plateau",  # a word: only "Plateau State" is a place
    "talks in Central region",  # a subdivision of several countries
    "el guerrero avanzó en Guerrero",  # a Spanish word: only "estado de Guerrero"
    "rallies in Georgia state",  # a country's name: not even with its kind
    "in Punjab",  # Punjab of India and of Pakistan
    "a raid in estado de zamfara",  # the name is not capitalised
    "the Far North",  # every word an English word
    "передает ТАСС из Нью-Йорка",  # "Йорка" (York) is only a part of the hyphenated name
])
def test_places_dangerous_names_are_no_places(places, text):
    assert places.places(text) == []


def _data(tmp_path, **tables):
    """A data root with the tables the place lexicon reads, empty unless given."""
    given = {"places/generated/cities.tsv": "text\tcountry\tname\tpopulation\n",
             "places/generated/subdivisions.tsv": "text\tcountry\tname\ttype\n",
             "places/generated/countries.tsv": "country\tfips\tname\nNGA\tNI\tNigeria\nRUS\tRS\tRussia\n",
             "places/regions.tsv": "lang\ttext\tcountry\tnote\n", "lang/en/grammar.tsv": "category\ttext\n",
             "lang/ru/grammar.tsv": "category\ttext\n",
             "actors/not_actors.tsv": "lang\ttext\n", "actors/generated/forms.tsv": "lang\tbase\tforms\n"}
    given.update({name.replace("__", "/").replace("_tsv", ".tsv"): text for name, text in tables.items()})
    for name, text in given.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_places_subdivisions_file_is_validated(tmp_path):
    root = _data(tmp_path, places__generated__subdivisions_tsv="text\tcountry\tname\ttype\n"
                                                            "estado de zamfara\tNGA\tZamfara\tState\n")
    with pytest.raises(DataFileError, match=r"subdivisions\.tsv:2: field 'text': .*no capital"):
        PlaceLexicon(root)


@pytest.mark.parametrize("row, error", [
    ("en\tBorno\tNGR\tstate", r"regions\.tsv:2: field 'country': 'NGR' is not a country code"),
    ("en\tborno\tNGA\tstate", r"regions\.tsv:2: field 'text': .*no capital"),
    ("xx\tBorno\tNGA\tstate", r"regions\.tsv:2: field 'lang': 'xx' is not one of en, ru"),
    ("en\tBorno\t\tstate", r"regions\.tsv:2: field 'country': required value is empty"),
])
def test_places_regions_file_is_validated(tmp_path, row, error):
    root = _data(tmp_path, places__regions_tsv=f"lang\ttext\tcountry\tnote\n{row}\n")
    with pytest.raises(DataFileError, match=error):
        PlaceLexicon(root)


def test_places_a_region_name_or_form_of_two_countries_is_an_error(tmp_path):
    root = _data(tmp_path, places__regions_tsv="lang\ttext\tcountry\tnote\nru\tБорно\tNGA\tштат\n"
                                               "ru\tКурская область\tRUS\tобласть\n",
                 actors__generated__forms_tsv="lang\tbase\tforms\nru\tКурская область\tБорно\n")
    with pytest.raises(DataFileError, match=r"regions\.tsv:3: field 'text': 'Борно' is also a place of NGA"):
        PlaceLexicon(root)


def test_places_a_region_wins_over_a_subdivision_and_a_city_over_a_region(tmp_path):
    root = _data(tmp_path, places__regions_tsv="lang\ttext\tcountry\tnote\nen\tKano\tNGA\tstate\n"
                                               "en\tBorno\tNGA\tstate\n",
                 places__generated__subdivisions_tsv="text\tcountry\tname\ttype\nBorno\tRUS\tBorno\tState\n",
                 places__generated__cities_tsv="text\tcountry\tname\tpopulation\nKano\tRUS\tKano\t3000000\n")
    places = PlaceLexicon(root)
    assert [(p.text, p.country) for p in places.places("in Borno and in Kano")] == [("Borno", "NGA"), ("Kano", "RUS")]


REGION_NAMES = [
    ("fighting in Tigray", "Tigray", "ETH"),
    ("Rebels attacked a base in North Kivu", "North Kivu", "COD"),
    ("shelling in the Donetsk region", "Donetsk region", "UKR"),
    ("a drone attack in the Kursk region", "Kursk region", "RUS"),
    ("clashes in Nagorno-Karabakh", "Nagorno-Karabakh", "AZE"),
    ("an Israeli raid in Khan Younis", "Khan Younis", "PSE"),
    ("ataques en el departamento del Cauca", "departamento del Cauca", "COL"),
    ("combates en la región de Járkov", "región de Járkov", "UKR"),
    ("взрыв в Чечне", "Чечне", "RUS"),
    ("удар по Курской области", "Курской области", "RUS"),
    ("бои в Идлибе", "Идлибе", "SYR"),
    ("беженцы в Северном Дарфуре", "Северном Дарфуре", "SDN"),  # the adjective agrees
    ("в Систане и Белуджистане", "Систане и Белуджистане", "IRN"),  # not Pakistan's Белуджистан
    ("бои под Часовым Яром", "Часовым Яром", "UKR"),
    ("в штате Борно", "Борно", "NGA"),  # indeclinable
    ("в Крыму", "Крыму", "UKR"),  # the second prepositional
    ("в долине Сват", "долине Сват", "PAK"),
]


@pytest.mark.parametrize("text, name, country", SUBDIVISION_NAMES + REGION_NAMES)
def test_places_subdivision_and_region_names_map_to_their_country(places, text, name, country):
    """ISO 3166-2 subdivisions (generated) and the hand-written regions.tsv alike."""
    assert [(p.text, p.country) for p in places.places(text)] == [(name, country)]


@pytest.mark.parametrize("text, word", [
    ("бои на Тигре", "Тигре"),  # the Tigris, not Tigray
    ("Quiche Lorraine is a tart", "Quiche"),  # "Quiché" is only "El Quiché"
    ("Газ подорожал", "Газ"),  # no form of "Газа"
    ("Далай-Лама прибыл", "Лама"),  # "Ламу" (Lamu) does not decline
    ("Gunmen attacked a village in Lower Juba", "Lower Juba"),  # Juba is South Sudan's capital
    ("Bashir Salahuddin spoke", "Salahuddin"),  # a given name
])
def test_places_region_names_that_are_words_or_other_places_are_no_regions(places, text, word):
    assert word not in [p.text for p in places.places(text)]


def _regions():
    return list(read_table(data_root() / "places" / "regions.tsv", ("lang", "text", "country"), ("note",)))


def test_places_regions_table_names_known_countries_and_no_country():
    """Every regions.tsv row names a country of the gazetteer, and no name or Russian case form
    of one is also a country or organisation name (the actor stage would read it as one)."""
    codes = {row["country"] for row in read_table(data_root() / "places" / "generated" / "countries.tsv",
                                                  ("country",))}
    forms = generated_forms(data_root())
    countries = []
    for row in _regions():
        assert row["country"] in codes, f"line {row.line}: {row['country']}"
        for text in [row["text"], *forms.get((row["lang"], row["text"]), [])]:
            try:
                countries.append((text, country_index().resolve(text)))
            except UnknownCountry:
                pass
    assert countries == []


def test_places_regions_table_is_no_copy_of_the_generated_places_and_each_name_one_country():
    """A regions.tsv name is not already a city or subdivision of the same country, and is
    written once (English and Spanish alike once, under en)."""
    generated = {(fold(row["text"]), row["country"])
                 for name in ("cities.tsv", "subdivisions.tsv")
                 for row in read_table(data_root() / "places" / "generated" / name, ("text", "country"))}
    rows = _regions()
    assert [row["text"] for row in rows if (fold(row["text"]), row["country"]) in generated] == []
    assert [text for text, n in Counter(fold(row["text"]) for row in rows).items() if n > 1] == []
    assert len(rows) > 500


@pytest.mark.parametrize("lang, sentence, event, location", [
    ("en", "Gunmen killed five villagers in Zamfara state.", "ASSAULT NGA->NGA", "NGA"),
    ("en", "Police arrested 20 protesters in Chechnya.", "COERCE RUS->RUS", "RUS"),
    ("en", "Rebels attacked a military base in North Kivu.", "ASSAULT COD->COD", "COD"),
    ("es", "Hombres armados mataron a diez campesinos en el departamento del Cauca.", "ASSAULT COL->COL", "COL"),
    ("es", "La policía detuvo a 30 manifestantes en la región de Járkov.", "COERCE UKR->UKR", "UKR"),
    ("ru", "Боевики убили пятерых полицейских в Чечне.", "ASSAULT RUS->RUS", "RUS"),
    ("ru", "Полиция задержала десять человек в Дагестане.", "COERCE RUS->RUS", "RUS"),
    ("ru", "В Идлибе боевики обстреляли позиции армии.", "ASSAULT SYR->SYR", "SYR"),
])
def test_places_a_region_places_the_event_and_its_armed_actors(pipeline, lang, sentence, event, location):
    article = code_text(sentence, lang=lang, published=date(2025, 6, 1), pipeline=pipeline)
    found = [(f"{e.event_type} {e.source.country}->{e.target.country}", e.location["country"])
             for e in article.events if e.counted]
    assert found == [(event, location)]
