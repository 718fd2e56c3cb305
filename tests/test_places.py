"""Places: cities and ISO 3166-2 provinces, states and regions named in a sentence."""
import pytest

from parley.errors import DataFileError
from parley.places import PlaceLexicon


@pytest.fixture(scope="module")
def places():
    return PlaceLexicon()


@pytest.mark.parametrize("text, name, country", [
    ("Gunmen killed 17 villagers in Plateau State", "Plateau State", "NGA"),
    ("Security forces in Balochistan killed eight militants", "Balochistan", "PAK"),
    ("ELN guerrillas bombed a pipeline in Arauca province", "Arauca province", "COL"),
    ("insurgents in Cabo Delgado", "Cabo Delgado", "MOZ"),
    ("atacaron una aldea en el estado de Zamfara", "estado de Zamfara", "NGA"),
    ("displaced families in Rakhine State", "Rakhine State", "MMR"),
    ("police in the province of Sindh", "province of Sindh", "PAK"),
    ("Police in Texas arrested six people", "Texas", "USA"),
    ("protests in Lagos", "Lagos", "NGA"),  # the city and the state: the city
])
def test_places_subdivision_maps_to_its_country(places, text, name, country):
    found = places.places(text)
    assert [(p.text, p.country) for p in found] == [(name, country)]


@pytest.mark.parametrize("text", [
    "Fighting on the Plateau",  # a word: only "Plateau State" is a place
    "talks in Central region",  # a subdivision of several countries
    "el guerrero avanzó en Guerrero",  # a Spanish word: only "estado de Guerrero"
    "rallies in Georgia state",  # a country's name: not even with its kind
    "in Punjab",  # Punjab of India and of Pakistan
    "a raid in estado de zamfara",  # the name is not capitalised
    "the Far North",  # every word an English word
])
def test_places_dangerous_names_are_no_places(places, text):
    assert places.places(text) == []


def test_places_subdivisions_file_is_validated(tmp_path):
    tables = {"places/generated/cities.tsv": "text\tcountry\tname\tpopulation\n",
              "places/generated/subdivisions.tsv": "text\tcountry\tname\ttype\nestado de zamfara\tNGA\tZamfara\tState\n",
              "actors/not_actors.tsv": "lang\ttext\n", "actors/generated/forms.tsv": "lang\tbase\tforms\n"}
    for name, text in tables.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"subdivisions\.tsv:2: field 'text': .*no capital"):
        PlaceLexicon(tmp_path)
