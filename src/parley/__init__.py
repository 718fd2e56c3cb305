"""Parley: multilingual news in, coded political events (PLOVER/CAMEO) out.

    >>> from parley import code_text
    >>> article = code_text("Belarus released three political prisoners on Tuesday.", lang="en")
"""
import logging

from .errors import DataFileError, InputError, ParleyError, StoreError
from .pipeline import Pipeline, code_articles, code_text
from .records import Actor, Article, Event, Mention, Sentence
from .store import Store

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Actor", "Article", "DataFileError", "Event", "InputError", "Mention", "ParleyError", "Pipeline",
    "Sentence", "Store", "StoreError", "code_articles", "code_text",
]
