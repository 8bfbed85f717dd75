"""Follow-up questions and the short feedback text of a graded answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from mlcoach.grading.coverage import encode_statements
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.guards import FLAG_REASONS
from mlcoach.grading.text import FUNCTION_WORDS, content_stems, plain, stem
from mlcoach.grading.types import MisconceptionHit, PointResult, Rubric

FOLLOW_UP_SIMILARITY = 0.35  # below this no listed follow-up is about the missed point


def weightiest_missed(results: Sequence[PointResult]) -> PointResult | None:
    """The missed point that costs most; ties go to the one the answer came least close to."""
    missed = [p for p in results if not p.covered]
    if not missed:
        return None
    return max(missed, key=lambda p: (p.weight, -p.confidence))


def follow_up(rubric: Rubric, results: Sequence[PointResult], embedder: Embedder) -> str:
    """A question aimed at the weightiest missed point, or a deepening one if none was missed."""
    target = weightiest_missed(results)
    if target is None:
        return rubric.follow_ups[0] if rubric.follow_ups else ""
    if rubric.follow_ups:
        vectors = encode_statements(embedder, rubric.follow_ups)
        point = encode_statements(embedder, (target.text,))[0]
        sims = vectors @ point
        best = int(np.argmax(sims))
        if float(sims[best]) >= FOLLOW_UP_SIMILARITY:
            return rubric.follow_ups[best]
    return generated_follow_up(target.text, rubric.question)


# "X is a/the/how ..." defines X: ask for the definition rather than "why that holds".
_DEFINITION = re.compile(r"^(.{2,60}?)\s+(?:is|are|means)\s+(?:a|an|the|how|what|when|where)\b")
_PLURAL_VERBS = frozenset({"are", "were", "have", "do"})
_ARTICLES = frozenset({"a", "an", "the"})
_ADVERBS = frozenset({"often", "always", "never", "rarely", "sometimes", "still", "also"})
MAX_SUBJECT_WORDS = 4
OPEN_QUESTION = "What else matters here that your answer has not covered yet?"


def generated_follow_up(point: str, question: str = "") -> str:
    """A question about a missed rubric statement that names its topic, not its content: a
    follow-up that states the missed answer teaches nothing about what the candidate knows.
    Words the `question` names belong to the topic ("embedded methods", "squared error")."""
    statement = plain(point).strip().rstrip(".")
    definition = _DEFINITION.match(statement)
    if definition and _names_a_thing(definition.group(1)):
        return f"How would you define {_in_sentence(definition.group(1))} precisely?"
    subject = _subject(statement, frozenset(content_stems(question)))
    if not subject:
        return OPEN_QUESTION
    return f"What more can you say about {_in_sentence(subject)}?"


def _subject(statement: str, named: frozenset[str] = frozenset()) -> str:
    """The words before the statement's verb ("Inverted dropout" in "Inverted dropout scales
    ..."); "" when it opens with a verb or an adverb ("Equivalently minimises ..."). Words
    the question names (`named`, stems) are always part of it.
    Without a tagger the verb is guessed: a function word, an adverb in -ly, a word in -ed, a
    symbol, or a word in -s after the subject's first word or before a function word (plural
    nouns are let through when "are", "were", "have" or "do" comes next)."""
    words = statement.split()
    out: list[str] = []
    for index, raw in enumerate(words):
        word = raw.strip(",;:()").lower()
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        if index == 0 and word in _ARTICLES:
            out.append(raw)
            continue
        if not (stem(word) in named and word not in FUNCTION_WORDS):  # named: a topic word
            if _not_a_noun(word) and not (index == 0 and word.endswith("ed")):  # "Inverted ..."
                break
            if _verb_in_s(word, following) and (out or following in FUNCTION_WORDS):
                break  # "Momentum keeps a ...", or a point that opens with its verb: "Asks ..."
        out.append(raw.strip(",;:()"))
        if len(out) == MAX_SUBJECT_WORDS or raw.endswith((",", ";", ":")) or _plural(word):
            break  # a plural noun ends the phrase: "Embedded methods (select ...)"
    return " ".join(out) if any(w.lower() not in _ARTICLES for w in out) else ""


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _verb_in_s(word: str, following: str) -> bool:
    return _plural(word) and following not in _PLURAL_VERBS


def _not_a_noun(word: str) -> bool:
    return (
        not word.replace("-", "").isalpha()
        or word in FUNCTION_WORDS
        or word in _ADVERBS
        or word.endswith(("ly", "ed"))
    )


def _names_a_thing(phrase: str) -> bool:
    """A definition's subject: a few words, no clause ("At inference BN is ..." is not one)."""
    first = phrase.split()[0].lower()
    return "," not in phrase and (first in _ARTICLES or first not in FUNCTION_WORDS)


def _in_sentence(phrase: str) -> str:
    """Lower-case a phrase's first word for use mid-sentence, unless it is an acronym or a
    name ("MDP", "PyTorch")."""
    first, _, rest = phrase.partition(" ")
    if first[1:] != first[1:].lower() or (len(first) > 1 and first.isupper()):
        return phrase
    return f"{first.lower()} {rest}".strip()


def summary(
    score: int,
    results: Sequence[PointResult],
    hits: Sequence[MisconceptionHit],
    flags: Sequence[str],
) -> str:
    """Two to four short sentences: what was covered, what was missed, what was wrong, why."""
    parts = [reason for flag in flags if (reason := FLAG_REASONS.get(flag))]
    covered = sum(p.covered for p in results)
    partly = sum(p.covered and p.share < 1 for p in results)
    in_part = f", {partly} of them only in part" if partly else ""
    parts.append(f"Covered {covered} of {len(results)} key points{in_part} (score {score}/100).")
    missed = [p.text for p in sorted(results, key=lambda p: -p.weight) if not p.covered]
    if missed:
        parts.append(_full_stop("Missing: " + "; ".join(_short(t) for t in missed[:3])))
    for hit in hits:
        parts.append(
            f'Incorrect claim: "{_short(hit.evidence)}" — {_short(hit.text)} is a misconception.'
        )
    return " ".join(parts)


def _full_stop(sentence: str) -> str:
    """End a sentence with a full stop, unless it already ends in a cut ("…") or a stop."""
    return sentence if sentence.endswith(("…", ".", "?", "!")) else f"{sentence}."


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
