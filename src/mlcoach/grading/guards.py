"""Screens for non-answers: text that must score low whatever words it contains.

Each check returns a flag code; `FLAG_REASONS` says why in words the learner can act on.
"""

from __future__ import annotations

import re

from mlcoach.grading.text import FUNCTION_WORDS, content_stems, function_word_ratio, tokens

FLAG_REASONS: dict[str, str] = {
    "empty": "The answer is empty or too short to grade.",
    "addressed_to_grader": "The answer contains instructions aimed at the grader; "
    "an answer that tries to steer its grading earns nothing.",
    "keyword_list": "The answer is a list of terms, not sentences: explain how they connect.",
    "keyword_stuffing": "Most of the answer strings key terms together without explaining "
    "them; only full explanatory sentences earn credit.",
    "echo": "The answer mostly restates the question without answering it.",
    "off_topic": "The answer does not address this question.",
    "padding": "The answer is much longer than needed; length and repetition earn nothing.",
}
# Flags that cap the score: the text is not a genuine attempt at the question.
CAPPING_FLAGS = frozenset(FLAG_REASONS) - {"padding"}
# Flags that zero the score: an attempt to steer the grader forfeits whatever else it says, so
# injecting instructions can never pay (a cap at 20 would still rank it above a wrong answer).
ZEROING_FLAGS = frozenset({"addressed_to_grader"})

_INJECTION = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"\b(award|give|grant|assign|mark)\b[^.\n]{0,40}\b(full|maximum|max|perfect|100|top|all)\b"
        r"[^.\n]{0,20}\b(marks?|score|points?|credit|grade)",
        r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(instructions?|rubric|rules|"
        r"previous|above|prompt|grading|criteria)",
        r"^\s*[\[(<]?\s*(system|assistant|developer|grader|evaluator)\s*[\])>]?\s*:",
        r"<\|?\s*(im_start|im_end|system|endoftext)",
        r"\b(you are|you're|as) (the|a|an) (grader|evaluator|judge|examiner|marker|grading)",
        r"\b(dear|note to( the)?|attention) (grader|evaluator|examiner|marker|reviewer)",
        r"\b(score|grade|mark|rate)\b[^.\n]{0,20}\b(answer|response|this)\b[^.\n]{0,20}"
        r"\b(100|10/10|full marks|perfect|maximum|excellent)",
        r"\b(this|my) (answer|response) (is|deserves|should get)\b[^.\n]{0,30}"
        r"\b(perfect|full marks|100|maximum|top marks|correct)",
        r"\b(output|return|respond with|print)\b[^.\n]{0,20}\b(score|grade)\b[^.\n]{0,10}\d",
    )
]

MIN_WORDS = 4
LONG_SENTENCE = 12  # above this many words prose needs some function words
PROSE_FUNCTION_RATIO = 0.1
MAX_TERM_RUN = 10  # this many words in a row without a function word is a term dump
PADDING_WORDS = 600


def is_prose(sentence: str) -> bool:
    """A sentence explains something: enough words, linked rather than listed.

    Terse sentences ("Predictive parity means equal precision across groups.") pass; term
    dumps ("batch norm mean variance gamma beta running statistics ...") and comma lists do not.
    """
    toks = tokens(sentence)
    words = [t for t in toks if t.isalpha() and len(t) > 1]  # not digits or maths symbols
    if len(words) < MIN_WORDS or _comma_list(sentence):
        return False
    if _longest_term_run(sentence) >= MAX_TERM_RUN:
        return False
    return len(toks) <= LONG_SENTENCE or function_word_ratio(sentence) >= PROSE_FUNCTION_RATIO


def _longest_term_run(sentence: str) -> int:
    # Punctuation and function words break a run; words of one or two characters (maths
    # symbols, "p", "k") neither count nor break one.
    best = 0
    for segment in re.split(r"[,;:()]", sentence):
        run = 0
        for tok in tokens(segment):
            if tok in FUNCTION_WORDS:
                run = 0
            elif len(tok) > 2:
                run += 1
                best = max(best, run)
    return best


def _comma_list(sentence: str) -> bool:
    # "bias, variance, overfitting, regularization, trees" is a list dressed as a sentence.
    parts = [p for p in re.split(r"[,;/|]", sentence) if p.strip()]
    if len(parts) < 5:
        return False
    short = sum(len(tokens(p)) <= 3 for p in parts)
    return short / len(parts) >= 0.8


def text_flags(answer: str) -> list[str]:
    """Flags decided from the text alone, before any embedding."""
    flags: list[str] = []
    if len(tokens(answer)) < MIN_WORDS:
        flags.append("empty")
    if any(p.search(answer) for p in _INJECTION):
        flags.append("addressed_to_grader")
    return flags


def structure_flags(sentences: list[str], prose: list[bool]) -> list[str]:
    """Flags about the answer's shape: lists of terms instead of explanations."""
    if not sentences:
        return []
    if not any(prose):
        return ["keyword_list"]
    words = [len(tokens(s)) for s in sentences]
    listy = sum(w for w, p in zip(words, prose, strict=True) if not p)
    return ["keyword_stuffing"] if listy > 0.6 * sum(words) else []


def echo_flag(answer: str, question: str, question_sims: list[float]) -> list[str]:
    """The answer adds (almost) nothing to the question it was asked."""
    new = set(content_stems(answer)) - set(content_stems(question))
    restated = bool(question_sims) and min(question_sims) >= 0.75
    return ["echo"] if len(new) < 3 or (restated and len(new) < 8) else []


def padding_flag(answer: str, reference: str) -> list[str]:
    words = len(tokens(answer))
    limit = max(PADDING_WORDS, 3 * len(tokens(reference)))
    return ["padding"] if words > limit else []
