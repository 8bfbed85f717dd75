from mlcoach.grading import HashingEmbedder, KeyPoint, Rubric, grade_answer
from mlcoach.grading.contrast import contrasted_subjects, variants
from mlcoach.grading.rubric import INVERTED_PREFIX

POINTS = (
    "Bagging trains learners independently on bootstrap samples and averages them",
    "Boosting trains learners sequentially, each focusing on the current errors",
    "Bagging mainly reduces variance of deep trees",
    "Boosting is sensitive to label noise",
)
RUBRIC = Rubric(
    question="Compare bagging and boosting.", key_points=tuple(KeyPoint(p) for p in POINTS)
)


def test_subjects_that_lead_and_recur_are_contrasted() -> None:
    assert contrasted_subjects(POINTS) == [("bagging", "boosting")]


def test_variants_swap_one_contrasted_term_and_say_which() -> None:
    found = {(v.point, v.text) for v in variants(POINTS)}
    assert (
        0,
        "Boosting trains learners independently on bootstrap samples and averages them",
    ) in found
    assert (2, "Bagging mainly reduces bias of deep trees") in found
    swap = next(v for v in variants(POINTS) if v.text.startswith("Boosting trains learners ind"))
    assert (swap.removed, swap.added) == ("bag", "boost")  # stems


def test_swapped_statement_earns_nothing_and_is_reported(fake: HashingEmbedder) -> None:
    answer = (
        "Boosting trains learners independently on bootstrap samples and averages them. "
        "Bagging mainly reduces variance of deep trees."
    )
    result = grade_answer(RUBRIC, answer, fake)
    first = result.key_points[0]
    assert not first.covered
    assert any(m.text == INVERTED_PREFIX + POINTS[0] for m in result.misconceptions)
    assert result.key_points[2].covered


def test_contrast_in_one_sentence_is_split_into_clauses(fake: HashingEmbedder) -> None:
    answer = (
        "Bagging trains learners sequentially, each focusing on the current errors, "
        "while boosting trains learners independently on bootstrap samples."
    )
    result = grade_answer(RUBRIC, answer, fake)
    assert not result.key_points[0].covered and not result.key_points[1].covered
    assert len(result.misconceptions) == 2
