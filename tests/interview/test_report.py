"""The scorecard as Markdown and as a self-contained HTML page."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from interview.builders import answer_and_grade, rubric_result, turn
from mlcoach.content.models import Blueprint, BlueprintSection
from mlcoach.interview.gaps import Gap
from mlcoach.interview.report import short, to_html, to_markdown
from mlcoach.interview.scorecard import Scorecard, build_scorecard
from mlcoach.interview.state import SessionState


def card(title: str = "Phone | screen") -> Scorecard:
    blueprint = Blueprint(
        id="bp",
        title=title,
        duration_minutes=20,
        sections=(
            BlueprintSection(id="s1", kind="concept", title="Concepts", minutes=10),
            BlueprintSection(id="s2", kind="design", title="Design", minutes=10),
        ),
    )
    state = SessionState(
        turns=[
            turn("q1", "concept", 300, title="What is <script>alert(1)</script> | bias?"),
            turn("q2", "concept", 300),
        ]
    )
    answer_and_grade(
        state, "Bias is error. Variance is spread.", rubric_result(90, [True, True, False]), 90
    )
    return build_scorecard(blueprint, state, {})


def test_markdown_has_every_part_of_the_scorecard() -> None:
    text = to_markdown(card(), "abc123", datetime(2026, 3, 2, 10, 30, tzinfo=UTC))
    assert text.startswith("# Mock interview scorecard: Phone \\| screen\n")
    assert "Session `abc123` (blueprint `bp`), finished 2026-03-02 10:30 UTC." in text
    for row in (
        "| Technical | 40% |",
        "| Communication | 30% |",
        "| Experience | 20% | not assessed |",
        "| Culture fit | 10% | not assessed |",
    ):
        assert row in text
    for heading in (
        "## Sections",
        "### Concepts",
        "### Design",
        "## Strengths",
        "## The three biggest gaps",
        "## What to practise next",
        "## How this scorecard is computed",
    ):
        assert f"\n{heading}\n" in text
    assert "No question was asked in this section." in text
    assert "1. **not answered**: Q2 (section" in text  # the title once
    assert "`mlcoach grade q2 --answer-file answer.md`" in text


def test_the_closing_note_says_how_each_dimension_is_computed() -> None:
    note = to_markdown(card(), "abc").split("## How this scorecard is computed", 1)[1]
    assert "**Technical (40%)**: time-weighted mean" in note
    assert "**Communication (30%)**: mean over every free-text answer of structure" in note
    assert "**Experience (20%)**: mean over experience stories" in note
    assert "**Culture fit (10%)**: mean over motivation and values answers" in note
    assert "**Overall**: the weighted mean" in note


def test_table_cells_escape_pipes_and_long_titles_are_cut() -> None:
    text = to_markdown(card(), "abc")
    assert "What is \\<script\\>alert(1)\\</script\\> \\| bias? (`q1`)" in text
    assert short("word " * 40, 20) == "word word word word…"


def test_text_from_blueprints_and_items_is_shown_as_written() -> None:
    """Titles may come from any blueprint file or imported deck: no Markdown of theirs runs."""
    title = "**Loud** `code` [link](javascript:alert(1)) <b>x</b> a_b_c & more"
    page = to_html(to_markdown(card(title), "abc"), "t")
    parser = Tags()
    parser.feed(page)
    assert {"strong", "a", "b"} & set(parser.tags) == {"strong"}  # only the report's own bold
    assert "<h1>Mock interview scorecard: **Loud** `code` [link](javascript:alert(1)) " in page
    assert "&lt;b&gt;x&lt;/b&gt; a_b_c &amp; more</h1>" in page


def test_weak_code_is_reworked_in_the_workspace_and_text_through_the_grader() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300), turn("c1", "challenge", 600)])
    answer_and_grade(state, "Bias is error.", rubric_result(10, [False]), 10)
    answer_and_grade(state, "def f(): ...", {"verdict": "WA", "passed": 0, "total": 8}, 0)
    blueprint = Blueprint(
        id="bp",
        title="Mixed",
        duration_minutes=20,
        sections=(BlueprintSection(id="s1", kind="concept", title="Mixed", minutes=15),),
    )
    text = to_markdown(build_scorecard(blueprint, state, {}), "abc")
    assert "- Rework `c1`: `mlcoach challenge start c1`" in text
    assert "- Rework `q1`: `mlcoach grade q1 --answer-file answer.md`" in text


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_is_one_self_contained_page_with_content_escaped() -> None:
    page = to_html(to_markdown(card(), "abc"), "Scorecard: <Phone>")
    parser = Tags()
    parser.feed(page)
    assert page.startswith("<!doctype html>")
    assert "<title>Scorecard: &lt;Phone&gt;</title>" in page
    assert "table" in parser.tags and "style" in parser.tags
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http" not in page  # no external assets


def test_a_gap_whose_title_ends_a_sentence_gets_no_second_stop() -> None:
    scorecard = card()
    scorecard.gaps = [
        Gap(
            text="Sets the gradient to zero",
            item_id="ols",
            title="Derive the OLS solution using matrix calculus.",
            section_id="s1",
            topic="statistics",
            minutes_lost=1.5,
        )
    ]
    text = to_markdown(scorecard, "abc")
    assert (
        "1. **Sets the gradient to zero**: Derive the OLS solution using matrix calculus. "
        "(section `s1`, about 1.5 min of interview time)"
    ) in text
    assert "., section" not in text


def test_formulas_are_kept_as_written_in_markdown_and_html() -> None:
    """Escaping `\\leftarrow` doubled its backslash in the file; `Q^*` lost its stars to
    emphasis in a reader without math. A formula is inline code instead."""
    scorecard = card(title="Is $p(y|x)$ the posterior?")
    scorecard.gaps = [
        Gap(
            text=r"Momentum keeps a velocity $v \leftarrow \mu v + g$ and steps along it",
            item_id="momentum",
            title=r"Why is $Q^*(s,a) = \max_{a'} Q^*(s',a')$ a fixed point?",
            section_id="s1",
            topic="deep-learning",
            minutes_lost=1.0,
        )
    ]
    text = to_markdown(scorecard, "abc")
    assert r"**Momentum keeps a velocity `$v \leftarrow \mu v + g$` and steps along it**" in text
    assert r"Why is `$Q^*(s,a) = \max_{a'} Q^*(s',a')$` a fixed point?" in text
    assert "\\\\leftarrow" not in text
    page = to_html(text, "t")
    assert r"<code>$v \leftarrow \mu v + g$</code>" in page
    assert r"<code>$Q^*(s,a) = \max_{a'} Q^*(s',a')$</code>" in page
    assert "<h1>Mock interview scorecard: Is <code>$p(y|x)$</code> the posterior?</h1>" in page


def test_a_formula_with_a_bar_stays_in_its_table_cell() -> None:
    scorecard = card()
    scorecard.sections[0].questions[0].title = "Is $p(y|x)$ a | posterior?"
    page = to_html(to_markdown(scorecard, "abc"), "t")
    assert "<td>Is <code>$p(y|x)$</code> a | posterior? (<code>q1</code>)</td>" in page


def test_prices_are_not_formulas() -> None:
    assert "scorecard: Costs $5 or $10\n" in to_markdown(card(title="Costs $5 or $10"), "abc")
