"""The terminal renderer: Markdown with formulas kept as written, and grades of every kind."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

from mlcoach.cli import render

BELLMAN = r"$Q^*(s,a) = \mathbb{E}[r + \gamma \max_{a'} Q^*(s',a')]$"


@pytest.fixture()
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """What `render` prints, on a wide terminal without colours."""
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=200, color_system=None))
    return out


def shown(out: io.StringIO) -> str:
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


# --- Markdown ----------------------------------------------------------------------------------


def test_a_formula_prints_as_written_stars_and_backslashes_included(screen: io.StringIO) -> None:
    render.markdown(f"- The Bellman optimality equation {BELLMAN} holds.\n\n$$x_i = *y*$$\n")
    text = shown(screen)
    assert BELLMAN in text  # Rich alone printed "$Q^(s,a) = ... Q^(s',a')]$"
    assert "$$x_i = *y*$$" in text


def test_emphasis_and_code_outside_formulas_still_render(screen: io.StringIO) -> None:
    render.markdown("A *light* word, `$HOME` in code and $a*b$.\n\n```\necho $x $y\n```\n")
    text = shown(screen)
    assert "A light word, $HOME in code and $a*b$." in text
    assert "echo $x $y" in text and "`" not in text


def test_math_as_code_leaves_prices_code_and_escaped_dollars_alone() -> None:
    assert render.math_as_code("It costs $5 or $10.") == "It costs $5 or $10."
    assert render.math_as_code(r"Pay \$3 for $x^2$.") == r"Pay \$3 for `$x^2$`."
    fenced = "```python\nprice = '$a$'\n```\nthen $b$"
    assert render.math_as_code(fenced) == "```python\nprice = '$a$'\n```\nthen `$b$`"
    assert render.math_as_code("`$a$` and $b$") == "`$a$` and `$b$`"
    assert render.code_span("$a`b$") == "``$a`b$``"  # a longer fence than any run inside
    assert render.code_span("`b`") == "`` `b` ``"


# --- grades ------------------------------------------------------------------------------------


def point(text: str, covered: bool, evidence: str = "", **extra: Any) -> dict[str, Any]:
    return {"text": text, "covered": covered, "evidence": evidence, **extra}


def test_a_concept_grade_marks_points_and_quotes_the_misconception(screen: io.StringIO) -> None:
    render.grade_result(
        {
            "score": 41,
            "key_points": [
                point("Zeroes units at random", True, "It drops units at random.", partial=True),
                point("Disabled at inference", False),
            ],
            "misconceptions": [
                {
                    "text": "Dropout removes layers for good",
                    "evidence": "Dropout removes whole layers.",
                    "cost_point": "Disabled at inference",
                }
            ],
            "flags": [],
            "feedback": "Covered 1 of 2 key points, 1 of them only in part (score 41/100).",
        }
    )
    text = shown(screen)
    assert "Score 41/100" in text
    assert " ✓ Zeroes units at random (only in part)\n     “It drops units at random.”" in text
    assert " ✗ missed: Disabled at inference" in text
    assert (
        " misconception: Dropout removes layers for good "
        "(you said: “Dropout removes whole layers.”)"
    ) in text
    assert "{" not in text and "cost_point" not in text  # no Python dict


def test_a_design_grade_shows_each_step_with_its_points(screen: io.StringIO) -> None:
    render.grade_result(
        {
            "score": 55,
            "steps": {
                "requirements": {"score": 100, "key_points": [point("Latency budget", True)]},
                "serving": {"score": 0, "key_points": [point("A/B test on watch time", False)]},
            },
            "mistakes": ["no_monitoring"],
            "pitfalls": ["Optimises clicks alone"],
            "flags": [],
            "feedback": "Weakest step: serving (0/100).",
        }
    )
    text = shown(screen)
    assert "requirements 100/100\n ✓ Latency budget\nserving 0/100\n ✗ missed: A/B test" in text
    assert " pitfall: Optimises clicks alone" in text
    assert text.endswith("Weakest step: serving (0/100).")


def test_a_story_grade_shows_the_star_parts_and_the_signals(screen: io.StringIO) -> None:
    render.grade_result(
        {
            "score": 70,
            "parts": {
                "situation": {"present": True, "evidence": "At my last job the model failed."},
                "task": {"present": False, "evidence": ""},
            },
            "thin_part": "task",
            "ownership": 0.714,
            "measurable_results": ["Error fell by 12 percent."],
            "lessons": [],
            "key_points": [point("Names the root cause", True, "The data leaked.")],
            "red_flags": ["Blames the data team"],
            "flags": [],
            "feedback": "The story has no clear task.",
        }
    )
    text = shown(screen)
    assert "STAR parts\n ✓ situation: “At my last job the model failed.”\n ✗ missing: task" in text
    assert "ownership 71% (“I” rather than “we”) · measurable result ✓ · lesson ✗" in text
    assert "Strong signals\n ✓ Names the root cause\n     “The data leaked.”" in text
    assert " red flag: Blames the data team" in text


def test_grade_text_is_not_read_as_rich_markup(screen: io.StringIO) -> None:
    render.grade_result(
        {"score": 5, "key_points": [point("[bold]x[/] in a list [0]", False)], "feedback": ""}
    )
    assert "✗ missed: [bold]x[/] in a list [0]" in shown(screen)
