"""The bank's full-text index (SQLite FTS5): ranking, prefixes, filters, what is never indexed,
and snippets that never cut a formula in half."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from mlcoach.content import Bank, load_bank
from mlcoach.content.formulas import math_spans
from mlcoach.content.models import ConceptQuestion, Filters, KeyPoint
from mlcoach.services.search import (
    MAX_FORMULA,
    SearchHit,
    SearchIndex,
    SnippetRun,
    match_query,
    searchable_text,
)
from mlcoach.web.render import snippet_html
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
    assert any(run.match and run.text.lower().startswith("overflow") for run in hit.snippet)
    assert "\x02" not in hit.snippet_text and "\x03" not in hit.snippet_text


def test_a_snippet_shows_the_answer_rather_than_repeat_the_title() -> None:
    item = concept("kiwi", "The kiwi cannot fly: its wings are tiny.")
    item = item.model_copy(update={"prompt": "Why can a kiwi not fly?"})
    assert only_hit([item], "kiwi").snippet_text.startswith("The kiwi cannot fly")


def test_snippets_drop_emphasis_marks_but_not_a_formula_s_stars() -> None:
    hit = only_hit([concept("star", "A *kiwi* is not $x^*$ or $y^*$.")], "kiwi")
    assert hit.snippet_text.startswith("A kiwi is not $x^*$ or $y^*$.")


def test_a_challenge_snippet_skips_the_heading_that_repeats_its_title(index: SearchIndex) -> None:
    hit = index.search("softmax overflow", Filters(kind="challenge"))[0]
    assert hit.item.prompt.startswith(f"# {hit.item.title_text}\n")
    assert hit.item.title_text not in hit.snippet_text
    assert hit.snippet_text.startswith("Implement")  # where the prompt's text begins


def test_hidden_tests_and_solutions_are_never_indexed(bank: Bank) -> None:
    for challenge in bank.challenges():
        text = "\n".join(searchable_text(challenge))
        assert challenge.tests not in text
        assert challenge.solution.strip() not in text


def test_limit_is_respected(index: SearchIndex) -> None:
    assert len(index.search("", limit=3)) == 3
    assert len(index.search("the", limit=2)) == 2


# snippets and formulas ----------------------------------------------------------------------

FILLER = " ".join(f"filler{i}" for i in range(30))
SHORT_FORMULA = "$a_i + b_i + c_i + d_i + e_i$"


def long_formula(term: str = "w_{5}") -> str:
    """A formula longer than MAX_FORMULA whose sixth term is `term`."""
    terms = [f"w_{{{i}}} x_{{{i}}}" for i in range(12)]
    terms[5] = f"{term} x_{{5}}"
    return "$" + " + ".join(terms) + "$"


def concept(item_id: str, answer: str) -> ConceptQuestion:
    return ConceptQuestion(
        id=item_id,
        topic="ml",
        subtopic="general",
        difficulty=2,
        prompt="Explain it.",
        key_points=(KeyPoint(text="a point"),),
        model_answer=answer,
        follow_ups=("And then?",),
    )


def only_hit(items: list[ConceptQuestion], query: str) -> SearchHit:
    [hit] = SearchIndex(items).search(query)
    return hit


def formulas(hit: SearchHit) -> list[str]:
    return [run.text for run in hit.snippet if run.math]


def test_math_spans_follow_the_markdown_rules() -> None:
    assert math_spans("It costs $5 or $10 a month.") == ()
    text = "$x^2$ and $$\\sum_i x_i$$, a \\$3 fee, $a$1 and \\$"
    assert [text[start:end] for start, end in math_spans(text)] == ["$x^2$", "$$\\sum_i x_i$$"]


def test_a_formula_never_crosses_a_blank_line() -> None:
    assert math_spans("It costs $3.\n\nThen $y$ grows.") == ((19, 22),)


def test_a_short_formula_cut_by_the_snippet_is_completed() -> None:
    answer = f"{FILLER} so {SHORT_FORMULA} quokka is rare and then nothing at all happens {FILLER}"
    hit = only_hit([concept("short-cut", answer)], "quokka")
    assert formulas(hit) == [SHORT_FORMULA]
    assert hit.snippet[0] == SnippetRun("…") and hit.snippet[1].math


def test_a_long_formula_cut_by_the_snippet_is_left_out() -> None:
    formula = long_formula()
    assert len(formula) > MAX_FORMULA
    answer = f"{FILLER} so {formula} wombat is rare and then nothing at all happens {FILLER}"
    hit = only_hit([concept("long-cut", answer)], "wombat")
    assert formulas(hit) == []
    assert "$" not in hit.snippet_text and "x_{11}" not in hit.snippet_text
    assert hit.snippet[1] == SnippetRun("wombat", match=True)


def test_a_long_formula_that_holds_the_match_is_shown_whole_and_marked() -> None:
    formula = long_formula("numbat_{5}")
    hit = only_hit([concept("inside", f"{FILLER} and {formula} then {FILLER}")], "numbat")
    assert [run for run in hit.snippet if run.math] == [SnippetRun(formula, match=True, math=True)]


@pytest.mark.parametrize("query", ["gradient", "softmax", "variance", "attention", "loss"])
def test_shipped_snippets_hold_whole_formulas_only(index: SearchIndex, query: str) -> None:
    # the formulas a reader of the snippet alone would see are exactly its math runs
    hits = index.search(query, limit=500)
    assert any(run.math for hit in hits for run in hit.snippet)
    for hit in hits:
        text = hit.snippet_text.removeprefix("…").removesuffix("…")
        assert [text[start:end] for start, end in math_spans(text)] == formulas(hit), hit.item.id


def test_snippet_html_typesets_math_and_escapes_text() -> None:
    answer = "A <script>alert(1)</script> echidna with $x^2$, $\\text{<b>}$ and $echidna_i$."
    html = snippet_html(only_hit([concept("unsafe", answer)], "echidna").snippet)
    assert "<script" not in html and "<b>" not in html
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; <mark>echidna</mark> with <math" in html
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html
    assert "<mark><math" in html  # the formula holding a match is marked whole
    assert "$" not in html


def test_bank_page_shows_snippet_math_as_mathml(client: TestClient) -> None:
    html = client.get("/bank", params={"q": "sqrt d_k"}).text
    # only the snippet paragraphs: a card title can hold math of its own
    snippets = [part.split("</p>")[0] for part in html.split('<p class="snippet">')[1:]]
    assert snippets
    assert any("<math" in snippet for snippet in snippets)
    assert not any("$" in snippet for snippet in snippets)
