"""The discourse: what the sentences before told, which the coding of the next one may use.

News tells one episode over consecutive sentences, so an event may take from the sentences
before it its subject (a language that drops a repeated subject: "Maduro habló en la
televisión. Acusó a Estados Unidos ..."), its date ("On Wednesday Smith met Lukashenko. He
also released ..."), its target (a reaction naming an earlier event by its noun, a move
"there"), all kept here in one record that `code_events` advances sentence by sentence.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date

from ..records import Event, Mention, Sentence

DATE_CARRY_SENTENCES = 2  # an undated event takes the date of events at most this many sentences before
ECHO_SENTENCES = 6  # a reaction may name by its noun an event told at most this many sentences before


@dataclass(slots=True)
class Discourse:
    """What earlier sentences of the article told."""

    published: date | None = None
    subject: Mention | None = None  # who acted first in the sentence before (or the subject it carried)
    recent: deque[Event] = field(default_factory=deque)  # events of the last ECHO_SENTENCES sentences
    dated: tuple[int, str] | None = None  # (sentence index, date) of the latest dated events
    before: Sentence | None = None  # the sentence before
    states: list[Mention] = field(default_factory=list)  # states named in the sentence before, in order
    setting: dict | None = None  # {"text", "country"}: where the story happens (its dateline, else its first place)

    def advance(self, sentence: Sentence) -> None:
        """Forget what is too far back for `sentence`: kept as a sliding window, since
        rebuilding it per sentence would cost O(n^2) on a long article."""
        while self.recent and sentence.index - self.recent[0].sentence_index > ECHO_SENTENCES:
            self.recent.popleft()

    def date_before(self, index: int) -> str | None:
        """The date of the events told at most DATE_CARRY_SENTENCES before sentence `index`."""
        if self.dated and index - self.dated[0] <= DATE_CARRY_SENTENCES:
            return self.dated[1]
        return None

    def foreign_state_before(self, country: str | None) -> Mention | None:
        """The last state other than `country` the sentence before named."""
        return next((m for m in reversed(self.states) if m.actor.country != country), None)

    def remember(self, sentence: Sentence, found: list[Event], subject: Mention | None) -> None:
        """Take in the events of `sentence` once coded."""
        self.subject = subject
        dated = [e.date for e in found if e.date and "date:carried_from_before" not in e.rules]
        carried = self.date_before(sentence.index)
        if found and (dated or carried):
            self.dated = (sentence.index, dated[0] if dated else carried)
        self.recent.extend(found)
        self.before = sentence
        self.states = [m for m in sentence.mentions if m.actor.country]
