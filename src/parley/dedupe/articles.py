"""Near-duplicate articles: syndicated copies, re-posts and translations of one story.

Twenty outlets that print one wire story are one report, not twenty. Each coded article
gets two MinHash fingerprints (datasketch):

- `text`: over its five-word shingles (folded words), for copies in one language that
  differ by boilerplate, a headline or a few edits;
- `content`: over three-token shingles of a language-neutral stream (per sentence in
  order: the resolved actors, the coded event types and the numbers), for a machine
  translation, whose words differ but whose who-did-what sequence does not. It is only
  compared across languages, and only for articles with at least `MIN_CONTENT_TOKENS`
  neutral tokens, since short streams of two countries look alike by chance. (On the
  planted test corpus a literal translation scores 0.77 and independent reports of one
  story at most 0.11.)

Grouping is a store-level stage (`group_articles`): MinHash LSH finds candidate pairs
without comparing all pairs, a pair joins when its estimated Jaccard similarity reaches
the threshold, and groups are the connected components.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..records import Article

PERMUTATIONS = 64
SEED = 7
TEXT_SHINGLE_WORDS = 5
CONTENT_SHINGLE_TOKENS = 3
TEXT_THRESHOLD = 0.6  # estimated Jaccard of word shingles
# LSH only proposes candidates; it is tuned to miss few pairs near the threshold (a pair
# at the threshold is proposed with probability ~0.99), and each candidate is then checked.
CANDIDATE_MARGIN = 0.2
CONTENT_THRESHOLD = 0.6  # estimated Jaccard of neutral-token shingles (across languages only)
MIN_CONTENT_TOKENS = 12
# Fewer shingles than this (a text under a dozen words) and formulaic one-liners ("X met
# Y in Z on Wednesday") would look like copies of each other: such articles get no text fingerprint.
MIN_TEXT_SHINGLES = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?!\d)|\d+")  # 30 000, 30,000, 30.000 -> 30000


@dataclass(frozen=True, slots=True)
class ArticleFingerprint:
    """What grouping needs of a stored article."""

    article_id: str
    lang: str | None
    text: bytes | None  # MinHash values, uint32, PERMUTATIONS of them
    content: bytes | None


@dataclass(frozen=True, slots=True)
class ArticleGroup:
    """Articles that tell the same story; `id` is the smallest article id of the group."""

    id: str
    members: tuple[str, ...]
    similarity: dict[str, float]  # member -> best estimated Jaccard with another member


def fingerprint_article(article: Article) -> Article:
    """Set the article's text and content fingerprints (None when it is too short to tell)."""
    shingles = text_shingles(article)
    article.text_fingerprint = _signature(shingles) if len(shingles) >= MIN_TEXT_SHINGLES else None
    tokens = content_tokens(article)
    article.content_fingerprint = (_signature(_shingles(tokens, CONTENT_SHINGLE_TOKENS))
                                   if len(tokens) >= MIN_CONTENT_TOKENS else None)
    return article


def text_shingles(article: Article) -> set[bytes]:
    """Five-word shingles of the folded sentences (the clean text when not split)."""
    if article.sentences:
        words = [w for s in article.sentences for w in _WORD.findall(s.folded or s.text.lower())]
    else:
        words = _WORD.findall((article.clean_text or article.text).lower())
    return _shingles(words, TEXT_SHINGLE_WORDS)


def content_tokens(article: Article) -> list[str]:
    """The language-neutral stream: per sentence, in order, its actors (a listed person's id,
    else the country; sectors and unresolved roles differ too much between translations),
    its numbers (thousands separators dropped) and its event types; repeats collapsed."""
    events_by_sentence: dict[int, list[str]] = {}
    for event in article.events:
        events_by_sentence.setdefault(event.sentence_index, []).append(event.event_type)
    tokens: list[str] = []
    for sentence in article.sentences:
        found = [(m.start, _stream_actor(m)) for m in sentence.mentions if _stream_actor(m)]
        found += [(m.start(), re.sub(r"\D", "", m.group())) for m in _NUMBER.finditer(sentence.text)]
        for token in [token for _, token in sorted(found)] + events_by_sentence.get(sentence.index, []):
            if not tokens or tokens[-1] != token:
                tokens.append(token)
    return tokens


def _stream_actor(mention) -> str | None:
    """A listed person's or body's id, else the country: a name read beside a role ("the
    Minister of Internal Affairs of Poland Marcin Kierwiński") is spelled another way in a
    translation, its country is not."""
    if mention.kind in ("person", "body") and mention.actor.id:
        return mention.actor.id
    return mention.actor.country or mention.actor.id


def group_articles(fingerprints: Iterable[ArticleFingerprint]) -> list[ArticleGroup]:
    """Groups of two or more near-duplicate articles, in id order."""
    from datasketch import MinHashLSH

    items = list(fingerprints)
    parent = {f.article_id: f.article_id for f in items}
    best: dict[str, float] = {}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def link(a: str, b: str, similarity: float) -> None:
        best[a], best[b] = max(best.get(a, 0.0), similarity), max(best.get(b, 0.0), similarity)
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    langs = {f.article_id: f.lang for f in items}
    for kind, threshold in (("text", TEXT_THRESHOLD), ("content", CONTENT_THRESHOLD)):
        lsh = MinHashLSH(threshold=threshold - CANDIDATE_MARGIN, num_perm=PERMUTATIONS, weights=(0.3, 0.7))
        values: dict[str, np.ndarray] = {}
        minhashes = {}
        for item in items:
            signature = getattr(item, kind)
            if signature is None:
                continue
            values[item.article_id] = np.frombuffer(signature, dtype=np.uint32)
            minhashes[item.article_id] = _minhash(values[item.article_id])
            lsh.insert(item.article_id, minhashes[item.article_id], check_duplication=False)
        for article_id, value in values.items():
            for other in lsh.query(minhashes[article_id]):
                if other <= article_id or (kind == "content" and langs[other] == langs[article_id]):
                    continue
                similarity = float(np.mean(value == values[other]))
                if similarity >= threshold:
                    link(article_id, other, similarity)
    members: dict[str, list[str]] = {}
    for article_id in parent:
        members.setdefault(find(article_id), []).append(article_id)
    return [ArticleGroup(root, tuple(sorted(ids)), {i: round(best[i], 3) for i in ids})
            for root, ids in sorted(members.items()) if len(ids) > 1]


def _shingles(tokens: list[str], size: int) -> set[bytes]:
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i:i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def _signature(shingles: set[bytes]) -> bytes | None:
    if not shingles:
        return None
    from datasketch import MinHash

    minhash = MinHash(num_perm=PERMUTATIONS, permutations=_permutations(), scheme="affine32")
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _minhash(values: np.ndarray):
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, hashvalues=values, permutations=_permutations(), scheme="affine32")


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The hash permutations, drawn once from the fixed seed, so fingerprints compare across runs."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED).permutations
