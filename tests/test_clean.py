"""Clean: boilerplate lines go, real sentences stay (tested both ways, three languages)."""
from __future__ import annotations

import pytest

from parley.clean import clean, original_offset
from parley.records import Article

DROPPED = [
    "READ  La huelga de atención médica más grande del país podría terminar sin un acuerdo",
    "READ ALSO: Lithuania tightens border controls",
    "Leer más: La OTAN refuerza su flanco oriental",
    "Lee también: El Kremlin critica la ampliación de la OTAN",
    "Читайте также: Минск и Москва обсудили цены на нефть",
    "Deja una respuesta",
    "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    "Leave a Reply",
    "Notify of",
    "Inline Feedbacks",
    "View all comments",
    "Add a comment",
    "Оставить комментарий",
    "Support independent journalism: donate today",
    "Share this:",
    "Compartir en Facebook",
    "Subscribe to our newsletter for daily updates",
    "Подписывайтесь на наш канал в Telegram",
    "Джон Коул жмет руку Лукашенко. Фото: president.gov.by",
    "Photo: Presidential press service",
    "Foto: EFE",
    "(Photo by Sergei Ivanov/AP)",
]

KEPT = [
    "Belarus released three political prisoners on Wednesday.",
    "Read the full statement, the ministry said, before the vote.",
    "Leer es un derecho, dijo el ministro de Cultura durante la visita.",
    "The photo showed the two leaders shaking hands in Minsk on Tuesday.",
    "Shares in Belaruskali fell after the sanctions were announced.",
    "Russia has massed tens of thousands of troops near the border with Ukraine.",
    "Comentarios del canciller: el Gobierno no aceptará presiones externas.",
    "Подписание соглашения намечено на следующую неделю.",
    "Support for the opposition has grown since 2020, analysts say.",
    "Donald Trump announced the seizure of a sanctioned supertanker off the country’s coast.",
]


@pytest.mark.parametrize("line", DROPPED)
def test_clean_drops_boilerplate(pipeline, line):
    article = clean(Article(id="t", text=f"Belarus freed prisoners.\n{line}\nThe envoy left."), pipeline.boilerplate)
    assert line not in article.clean_text and article.dropped_lines == [line.strip()]


@pytest.mark.parametrize("line", KEPT)
def test_clean_keeps_real_sentences(pipeline, line):
    article = clean(Article(id="t", text=line), pipeline.boilerplate)
    assert article.clean_text == line and not article.dropped_lines


def test_clean_unwraps_link_leftovers_and_maps_offsets(pipeline):
    text = "Foreign Minister [Vladimir Makei](#) paid visits.(#) Then [Rybakov](#)'s trip."
    article = clean(Article(id="t", text=text), pipeline.boilerplate)
    assert article.clean_text == "Foreign Minister Vladimir Makei paid visits. Then Rybakov's trip."
    position = article.clean_text.index("Rybakov")
    assert text[original_offset(article, position):].startswith("Rybakov")


@pytest.mark.parametrize("text, expected", [
    ("Боевики «Исламского государства» (ИГ, запрещена в РФ) атаковали пост.",
     "Боевики «Исламского государства» (ИГ) атаковали пост."),
    ("Движение «Талибан» (признано террористическим и запрещено в России) заявило о победе.",
     "Движение «Талибан» () заявило о победе."),
])
def test_clean_drops_the_legal_note_on_banned_groups(pipeline, text, expected):
    # Russian media add it to every mention of a banned group; Russia is no actor of the story
    assert clean(Article(id="t", text=text), pipeline.boilerplate).clean_text == expected
