"""Case and agreement from pymorphy3, for the languages whose grammar.tsv names it."""
from __future__ import annotations

from parley.morphology import cases, may_be_nominative, may_be_subject_of


def test_cases_of_known_words():
    assert "Nom" in cases("эстония", "ru") and "Nom" not in cases("дипломатов", "ru")
    assert "Ins" in cases("латвией", "ru")


def test_an_unknown_word_may_be_in_any_case():
    """A foreign name the dictionary lacks is no evidence of case: its guesses are not used."""
    assert "Nom" in cases("рютте", "ru") and may_be_nominative("Марк Рютте", "ru")


def test_a_subject_agrees_with_its_verb():
    assert may_be_subject_of("Румыния", "поддержала", "ru")
    assert not may_be_subject_of("Молдавии", "поддержала", "ru")  # a nominative plural, but the verb is singular
    assert not may_be_subject_of("Решение", "осудил", "ru")  # neuter noun, masculine verb


def test_a_language_without_an_analyser_has_no_case():
    assert cases("gobierno", "es") == frozenset()
