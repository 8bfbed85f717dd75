"""Shared machinery of the graders: screening an answer and matching statements to sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.calibration import Calibration
from mlcoach.grading.embeddings import Embedder, encode_cached
from mlcoach.grading.features import AnswerView, make_view, reference_features
from mlcoach.grading.guards import is_prose, structure_flags, text_flags
from mlcoach.grading.text import content_stems, split_sentences

OFF_TOPIC_SIMILARITY = 0.3   # below this an answer relates to neither question nor rubric


@dataclass(frozen=True)
class Match:
    """How likely a statement is made by the answer, and by which sentence."""

    probability: float
    sentence: int


@dataclass(frozen=True)
class Screened:
    """An answer cut into sentences, with the ones that may serve as evidence."""

    usable: list[str]
    flags: list[str]

    @property
    def gradable(self) -> bool:
        return bool(self.usable) and "empty" not in self.flags


def screen(answer: str) -> Screened:
    """Sentences that explain something; repeated sentences count once."""
    flags = text_flags(answer)
    sentences = unique(split_sentences(answer))
    prose = [is_prose(s) for s in sentences]
    flags += structure_flags(sentences, prose)
    return Screened([s for s, ok in zip(sentences, prose, strict=True) if ok], flags)


def unique(sentences: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = " ".join(s.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def dedupe(flags: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(flags))


def view_of(question: str, sentences: list[str], embedder: Embedder) -> AnswerView:
    question_vec = encode_cached(embedder, (question,))[0]
    return make_view(sentences, embedder.encode(sentences), question_vec)


def match_all(question: str, texts: Sequence[str], view: AnswerView, embedder: Embedder,
              cal: Calibration) -> list[Match]:
    """Best sentence and coverage probability for each statement."""
    if not texts:
        return []
    vectors = encode_cached(embedder, tuple(texts))
    question_stems = frozenset(content_stems(question))
    out = []
    for text, vector in zip(texts, vectors, strict=True):
        probs = cal.probability(reference_features(text, vector, view, question_stems))
        best = int(np.argmax(probs))
        out.append(Match(float(probs[best]), best))
    return out


def off_topic(question: str, statements: Sequence[str], view: AnswerView,
              embedder: Embedder) -> list[str]:
    sims: NDArray[np.float32] = view.vectors @ encode_cached(
        embedder, (question, *statements)).T
    return ["off_topic"] if float(sims.max()) < OFF_TOPIC_SIMILARITY else []


def closest(texts: Sequence[str], text: str, embedder: Embedder) -> int:
    """Index of the statement most similar to `text`."""
    vectors = encode_cached(embedder, tuple(texts))
    return int(np.argmax(vectors @ encode_cached(embedder, (text,))[0]))
