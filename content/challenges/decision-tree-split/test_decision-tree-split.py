"""Hidden tests for decision-tree-split.

gini_impurity and information_gain are compared with the reference. find_best_split has many
correct answers (tied features, any threshold inside a gap), so its cases check properties: the
returned split is valid, its gain equals the best gain found by brute force here, and the
reported gain is the gain of that split.
"""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def gini_many(sub, ys):
    return [sub.gini_impurity(y) for y in ys]


@driver
def gain_many(sub, triples):
    return [sub.information_gain(y, left, right) for y, left, right in triples]


def _best_gain(t, X, y):
    """Brute force: every feature, every distinct value as a `<=` threshold."""
    best = 0.0
    for f in range(X.shape[1]):
        for v in np.unique(X[:, f]):
            left = X[:, f] <= v
            if 0 < left.sum() < len(y):
                best = max(best, t.ref.information_gain(y, y[left], y[~left]))
    return best


def _check_split(t, got, X, y):
    feature, threshold, gain = t.parts(got, 3, "(feature, threshold, gain)")
    best = _best_gain(t, X, y)
    if best <= 1e-12:
        t.check(feature is None and threshold is None, "no split has a positive gain here: "
                "return (None, None, 0.0)", expected=(None, None, 0.0), got=got)
        t.close(gain, 0.0, what="gain when no split helps")
        return
    t.check(isinstance(feature, int) and not isinstance(feature, bool)
            and 0 <= feature < X.shape[1], f"feature must be an int column index in "
            f"0..{X.shape[1] - 1}", got=feature)
    t.check(isinstance(threshold, int | float) and not isinstance(threshold, bool)
            and np.isfinite(threshold), "threshold must be a finite number", got=threshold)
    left = X[:, feature] <= threshold
    t.check(0 < left.sum() < len(y), f"X[:, {feature}] <= {threshold} leaves one side empty")
    achieved = t.ref.information_gain(y, y[left], y[~left])
    t.close(achieved, best, what=f"gain of your split (feature {feature}, threshold "
            f"{threshold}) vs the best possible gain")
    t.close(gain, achieved, what="the gain you returned vs the gain of the split you returned")


@case(visible=True)
def gini_of_several_label_sets(t):
    ys = [np.array([0, 0, 1, 1]), np.array([1, 1, 1]), np.array([0, 1, 2]), np.array([5]),
          np.array([3, 3, 7, 7, 7, 7])]
    got = yield drive("gini_many", ys)
    t.close(got, [t.ref.gini_impurity(y) for y in ys], what="gini of [0,0,1,1], [1,1,1], "
            "[0,1,2], [5], [3,3,7,7,7,7]")


@case(visible=True)
def information_gain_examples(t):
    y = np.array([0, 0, 0, 1, 1, 2])
    triples = [(y, y[:3], y[3:]), (y, y[:2], y[2:]), (y, y[[0, 3]], y[[1, 2, 4, 5]])]
    got = yield drive("gain_many", triples)
    t.close(got, [t.ref.information_gain(*tr) for tr in triples],
            what="gains of three splits of [0, 0, 0, 1, 1, 2]")


@case(visible=True)
def separable_on_one_feature(t):
    X = np.array([[2.0, 7.0], [3.0, 1.0], [10.0, 5.0], [11.0, 2.0]])
    y = np.array([0, 0, 1, 1])
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def empty_side_gives_zero_gain(t):
    y = np.array([0, 1, 1, 0, 1])
    got = yield call("information_gain", y, y, np.array([], dtype=int))
    t.close(got, 0.0, what="information_gain(y, y, []) (a split with an empty side)")


@case()
def gini_of_empty_is_zero(t):
    got = yield call("gini_impurity", np.array([], dtype=int))
    t.close(got, 0.0, what="gini_impurity([])")


@case()
def gini_with_many_and_negative_labels(t):
    ys = [np.arange(10), np.array([-1, -1, 4]), np.array([100, -7, 100, 100])]
    got = yield drive("gini_many", ys)
    t.close(got, [0.9, 4 / 9, 0.375], what="gini of range(10), [-1, -1, 4], [100, -7, 100, 100]")


@case()
def random_data_three_classes(t):
    X = np.round(t.rng.normal(size=(40, 3)), 1)
    y = (X[:, 1] > 0.3).astype(int) + (X[:, 2] > 1.0).astype(int) * (t.rng.uniform(size=40) < 0.8)
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def single_class_returns_none(t):
    X = t.rng.normal(size=(8, 2))
    y = np.full(8, 3)
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def constant_features_return_none(t):
    X = np.column_stack([np.full(6, 2.5), np.full(6, -1.0)])
    y = np.array([0, 1, 0, 1, 1, 0])
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def tied_features_either_is_accepted(t):
    x = t.rng.permutation(np.arange(12.0))
    X = np.column_stack([x, x * 10 + 1])  # same order, so the same best partition
    y = (x >= 7).astype(int)
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def best_split_is_on_the_last_feature(t):
    X = t.rng.normal(size=(30, 4))
    y = (X[:, 3] > 0.2).astype(int)
    _check_split(t, (yield call("find_best_split", X, y)), X, y)


@case()
def negative_labels_and_repeated_values(t):
    X = t.rng.integers(0, 4, size=(25, 2)).astype(float)
    y = np.where(X[:, 0] + t.rng.integers(0, 2, size=25) >= 2, -1, 7)
    _check_split(t, (yield call("find_best_split", X, y)), X, y)
