"""Shared machinery of the graders: screening an answer and matching statements to sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.calibration import Calibration
from mlcoach.grading.embeddings import Embedder, Matrix, encode_cached
from mlcoach.grading.features import AnswerView, make_view, reference_features
from mlcoach.grading.guards import is_prose, structure_flags, text_flags
from mlcoach.grading.text import (
    clauses,
    content_stems,
    has_negation,
    plain,
    same_terms,
    split_sentences,
    tokens,
)

OFF_TOPIC_SIMILARITY = 0.3  # below this an answer relates to neither question nor rubric


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


def evidence_units(sentences: list[str]) -> tuple[list[str], list[int]]:
    """Every sentence, plus its clauses when it joins several claims, with each unit's
    parent sentence (a sentence is its own parent)."""
    units, parents = list(sentences), list(range(len(sentences)))
    seen = set(units)
    for index, sentence in enumerate(sentences):
        for clause in clauses(sentence):
            if clause not in seen:
                seen.add(clause)
                units.append(clause)
                parents.append(index)
    return units, parents


def view_of(question: str, sentences: list[str], embedder: Embedder) -> AnswerView:
    """The answer's evidence units, matched with interchangeable terms spelled one way
    (`same_terms`) but quoted as written."""
    units, parents = evidence_units(sentences)
    question_vec = encode_statements(embedder, (question,))[0]
    vectors = _unit_vectors([same_terms(u) for u in units], parents, len(sentences), embedder)
    view = make_view(units, vectors, question_vec, parents)
    stems = tuple(s | both_spellings(u) for s, u in zip(view.stems, units, strict=True))
    return replace(view, stems=stems)


def both_spellings(text: str) -> frozenset[str]:
    """Content stems of a text as written and with interchangeable names spelled one way. Word
    overlap counts either spelling, rather than only the shared one: "test time" rewritten to
    "inference" would lose its evidence wherever the question already says "inference"."""
    return frozenset(content_stems(text)) | frozenset(content_stems(same_terms(text)))


def _unit_vectors(
    units: list[str], parents: list[int], n_sentences: int, embedder: Embedder
) -> Matrix:
    """Embed each clause once; a sentence cut into clauses gets the length-weighted mean of its
    clause vectors (MiniLM mean-pools tokens, so this is close and halves the encoding work)."""
    split = set(parents[n_sentences:])
    direct = [i for i in range(len(units)) if i >= n_sentences or i not in split]
    encoded = embedder.encode([plain(units[i]) for i in direct])
    out = np.zeros((len(units), encoded.shape[1]), dtype=np.float32)
    out[direct] = encoded
    for sentence in split:
        kids = [i for i in range(n_sentences, len(units)) if parents[i] == sentence]
        mean = sum(len(tokens(units[i])) * out[i] for i in kids)
        out[sentence] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def encode_statements(embedder: Embedder, texts: Sequence[str]) -> Matrix:
    """Rubric statements are embedded without their TeX markup and with interchangeable terms
    spelled one way, like answers (`same_terms`), once (LRU-cached)."""
    return encode_cached(embedder, tuple(same_terms(t) for t in texts))


def probabilities(
    question: str, texts: Sequence[str], view: AnswerView, embedder: Embedder, cal: Calibration
) -> NDArray[np.float64]:
    """Probability that each evidence unit states each statement: (statements, units)."""
    out = np.zeros((len(texts), len(view.sentences)))
    if not texts:
        return out
    vectors = encode_statements(embedder, texts)
    question_stems = both_spellings(question)
    for row, (text, vector) in enumerate(zip(texts, vectors, strict=True)):
        features = reference_features(_lexical(text), vector, view, question_stems)
        out[row] = cal.probability(features)
    return out


def _lexical(text: str) -> str:
    """A statement whose content stems are those of both its spellings (`both_spellings`)."""
    other = same_terms(text)
    return text if other == plain(text) else f"{text} {other}"


def best_matches(probs: NDArray[np.float64]) -> list[Match]:
    return [Match(float(row.max()), int(row.argmax())) for row in probs]


def match_all(
    question: str, texts: Sequence[str], view: AnswerView, embedder: Embedder, cal: Calibration
) -> list[Match]:
    """Best evidence unit and coverage probability for each statement."""
    if not texts:
        return []
    return best_matches(probabilities(question, texts, view, embedder, cal))


def stating_unit(
    text: str,
    row: NDArray[np.float64],
    point_probs: NDArray[np.float64],
    view: AnswerView,
    threshold: float,
    margin: float = 0.0,
) -> int | None:
    """The unit that states a wrong claim (misconception, pitfall, red flag), if any: likely
    enough, not negating it, and explained better by the claim than by every rubric point, by
    a logit `margin` (correct answers often deny the claim: "more trees do *not* overfit", or
    state a key point in words close to a misconception's)."""
    negated = has_negation(text)
    best_point = point_probs.max(axis=0) if point_probs.size else np.zeros(len(row))
    lead = logit(row) - logit(best_point)
    for unit in np.argsort(-row):
        p = float(row[unit])
        if p < threshold:
            return None
        if view.negated[unit] == negated and p > best_point[unit] and lead[unit] >= margin:
            return int(unit)
    return None


def logit(p: NDArray[np.float64]) -> NDArray[np.float64]:
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.asarray(np.log(q) - np.log1p(-q), dtype=np.float64)


def off_topic(
    question: str, statements: Sequence[str], view: AnswerView, embedder: Embedder
) -> list[str]:
    sims: NDArray[np.float32] = (
        view.vectors @ encode_statements(embedder, (question, *statements)).T
    )
    return ["off_topic"] if float(sims.max()) < OFF_TOPIC_SIMILARITY else []


def closest(texts: Sequence[str], text: str, embedder: Embedder) -> int:
    """Index of the statement most similar to `text`."""
    vectors = encode_statements(embedder, texts)
    return int(np.argmax(vectors @ encode_statements(embedder, (text,))[0]))
