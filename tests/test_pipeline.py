"""The pipeline: an article a stage fails on is skipped with a warning, the rest are coded."""
from __future__ import annotations

import logging

from parley.pipeline import code_or_skip
from parley.records import Article


def test_pipeline_skips_an_article_a_stage_fails_on_and_codes_the_rest(pipeline, caplog):
    good = Article(id="good", text="Belarus released three prisoners.", lang="en")
    broken = Article(id="broken", text="Belarus released three prisoners.", lang="en")
    broken.text = None  # a library user's mistake reaches the stages
    with caplog.at_level(logging.WARNING, logger="parley.pipeline"):
        coded = code_or_skip(pipeline, [broken, good])
    assert [a.id for a in coded] == ["good"]
    assert [e.event_type for e in coded[0].events] == ["CONCEDE"]
    assert any(r.getMessage().startswith("broken: not coded, skipped") for r in caplog.records)
