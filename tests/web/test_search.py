"""The bank's full-text index (SQLite FTS5): ranking, prefixes, filters, what is never indexed."""

from __future__ import annotations

import pytest

from mlcoach.content import Bank, load_bank
from mlcoach.content.models import Filters
from mlcoach.services.search import SearchIndex, match_query, searchable_text
from web.webtools import CONTENT


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(CONTENT).bank


@pytest.fixture(scope="module")
def index(bank: Bank) -> SearchIndex:
    return SearchIndex(bank.items.values())


def test_best_match_comes_first(index: SearchIndex) -> None:
    hits = index.search("numerically stable softmax")
    assert hits[0].item.id == "softmax"


def test_words_match_as_prefixes(index: SearchIndex) -> None:
    assert "scaled-dot-product-attention" in [h.item.id for h in index.search("attent")]


def test_every_word_must_match(index: SearchIndex) -> None:
    assert index.search("softmax zzzqqqx") == []


def test_fts_syntax_typed_by_a_user_is_plain_text(index: SearchIndex) -> None:
    assert match_query('NEAR("x" OR y:*') == '"near"* "x"* "or"* "y"*'
    assert index.search('dropout" OR "') != []
    assert match_query("  ?!  ") is None


def test_no_words_lists_filtered_items(index: SearchIndex, bank: Bank) -> None:
    hits = index.search("", Filters(kind="design"), limit=500)
    assert {h.item.id for h in hits} == {i.id for i in bank.of_kind("design")}


def test_filters_apply_to_matches(index: SearchIndex) -> None:
    hits = index.search("model", Filters(kind="concept", topic="deep-learning", difficulty=2))
    assert hits
    assert all(h.item.kind == "concept" and h.item.difficulty == 2 for h in hits)
    assert all(getattr(h.item, "topic", None) == "deep-learning" for h in hits)


def test_company_filter(index: SearchIndex, bank: Bank) -> None:
    hits = index.search("", Filters(company="google"), limit=500)
    assert hits and all("google" in h.item.companies for h in hits)


def test_challenge_topics_filter_matches_any_topic(index: SearchIndex, bank: Bank) -> None:
    challenge = bank.challenges()[0]
    topic = challenge.topics[-1]
    ids = [h.item.id for h in index.search("", Filters(kind="challenge", topic=topic), 500)]
    assert challenge.id in ids


def test_snippet_marks_the_matching_words(index: SearchIndex) -> None:
    hit = index.search("overflow")[0]
    assert any(matched and text.lower().startswith("overflow") for text, matched in hit.snippet)
    assert "\x02" not in hit.snippet_text and "\x03" not in hit.snippet_text


def test_hidden_tests_and_solutions_are_never_indexed(bank: Bank) -> None:
    for challenge in bank.challenges():
        text = "\n".join(searchable_text(challenge))
        assert challenge.tests not in text
        assert challenge.solution.strip() not in text


def test_limit_is_respected(index: SearchIndex) -> None:
    assert len(index.search("", limit=3)) == 3
    assert len(index.search("the", limit=2)) == 2
