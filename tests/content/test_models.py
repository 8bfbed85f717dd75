"""Derived fields of content items: the one-line title of a concept question."""

from __future__ import annotations

import pytest

from mlcoach.content.models import TITLE_CHARS, first_sentence


def test_title_is_the_first_sentence_across_hard_wrapped_lines() -> None:
    prompt = "Why does gradient descent step along its\nnegative gradient? And when can it fail?"
    assert first_sentence(prompt) == "Why does gradient descent step along its negative gradient?"


def test_title_stops_at_the_first_paragraph_and_not_at_abbreviations() -> None:
    prompt = "Compare e.g. bagging and boosting\n\nThen say which one you would use."
    assert first_sentence(prompt) == "Compare e.g. bagging and boosting"


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = first_sentence("Explain " + "a very long clause " * 20 + "at the end.")
    assert len(title) <= TITLE_CHARS + 1 and title.endswith("clause…")


@pytest.mark.parametrize("gap", ["", "x " * 40])
def test_a_cut_never_splits_a_formula(gap: str) -> None:
    prompt = "Show that " + gap + "the loss $" + "L = " * 60 + "0$ is convex."
    title = first_sentence(prompt)
    assert title.endswith("…") and title.count("$") % 2 == 0
    assert "$" not in title  # the only formula was cut, so it is left out whole
