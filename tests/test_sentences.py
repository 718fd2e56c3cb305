"""Sentences: abbreviations, quotes and broken lines in en/es/ru news text."""
from __future__ import annotations

import pytest

from parley.clean import clean
from parley.language import detect_language
from parley.records import Article
from parley.sentences import split_sentences


def split(pipeline, text, lang):
    article = clean(Article(id="t", text=text, lang=lang), pipeline.boilerplate)
    return [s.text for s in split_sentences(article, pipeline.identifier).sentences]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Mr. Lukashenko met the U.S. envoy on Tuesday. The envoy left.",
     ["Mr. Lukashenko met the U.S. envoy on Tuesday.", "The envoy left."]),
    ("en", "The U.S. Department of Justice alleges fraud. Maduro denies it.",
     ["The U.S. Department of Justice alleges fraud.", "Maduro denies it."]),
    ("es", "El Sr. Smith llegó a Minsk. EE.UU. impuso sanciones.", ["El Sr. Smith llegó a Minsk.", "EE.UU. impuso sanciones."]),
    ("es", "«Es una gran victoria», dijo. La Sra. Khomich habló el miércoles.",
     ["«Es una gran victoria», dijo.", "La Sra. Khomich habló el miércoles."]),
    ("ru", "В 2020 г. Лукашенко встретился с послом. США ввели санкции.",
     ["В 2020 г. Лукашенко встретился с послом.", "США ввели санкции."]),
    ("ru", "«Мы готовы к диалогу», — сказал он. Переговоры прошли в Минске.",
     ["«Мы готовы к диалогу», — сказал он.", "Переговоры прошли в Минске."]),
    ("es", "Trump tuvo una llamada con el presidente Vladimir V. Putin. Luego viajó.",
     ["Trump tuvo una llamada con el presidente Vladimir V. Putin.", "Luego viajó."]),
    ("en", "George W. Bush met Putin in Ljubljana. They talked.",
     ["George W. Bush met Putin in Ljubljana.", "They talked."]),
    ("ru", "Владимир В. Путин принял посла. Встреча прошла в Кремле.",
     ["Владимир В. Путин принял посла.", "Встреча прошла в Кремле."]),
])
def test_sentences_split(pipeline, lang, text, expected):
    assert split(pipeline, text, lang) == expected


@pytest.mark.parametrize("lang, text, dateline, first", [
    ("en", "MAIDUGURI, Nigeria (Reuters) - Gunmen attacked a village. Ten died.",
     "MAIDUGURI, Nigeria (Reuters)", "Gunmen attacked a village."),
    ("en", "NAIROBI (AP) — Police fired tear gas.", "NAIROBI (AP)", "Police fired tear gas."),
    ("en", "Caracas (AFP) - The government said so.", "Caracas (AFP)", "The government said so."),
    ("es", "IRAPUATO, Gto.- Un comando armado irrumpió en un bar.", "IRAPUATO, Gto",
     "Un comando armado irrumpió en un bar."),
    ("es", "JARTUM, 14 nov (EFE).- Las FAR lanzaron un ataque.", "JARTUM, 14 nov (EFE)", "Las FAR lanzaron un ataque."),
    ("ru", "МОСКВА, 12 окт — Россия выслала дипломата.", "МОСКВА, 12 окт", "Россия выслала дипломата."),
    ("ru", "МАЙДУГУРИ (Нигерия), 14 октября. Боевики атаковали базу.", "МАЙДУГУРИ (Нигерия), 14 октября",
     "Боевики атаковали базу."),
    ("ru", "КОНАКРИ. Власти Гвинеи заявили о заговоре.", "КОНАКРИ", "Власти Гвинеи заявили о заговоре."),
    ("en", "Headline on the attack\n\nKABUL, Afghanistan - Aircraft struck targets.", "KABUL, Afghanistan",
     "Aircraft struck targets."),
])
def test_dateline_is_kept_apart_from_the_first_sentence(pipeline, lang, text, dateline, first):
    article = clean(Article(id="t", text=text, lang=lang), pipeline.boilerplate)
    split_sentences(article)
    assert article.dateline is not None and article.dateline.text == dateline
    assert first in [s.text for s in article.sentences]
    assert all(s.start >= article.dateline.end for s in article.sentences if s.text == first)


@pytest.mark.parametrize("text", [
    "US - China talks resumed on Monday.",  # an acronym of two letters
    "Russian forces - said to number 10,000 - crossed the border.",  # no capitals, no agency bracket
    "The UN said on Monday - after talks - that aid would flow.",
    "Rebels attacked a village in Borno state on Monday.",
    "EU. The bloc met on Monday.",  # two capitals and a period: no dateline
    "Mr. Smith met Putin.",
])
def test_no_dateline_in_an_ordinary_opening(pipeline, text):
    article = clean(Article(id="t", text=text, lang="en"), pipeline.boilerplate)
    split_sentences(article)
    assert article.dateline is None
    assert article.sentences[0].text.startswith(text.split()[0])


def test_sentences_join_lines_broken_mid_sentence(pipeline):
    text = "Belarus is eager to make use of Cuba's weight among\n\nother third-world countries. Cuba agrees."
    assert split(pipeline, text, "en")[0].endswith("other third-world countries.")


def test_sentences_keep_headlines_apart(pipeline):
    assert split(pipeline, "US envoy meets Lukashenko\n\nA US diplomat met him on Tuesday.", "en") == \
        ["US envoy meets Lukashenko", "A US diplomat met him on Tuesday."]


def test_sentences_offsets_point_into_text(pipeline):
    text = "Headline here\n\nFirst sentence. Second one."
    article = clean(Article(id="t", text=text, lang="en"), pipeline.boilerplate)
    for s in split_sentences(article).sentences:
        assert article.clean_text[s.start:s.end] == s.text


def test_language_per_article_and_per_sentence(pipeline):
    text = ("The new US administration appears determined to remove the politician whom Washington does "
            "not consider legitimate.\nДжон Коул жмет руку Лукашенко на встрече в Минске во вторник.\n"
            "At the same time, the ambassador has been making frequent trips to Belarus.")
    article = detect_language(clean(Article(id="t", text=text), pipeline.boilerplate), pipeline.identifier)
    split_sentences(article, pipeline.identifier)
    assert article.lang == "en"
    assert [s.lang for s in article.sentences] == ["en", "ru", "en"]


@pytest.mark.parametrize("text, lang", [
    ("El presidente estadounidense habló el jueves con su homólogo ruso sobre la situación en Ucrania.", "es"),
    ("Президент Белоруссии встретился с послом Венесуэлы в Минске во вторник.", "ru"),
    ("The foreign minister held talks with his Cuban counterpart in Havana on Monday.", "en"),
])
def test_language_detects_article_language(pipeline, text, lang):
    article = detect_language(clean(Article(id="t", text=text), pipeline.boilerplate), pipeline.identifier)
    assert article.lang == lang
