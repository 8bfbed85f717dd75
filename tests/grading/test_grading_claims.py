"""Key points matched claim by claim, and statements inverted by a polarity word."""

import numpy as np

from mlcoach.grading import HashingEmbedder, KeyPoint, Rubric, grade_answer
from mlcoach.grading.claims import claims, point_coverage, statements_of
from mlcoach.grading.contrast import contrasted_subjects
from mlcoach.grading.rubric import INVERTED_PREFIX
from mlcoach.grading.text import polar_conflict, stem, word_stems


def test_claims_split_joined_statements_but_not_dependent_clauses() -> None:
    assert claims(
        "At inference dropout is disabled; the full network averages the subnetworks"
    ) == [
        "At inference dropout is disabled",
        "the full network averages the subnetworks",
    ]
    assert claims("More data helps overfitting but does little for a model that underfits") == [
        "More data helps overfitting",
        "but does little for a model that underfits",
    ]
    # what follows ", which" or ", so" leans on what came before: one claim
    assert claims("A tiny FPR still means many false positives, which ROC-AUC hides") == []
    assert claims("Bagging mainly reduces variance, so it uses deep trees") == []


def test_statements_list_points_then_their_claims() -> None:
    st = statements_of(("Alpha beta gamma delta; epsilon zeta eta theta", "One single claim here"))
    assert st.points == ("Alpha beta gamma delta; epsilon zeta eta theta", "One single claim here")
    assert st.claims == ((0, "Alpha beta gamma delta"), (0, "epsilon zeta eta theta"))
    assert st.claims_of(0) == [2, 3] and st.claims_of(1) == []


def test_a_point_stated_claim_by_claim_earns_the_share_of_its_claims() -> None:
    st = statements_of(("First claim is here; second claim is here", "Another point entirely"))
    # rows: point 0, point 1, claim 0a, claim 0b; columns: two evidence units
    probs = np.array([[0.3, 0.2], [0.1, 0.2], [0.9, 0.1], [0.2, 0.3]])
    first, second = point_coverage(st, probs, cover=0.6)
    assert (first.share, first.unit, first.probability) == (0.5, 0, 0.3)
    assert second.share == 0.0
    probs[3, 1] = 0.8  # both claims stated, in different sentences
    assert point_coverage(st, probs, cover=0.6)[0].share == 1.0
    probs[0, 1] = 0.7  # stated whole
    assert point_coverage(st, probs, cover=0.6)[0] == point_coverage(st, probs, 0.6)[0]
    assert point_coverage(st, probs, cover=0.6)[0].share == 1.0


def test_half_stated_point_is_covered_with_evidence_and_half_credit(
    fake: HashingEmbedder,
) -> None:
    rubric = Rubric(
        question="What happens to dropout after training?",
        key_points=(
            KeyPoint("At inference dropout is disabled; the thinned subnetworks are averaged"),
        ),
    )
    answer = "At inference dropout is disabled and every unit stays active."
    result = grade_answer(rubric, answer, fake)
    point = result.key_points[0]
    assert point.covered and point.share == 0.5 and point.evidence
    assert 40 <= result.score <= 60


def test_polarity_words_conflict_unless_both_sides_are_used() -> None:
    ref = word_stems("ROC-AUC is insensitive to class prevalence")
    assert polar_conflict(ref, word_stems("ROC-AUC depends strongly on prevalence"))
    assert polar_conflict(ref, word_stems("ROC-AUC is sensitive to prevalence"))
    assert not polar_conflict(ref, word_stems("ROC-AUC is insensitive to prevalence"))
    assert not polar_conflict(ref, word_stems("PR-AUC depends on it; ROC-AUC is insensitive"))


def test_polar_inversion_earns_nothing_and_is_reported(fake: HashingEmbedder) -> None:
    point = "ROC-AUC is insensitive to class prevalence"
    rubric = Rubric(question="Explain ROC-AUC.", key_points=(KeyPoint(point),))
    wrong = grade_answer(rubric, "ROC-AUC is sensitive to class prevalence.", fake)
    assert not wrong.key_points[0].covered and wrong.score == 0
    assert [m.text for m in wrong.misconceptions] == [INVERTED_PREFIX + point]
    # a negation undoes the swap: "does not depend on" says the point
    right = grade_answer(rubric, "ROC-AUC does not depend on the class prevalence.", fake)
    assert not right.misconceptions


def test_contrasted_subjects_must_be_named_by_the_question() -> None:
    points = (
        "ROC plots the true-positive rate against the false-positive rate",
        "PR curve plots precision against recall",
        "ROC-AUC hides false positives when positives are rare",
        "PR-AUC focuses on the top-ranked items",
        "Random guessing gives a PR baseline at the positive rate",
        "Random scores give an ROC-AUC of one half",
    )
    question = "Explain the ROC curve. How does the precision-recall curve differ?"
    assert contrasted_subjects(points, question) == [("pr", "roc")]  # PR: its initials
    assert ("random", "roc") in contrasted_subjects(points)  # without a question: unfiltered


def test_stems_undo_doubled_consonants() -> None:
    assert stem("overfitting") == stem("overfits") == "overfit"
    assert stem("running") == stem("runs")
    assert stem("falling") == "fall"  # a double l is the word's own
