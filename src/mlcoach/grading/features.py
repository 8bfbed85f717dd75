"""Evidence features for "does this sentence state this reference statement?".

Every feature describes one (reference, sentence) pair, never the whole answer, so a model fitted
on short one-sentence student answers transfers to long answers scored sentence by sentence.
The same features serve the rubric grader (reference = a key point or a misconception) and the
SemEval calibration (reference = the reference answer), so the coefficients fitted on public
labelled data are the ones the grader uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.embeddings import Matrix
from mlcoach.grading.text import (
    antonym_conflicts_in,
    content_stems,
    has_negation,
    tokens,
    word_stems,
)

FEATURE_NAMES: tuple[str, ...] = (
    "sim",  # cosine(reference, sentence)
    "lex",  # share of the reference's content stems found in the sentence
    "lex_novel",  # same, counting only stems that are not already in the question
    "q_sim",  # cosine(question, sentence): high when the sentence restates the question
    "negation_flip",  # exactly one of reference and sentence is negated
    "antonym_flip",  # the sentence swaps a word of the reference for its antonym
    "sent_len",  # log(1 + words in the sentence)
    "ref_len",  # log(1 + content words in the reference)
)


@dataclass(frozen=True)
class AnswerView:
    """An answer split into sentences, with everything the features need precomputed."""

    sentences: tuple[str, ...]
    vectors: Matrix
    stems: tuple[frozenset[str], ...]
    negated: tuple[bool, ...]
    lengths: NDArray[np.float64]
    question_sims: NDArray[np.float32]
    parents: tuple[int, ...] = ()  # for each unit, the unit of the sentence it was cut from
    words: tuple[frozenset[str], ...] = ()  # stems of every token, stopwords included


def make_view(
    sentences: list[str],
    vectors: Matrix,
    question_vector: NDArray[np.float32],
    parents: list[int] | None = None,
) -> AnswerView:
    stems = tuple(frozenset(content_stems(s)) for s in sentences)
    return AnswerView(
        sentences=tuple(sentences),
        vectors=vectors,
        stems=stems,
        negated=tuple(has_negation(s) for s in sentences),
        lengths=np.array([math.log1p(len(tokens(s))) for s in sentences]),
        question_sims=(vectors @ question_vector).astype(np.float32),
        parents=tuple(parents if parents is not None else range(len(sentences))),
        words=tuple(word_stems(s) for s in sentences),
    )


def reference_features(
    reference: str,
    ref_vector: NDArray[np.float32],
    view: AnswerView,
    question_stems: frozenset[str],
) -> NDArray[np.float64]:
    """One feature row per answer sentence for one reference statement."""
    ref_stems = content_set(reference)
    ref_words = word_stems(reference)
    novel = ref_stems - question_stems or ref_stems
    ref_neg = has_negation(reference)
    sims = view.vectors @ ref_vector
    rows = np.zeros((len(view.sentences), len(FEATURE_NAMES)))
    rows[:, 0] = sims
    rows[:, 3] = view.question_sims
    rows[:, 6] = view.lengths
    rows[:, 7] = math.log1p(len(ref_stems))
    for i in range(len(view.sentences)):
        rows[i, 1] = _share(ref_stems, view.stems[i])
        rows[i, 2] = _share(novel, view.stems[i])
        rows[i, 4] = float(ref_neg != view.negated[i])
        rows[i, 5] = float(antonym_conflicts_in(ref_words, view.words[i]) > 0)
    return rows


@lru_cache(maxsize=8192)
def content_set(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


def _share(wanted: frozenset[str], present: frozenset[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 0.0
