"""Sentences: split clean article text into sentences with character offsets.

sentencex does the splitting inside a paragraph; it knows each language's
abbreviations ("Mr.", "Sr.", "U.S.", "EE.UU.", "г.") and keeps «» and “” quotes
together. Paragraphs are the text's lines, except that a line that stops mid-sentence
and a next line starting in lower case are joined (scrapers break lines inside
sentences). A piece ending in a single capital and a period ("Vladimir V.") is an initial
and runs on into the next piece (the price: "Group A. Moscow ..." stays one sentence).
Every sentence also gets its own language (see `language.py`).

A wire story's dateline ("MAIDUGURI, Nigeria (Reuters) -", "BOGOTÁ, 12 oct (EFE).-",
"МОСКВА, 12 окт —") is no part of its first sentence: it is kept apart as
`article.dateline`, where the story happens (see `find_dateline`).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from .language import LanguageIdentifier
from .records import Article, Dateline, Sentence
from .textnorm import fold

LOGGER = logging.getLogger(__name__)

# A sentence piece ending in a capitalised single-letter initial ("George W.", "Владимир В.").
INITIAL_END = re.compile(r"(?:^|\s)([^\W\d_])\.$")  # a single letter and a dot; capital: see `_ends_with_initial`
SENTENCE_END = re.compile(r"[.!?…»”\"'):]\s*$")
# Sentences longer than this are cut at the last space before the limit: runaway
# "sentences" (tables, lists without punctuation) cost time and hold no single event.
MAX_SENTENCE_CHARS = 1500
# A dateline: a place (capitals, or any case before a bracket), up to three comma parts (a
# country, a state, a date: "KADUNA, Nigeria, March 8, 2024"), an optional bracket (an agency,
# a country), then a dash, ".-" or a slashed agency, at the start of one of the first
# paragraphs. Punctuation only: no word of a language.
DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ '’.\-]*(?:[ '’.\-][^\W\d_]+)*\.?)"
    r"(?:\s*\((?P<country>[^()\n]{1,40})\))?"
    r"(?P<parts>(?:\s*,\s*[^\n,()\-—–/]{1,40}?){0,3})"
    r"\s*(?:\((?P<bracket>[^()\n]{1,40})\))?"
    r"(?:\s+[-—–]+|\s*\.\s*[-—–]|\s*[—–]|\s*\.?\s*/[^/\n]{1,20}/\.?)\s+(?=\S)")
# The same ending in a period, as TASS and Interfax write it ("МАЙДУГУРИ (Нигерия), 14 октября.
# Боевики ...", "КОНАКРИ. Власти ..."): the place must then be in capitals.
DATELINE_STOP = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ '’\-]*(?:[ '’\-][^\W\d_]+)*)"
    r"(?:\s*\((?P<bracket>[^()\n]{1,40})\))?"
    r"(?P<parts>(?:\s*,\s*[^\n,()\-—–/.]{1,30}){0,2})\.\s+(?=[^\W\d_])")
DATELINE_MIN_LETTERS = 3  # "LIMA.-" is a dateline, "US - China talks" is not
DATELINE_PARAGRAPHS = 3  # a title and a byline may come before the paragraph that opens with it


def split_sentences(article: Article, identifier: LanguageIdentifier | None = None) -> Article:
    """Fill `article.sentences` from `article.clean_text`."""
    lang = article.lang or "en"
    if identifier is not None and not identifier.may_switch_script(article.clean_text, lang):
        identifier = None  # one script throughout: every sentence is in the article's language
    sentences: list[Sentence] = []
    article.dateline = None
    for number, (start, end) in enumerate(paragraph_spans(article.clean_text)):
        if article.dateline is None and number < DATELINE_PARAGRAPHS:
            article.dateline = find_dateline(article.clean_text, start, end)
            if article.dateline is not None:
                start = article.dateline.end
        for s_start, s_end in sentence_spans(article.clean_text, start, end, lang):
            text = article.clean_text[s_start:s_end]
            s_lang = identifier.sentence_language(text, lang) if identifier else lang
            sentences.append(Sentence(index=len(sentences), start=s_start, end=s_end, text=text, lang=s_lang,
                                      folded=fold(text)))
    article.sentences = sentences
    return article


def find_dateline(text: str, start: int, end: int) -> Dateline | None:
    """The dateline opening the paragraph text[start:end], if it has one: a place written in
    capitals ("KHARKIV, Ukraine -", "LIMA.-", "ТЕГЕРАН, 5 марта. /ТАСС/.") or in any case
    before a bracket ("Caracas (AFP) -"), then a dash; or, in capitals, then a period
    ("МАЙДУГУРИ (Нигерия), 14 октября.", "КОНАКРИ."). `Dateline.end` is where the first
    sentence starts."""
    match = DATELINE.match(text, start, end)
    if match is None or not (match.group("place").isupper() or match.group("bracket") or match.group("country")):
        match = DATELINE_STOP.match(text, start, end)
        if match is None or not match.group("place").isupper():
            return None  # "Russian forces - ...": no dateline
    place = match.group("place")
    if match.end() >= end or sum(c.isalpha() for c in place) < DATELINE_MIN_LETTERS:
        return None  # "US - China talks": no dateline
    words = text[start:match.end()].rstrip(" -—–/.")
    return Dateline(start=start, end=match.end(), text=words)


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: lines, re-joined where a sentence runs on."""
    start = None
    end = 0
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if not line.strip():
            continue
        if start is not None and _continues(text[start:end], line):
            end = match.end()
            continue
        if start is not None:
            yield start, end
        start, end = match.start(), match.end()
    if start is not None:
        yield start, end


def _continues(previous: str, line: str) -> bool:
    first = line.lstrip()[:1]
    return bool(first) and first.islower() and not SENTENCE_END.search(previous)


def sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the sentences of text[start:end], stripped of spaces."""
    from sentencex import segment

    paragraph = text[start:end].replace("\n", " ")  # a re-joined paragraph is one run of text
    cursor = 0
    pending: tuple[int, int] | None = None
    for piece in segment(lang, paragraph):
        piece = piece.strip()
        if not piece:
            continue
        found = paragraph.find(piece, cursor)
        if found < 0:  # the segmenter normalised something; fall back to the cursor
            found = cursor
        span = (start + found, start + found + len(piece))
        cursor = found + len(piece)
        if pending and _ends_with_initial(text[pending[0]:pending[1]]) and piece[:1].isupper():
            pending = (pending[0], span[1])  # "Vladimir V. | Putin": an initial, not a sentence end
            continue
        if pending:
            yield from _bounded(*pending, text)
        pending = span
    if pending:
        yield from _bounded(*pending, text)


def _ends_with_initial(piece: str) -> bool:
    """Whether a piece ends in a capital letter standing alone before a dot, in any script."""
    match = INITIAL_END.search(piece)
    return bool(match) and match.group(1).isupper()


def _bounded(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut + 1
    if end > start:
        yield start, end
