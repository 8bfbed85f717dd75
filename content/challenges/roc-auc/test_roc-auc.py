"""Hidden tests for roc-auc: the curve against the reference (scikit-learn's conventions), one
point per distinct score, half credit for ties, and the AUC against the rank statistic."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def curve_and_area(sub, y_true, y_scores):
    fpr, tpr, thresholds = sub.compute_roc_curve(y_true, y_scores)
    return fpr, tpr, thresholds, sub.compute_auc(fpr, tpr)


def _rank_auc(y, s):
    """P(score of a random positive > score of a random negative), ties counting one half."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    pos, neg = s[y == 1][:, None], s[y == 0][None, :]
    return float(np.mean((pos > neg) + 0.5 * (pos == neg)))


def _check(t, got, y, s):
    fpr, tpr, thr, auc = t.parts(got, 4, "(fpr, tpr, thresholds, auc)")
    e_fpr, e_tpr, e_thr = t.ref.compute_roc_curve(y, s)
    thr = t.array(thr, "thresholds", ndim=1)
    t.check(thr.shape == e_thr.shape, f"expected {len(e_thr)} thresholds (np.inf, then each "
            f"distinct score once), got {len(thr)}", expected=e_thr, got=thr)
    t.check(thr[0] > np.max(s), "thresholds[0] must be above every score (use np.inf)",
            got=thr[0])
    t.close(thr[1:], e_thr[1:], what="thresholds[1:] (the distinct scores, decreasing)")
    t.close(fpr, e_fpr, what="fpr")
    t.close(tpr, e_tpr, what="tpr")
    t.close(auc, _rank_auc(y, s), what="compute_auc of your curve")


@case(visible=True)
def small_example_without_ties(t):
    y, s = np.array([0, 0, 1, 1]), np.array([0.2, 0.6, 0.45, 0.9])
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case(visible=True)
def tied_scores_share_one_point(t):
    y, s = np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.2, 0.9])
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case(visible=True)
def auc_of_a_staircase(t):
    got = yield call("compute_auc", np.array([0.0, 0.0, 0.5, 0.5, 1.0]),
                     np.array([0.0, 0.5, 0.5, 1.0, 1.0]))
    t.close(got, 0.75, what="area under the staircase (0,0)-(0,.5)-(.5,.5)-(.5,1)-(1,1)")


@case()
def auc_of_diagonal_and_slanted_segments(t):
    got = yield call("compute_auc", np.array([0.0, 0.25, 0.25, 1.0]),
                     np.array([0.0, 0.5, 0.75, 1.0]))
    t.close(got, 0.25 * 0.25 + 0.75 * 0.875, what="trapezoidal area of a polyline")


@case()
def all_scores_equal(t):
    y, s = np.array([1, 0, 0, 1, 0]), np.full(5, 0.3)
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case()
def perfect_ranking(t):
    y = t.rng.permutation(np.array([0] * 6 + [1] * 4))
    s = y + t.rng.uniform(0, 0.5, size=10)
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case()
def reversed_ranking(t):
    y = t.rng.permutation(np.array([0] * 5 + [1] * 5))
    s = -(y + t.rng.uniform(0, 0.5, size=10))
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case()
def many_ties_match_the_rank_statistic(t):
    y = (t.rng.uniform(size=200) < 0.4).astype(int)
    s = np.round(np.clip(0.2 * y + t.rng.normal(0.4, 0.2, size=200), 0, 1), 1)
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case()
def unsorted_negative_scores_as_lists(t):
    y = [1, 0, 1, 1, 0, 0, 1]
    s = [-0.5, -2.0, 3.0, -0.5, 0.0, -0.5, -4.0]
    _check(t, (yield drive("curve_and_area", y, s)), np.array(y), np.array(s))


@case()
def single_positive(t):
    y = np.array([0, 0, 0, 1, 0, 0])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.6, 0.2])
    _check(t, (yield drive("curve_and_area", y, s)), y, s)


@case()
def auc_ignores_monotone_rescaling(t):
    y = (t.rng.uniform(size=40) < 0.5).astype(int)
    s = np.round(t.rng.normal(size=40) + y, 1)
    got = yield drive("curve_and_area", y, np.exp(3 * s))
    t.close(t.parts(got, 4)[3], _rank_auc(y, s),
            what="AUC of exp(3 * scores) (a monotone transform keeps the ranking)")
