"""Calibrate and evaluate the free-text grader; results go to docs/benchmarks.md (## Grading).

    python bench/grading.py fit     # refit src/mlcoach/grading/calibration.json
    python bench/grading.py         # evaluate everything and rewrite the ## Grading section
    python bench/grading.py --no-write

`fit` does two things, and only these are ever tuned:
  1. a logistic regression over evidence features, fitted on the SemEval-2013 Task 7 *training*
     split (SciEntsBank + Beetle, 2-way labels);
  2. the grader's decision thresholds, grid-searched on the *tune* half of our labelled answers
     (questions whose id hashes even); the other half is reported as held out.
Needs the dev dependencies (scikit-learn, scipy) and the `ml` extra (the MiniLM model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mlcoach.content.loader import load_bank  # noqa: E402
from mlcoach.content.models import ConceptQuestion  # noqa: E402
from mlcoach.grading import adapters  # noqa: E402
from mlcoach.grading.calibration import (  # noqa: E402
    CALIBRATION_FILE,
    Calibration,
    Thresholds,
    default_calibration,
)
from mlcoach.grading.embeddings import Embedder, MiniLMEmbedder  # noqa: E402
from mlcoach.grading.features import FEATURE_NAMES, make_view, reference_features  # noqa: E402
from mlcoach.grading.rubric import grade_answer  # noqa: E402
from mlcoach.grading.text import content_stems, split_sentences  # noqa: E402

SEMEVAL_ZIP = ROOT.parent / "shared" / "datasets" / "semeval-2013-task7" / "semeval-3way.zip"
LABELLED = ROOT / "tests" / "grading" / "data" / "labelled_answers.jsonl"
DOCS = ROOT / "docs" / "benchmarks.md"
CAL_PATH = ROOT / "src" / "mlcoach" / "grading" / CALIBRATION_FILE
SPLITS = {
    "sciEntsBank": ("test-unseen-answers", "test-unseen-questions", "test-unseen-domains"),
    "beetle": ("test-unseen-answers", "test-unseen-questions"),
}
ADVERSARIAL = ("keyword_stuffing", "keyword_list", "inverted", "echo", "off_topic", "injection",
               "empty")


# --------------------------------------------------------------------------- SemEval data
@dataclass
class SemQuestion:
    text: str
    references: list[str]
    answers: list[tuple[str, int]]  # (student answer, 1 if correct)


def load_semeval(corpus: str, split: str) -> list[SemQuestion]:
    """Read one corpus/split of the 2-way data straight from the shared zip."""
    prefix = (f"training/2way/{corpus}/" if split == "train"
              else f"test/2way/{corpus}/{split}/")
    out = []
    with zipfile.ZipFile(SEMEVAL_ZIP) as zf:
        for name in sorted(n for n in zf.namelist() if n.startswith(prefix)
                           and n.endswith(".xml")):
            root = ET.fromstring(zf.read(name))
            refs = [r.text or "" for r in root.iter("referenceAnswer")]
            answers = [(a.text or "", int(a.get("accuracy") == "correct"))
                       for a in root.iter("studentAnswer")]
            out.append(SemQuestion(root.findtext("questionText") or "", refs, answers))
    return out


@dataclass
class SemRows:
    candidates: list[np.ndarray]  # per answer: (refs x sentences, features)
    labels: np.ndarray
    cosine: np.ndarray            # baseline 1: cosine(answer, best reference)
    recall: np.ndarray            # baseline 2: keyword recall of the best reference


def semeval_rows(questions: list[SemQuestion], embedder: Embedder) -> SemRows:
    texts = sorted({t for q in questions for t in [q.text, *q.references]}
                   | {s for q in questions for a, _ in q.answers for s in _sentences(a)}
                   | {a for q in questions for a, _ in q.answers})
    vec = dict(zip(texts, embedder.encode(texts), strict=True))
    cands, labels, cosine, recall = [], [], [], []
    for q in questions:
        q_stems = frozenset(content_stems(q.text))
        for answer, label in q.answers:
            sents = _sentences(answer)
            view = make_view(sents, np.stack([vec[s] for s in sents]), vec[q.text])
            cands.append(np.vstack([reference_features(r, vec[r], view, q_stems)
                                    for r in q.references]))
            labels.append(label)
            cosine.append(max(float(vec[answer] @ vec[r]) for r in q.references))
            recall.append(max(_recall(r, answer) for r in q.references))
    return SemRows(cands, np.array(labels), np.array(cosine), np.array(recall))


def _sentences(answer: str) -> list[str]:
    return split_sentences(answer) or [answer.strip() or "-"]


def _recall(reference: str, answer: str) -> float:
    ref = set(content_stems(reference))
    return len(ref & set(content_stems(answer))) / len(ref) if ref else 0.0


# --------------------------------------------------------------------------- fitting
def fit_logistic(train: SemRows) -> Calibration:
    """Logistic regression on the candidate row the current model likes best (2 rounds)."""
    from sklearn.linear_model import LogisticRegression

    pick = [int(np.argmax(c[:, 0] + c[:, 2])) for c in train.candidates]
    cal: Calibration | None = None
    for _ in range(3):
        x = np.stack([c[i] for c, i in zip(train.candidates, pick, strict=True)])
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, train.labels)
        cal = Calibration(FEATURE_NAMES, mean, scale, model.coef_[0],
                          float(model.intercept_[0]), Thresholds(),
                          "logistic regression on SemEval-2013 Task 7 2-way training split "
                          f"(SciEntsBank + Beetle, n={len(train.labels)}); bench/grading.py fit")
        pick = [int(np.argmax(cal.probability(c))) for c in train.candidates]
    assert cal is not None
    return cal


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    grid = np.unique(np.round(scores, 3))
    accs = [((scores >= t) == labels).mean() for t in grid]
    return float(grid[int(np.argmax(accs))])


def predict(cal: Calibration, rows: SemRows) -> np.ndarray:
    return np.array([float(cal.probability(c).max()) for c in rows.candidates])
