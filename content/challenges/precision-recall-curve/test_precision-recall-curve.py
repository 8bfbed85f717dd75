"""Hidden tests for precision-recall-curve: the arrays against the reference (scikit-learn's
layout: increasing distinct thresholds, a final (recall 0, precision 1) point), ties as one point."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _check(t, got, y, s):
    precision, recall, thresholds = t.parts(got, 3, "(precision, recall, thresholds)")
    e_p, e_r, e_t = t.ref.precision_recall_curve(y, s)
    thr = t.array(thresholds, "thresholds", ndim=1)
    t.check(thr.shape == e_t.shape, f"expected {len(e_t)} thresholds (each distinct score once), "
            f"got {len(thr)}", expected=e_t, got=thr)
    t.close(thr, e_t, what="thresholds (distinct scores, increasing)")
    p = t.array(precision, "precision", ndim=1)
    r = t.array(recall, "recall", ndim=1)
    t.check(p.shape == r.shape == (len(e_t) + 1,), f"precision and recall need one more entry "
            f"than thresholds: expected shape {(len(e_t) + 1,)}, got {p.shape} and {r.shape}")
    t.check(p[-1] == 1.0 and r[-1] == 0.0, "the last point must be precision 1.0, recall 0.0",
            got=(p[-1], r[-1]))
    t.close(r, e_r, what="recall")
    t.close(p, e_p, what="precision")


@case(visible=True)
def small_example_without_ties(t):
    y, s = np.array([1, 0, 1, 0]), np.array([0.9, 0.7, 0.4, 0.2])
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case(visible=True)
def tied_scores_form_one_point(t):
    y, s = np.array([0, 1, 1, 0, 1]), np.array([0.1, 0.4, 0.4, 0.8, 0.9])
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case(visible=True)
def tie_between_a_positive_and_a_negative(t):
    y, s = np.array([1, 0, 1, 0, 0]), np.array([0.3, 0.6, 0.6, 0.1, 0.3])
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def all_scores_equal(t):
    y, s = np.array([1, 0, 0, 1, 0]), np.full(5, 0.5)
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def perfect_separation(t):
    y = t.rng.permutation(np.array([0] * 7 + [1] * 3))
    s = y + t.rng.uniform(0, 0.5, size=10)
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def only_positives(t):
    y, s = np.ones(4, dtype=int), np.array([0.2, 0.9, 0.5, 0.2])
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def single_positive_ranked_low(t):
    y = np.array([0, 0, 1, 0, 0, 0])
    s = np.array([0.9, 0.8, 0.3, 0.7, 0.3, 0.1])
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def many_ties_in_a_large_batch(t):
    y = (t.rng.uniform(size=200) < 0.3).astype(int)
    s = np.round(np.clip(0.25 * y + t.rng.normal(0.4, 0.2, size=200), 0, 1), 1)
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)


@case()
def unsorted_negative_scores_as_lists(t):
    y = [1, 0, 1, 1, 0, 0, 1]
    s = [-0.5, -2.0, 3.0, -0.5, 0.0, -0.5, -4.0]
    _check(t, (yield call("precision_recall_curve", y, s)), np.array(y), np.array(s))


@case()
def integer_scores(t):
    y = (t.rng.uniform(size=30) < 0.5).astype(int)
    s = t.rng.integers(0, 5, size=30) + y
    _check(t, (yield call("precision_recall_curve", y, s)), y, s)
