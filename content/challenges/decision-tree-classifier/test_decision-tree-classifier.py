"""Hidden tests for decision-tree-classifier.

Cases that compare predictions with the reference use datasets on which every split the
reference makes is unique (the best score beats every other candidate by a clear margin), so
any correct implementation builds the same tree; `tests/content/test_reference_retrieval.py`
re-checks those margins. Elsewhere the checks are properties (training accuracy, depth limit).
"""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver

# Ten points in the plane; the full tree splits on x1 at 4.5, then on x0 at 8.5.
SMALL_X = np.array([[2.0, 7.0], [3.0, 1.0], [5.0, 4.0], [6.0, 8.0], [7.0, 2.0],
                    [8.0, 6.0], [1.0, 3.0], [4.0, 9.0], [9.0, 6.5], [0.0, 0.0]])
SMALL_Y = np.array([0, 1, 1, 0, 1, 0, 1, 0, 2, 1])


def noisy_blobs(seed, n=60):
    """Three classes from two linear rules on a quarter grid, with about 10% label noise."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(size=(n, 3)) * 4) / 4
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int) + (X[:, 2] > 1)
    flip = rng.random(n) < 0.1
    y[flip] = rng.integers(0, 3, flip.sum())
    return X, y


def test_points(rng, n=200):
    return rng.normal(size=(n, 3)) * 4


@driver
def fit_predict(sub, X, y, X_test, params):
    tree = sub.DecisionTreeClassifier(**params)
    fitted = tree.fit(X, y)
    return {"train": tree.predict(X), "test": tree.predict(X_test),
            "depth": tree.get_depth(), "fit_returns_self": fitted is tree}


def labels(t, got, expected, what):
    """Exact label comparison with a count of mismatches."""
    arr = t.array(got, what=what, ndim=1)
    expected = np.asarray(expected)
    t.check(arr.shape == expected.shape,
            f"{what}: expected {expected.shape[0]} labels, got shape {arr.shape}")
    wrong = int(np.sum(arr != expected))
    t.check(wrong == 0, f"{what}: {wrong} of {expected.size} labels differ from the reference",
            expected=expected, got=arr)


def reference(t, X, y, X_test, params):
    tree = t.ref.DecisionTreeClassifier(**params).fit(X, y)
    return tree.predict(X_test), tree.get_depth()


def result(t, got):
    t.check(isinstance(got, dict) and {"train", "test", "depth"} <= set(got),
            "the driver could not read fit/predict/get_depth results", got=got)
    return got


@case(visible=True)
def one_feature_threshold_is_a_midpoint(t):
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    y = np.array([0, 0, 1, 1])
    X_test = np.array([[2.4], [2.6], [-5.0], [9.0]])
    got = result(t, (yield drive("fit_predict", X, y, X_test, {})))
    labels(t, got["test"], [0, 1, 0, 1], "predict([[2.4], [2.6], [-5], [9]])")
    t.check(got["depth"] == 1, "one split gives depth 1", expected=1, got=got["depth"])


@case(visible=True)
def pure_labels_give_a_single_leaf(t):
    X = t.rng.normal(size=(12, 2))
    y = np.full(12, 7)
    got = result(t, (yield drive("fit_predict", X, y, t.rng.normal(size=(5, 2)), {})))
    labels(t, got["test"], np.full(5, 7), "predictions of a tree fit on one label")
    t.check(got["depth"] == 0, "a pure root is a leaf: get_depth() must be 0", expected=0,
            got=got["depth"])


@case(visible=True)
def small_tree_matches_reference(t):
    X_test = np.array([[0.5, 4.0], [8.7, 5.0], [8.2, 7.0], [9.5, 0.5], [3.0, 4.6]])
    got = result(t, (yield drive("fit_predict", SMALL_X, SMALL_Y, X_test, {})))
    expected, depth = reference(t, SMALL_X, SMALL_Y, X_test, {})
    labels(t, got["test"], expected, "predictions of the ten-point tree")
    t.check(got["depth"] == depth, "get_depth() of the ten-point tree", expected=depth,
            got=got["depth"])


@case()
def depth_two_matches_reference(t):
    X, y = noisy_blobs(2)
    X_test = test_points(t.rng)
    params = {"max_depth": 2}
    got = result(t, (yield drive("fit_predict", X, y, X_test, params)))
    expected, depth = reference(t, X, y, X_test, params)
    labels(t, got["test"], expected, "max_depth=2 predictions on new points")
    t.check(got["depth"] == depth, "get_depth() with max_depth=2", expected=depth,
            got=got["depth"])


@case()
def depth_four_matches_reference(t):
    X, y = noisy_blobs(2)
    X_test = test_points(t.rng)
    params = {"max_depth": 4}
    got = result(t, (yield drive("fit_predict", X, y, X_test, params)))
    expected, depth = reference(t, X, y, X_test, params)
    labels(t, got["train"], t.ref.DecisionTreeClassifier(**params).fit(X, y).predict(X),
           "max_depth=4 predictions on the training rows")
    labels(t, got["test"], expected, "max_depth=4 predictions on new points")
    t.check(got["depth"] == depth, "get_depth() with max_depth=4", expected=depth,
            got=got["depth"])


@case()
def max_depth_is_respected(t):
    X = t.rng.normal(size=(80, 4))
    y = t.rng.integers(0, 3, size=80)  # pure noise: an unlimited tree would grow deep
    got = result(t, (yield drive("fit_predict", X, y, X, {"max_depth": 3})))
    t.check(got["depth"] == 3, "with max_depth=3 on noisy labels the tree must reach depth "
            "3 and go no deeper", expected=3, got=got["depth"])
    t.check(len(np.unique(t.array(got["train"]))) <= 3, "predictions must be labels from y")


@case()
def unlimited_depth_fits_training_data(t):
    X = t.rng.normal(size=(70, 3))
    y = t.rng.integers(0, 4, size=70) * 5 - 3  # labels -3, 2, 7, 12
    got = result(t, (yield drive("fit_predict", X, y, X, {})))
    accuracy = float(np.mean(t.array(got["train"]) == y))
    t.check(accuracy == 1.0, "a fully grown tree must classify every (distinct) training row "
            "correctly", expected=1.0, got=accuracy)


@case()
def min_samples_split_matches_reference(t):
    X, y = noisy_blobs(2)
    X_test = test_points(t.rng)
    params = {"min_samples_split": 20}
    got = result(t, (yield drive("fit_predict", X, y, X_test, params)))
    expected, depth = reference(t, X, y, X_test, params)
    labels(t, got["test"], expected, "min_samples_split=20 predictions on new points")
    t.check(got["depth"] == depth, "get_depth() with min_samples_split=20", expected=depth,
            got=got["depth"])


@case()
def both_limits_together(t):
    X, y = noisy_blobs(5)
    X_test = test_points(t.rng)
    params = {"max_depth": 4, "min_samples_split": 8}
    got = result(t, (yield drive("fit_predict", X, y, X_test, params)))
    expected, depth = reference(t, X, y, X_test, params)
    labels(t, got["test"], expected, "max_depth=4, min_samples_split=8 predictions")
    t.check(got["depth"] == depth, "get_depth() with both limits", expected=depth,
            got=got["depth"])


@case()
def too_few_samples_is_one_leaf_with_smallest_majority(t):
    # 9 samples < min_samples_split=10: the root is a leaf. Labels 5 and 2 tie (3 each): 2 wins.
    X = t.rng.normal(size=(9, 2))
    y = np.array([5, 2, 9, 5, 2, 5, 2, 9, 1])
    got = result(t, (yield drive("fit_predict", X, y, X[:4], {"min_samples_split": 10})))
    labels(t, got["test"], np.full(4, 2), "majority label of a single-leaf tree (tie 5 vs 2)")
    t.check(got["depth"] == 0, "the root must stay a leaf", expected=0, got=got["depth"])


@case()
def labels_keep_their_values(t):
    X, y = noisy_blobs(2)
    y = np.array([-4, 10, 42])[y]
    X_test = test_points(t.rng, 60)
    params = {"max_depth": 3}
    got = result(t, (yield drive("fit_predict", X, y, X_test, params)))
    labels(t, got["test"], reference(t, X, y, X_test, params)[0],
           "predictions with labels -4, 10 and 42")


@case()
def identical_rows_cannot_be_split(t):
    # Rows 0-2 are identical with labels 0, 1, 1: they end in one leaf predicting 1.
    X = np.array([[1.0, 5.0], [1.0, 5.0], [1.0, 5.0], [2.0, 5.0]])
    y = np.array([0, 1, 1, 0])
    got = result(t, (yield drive("fit_predict", X, y, X, {})))
    labels(t, got["train"], [1, 1, 1, 0], "predictions on rows that cannot be separated")
    t.check(got["depth"] == 1, "only one split is possible", expected=1, got=got["depth"])


@case()
def split_without_gain_is_not_taken(t):
    # Both children of the only split would have the parent's 50/50 mix: no impurity decrease.
    X = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([3, 8, 3, 8])
    got = result(t, (yield drive("fit_predict", X, y, X, {})))
    t.check(got["depth"] == 0, "a split that does not lower the Gini impurity must not be made",
            expected=0, got=got["depth"])
    labels(t, got["train"], [3, 3, 3, 3], "predictions of the single leaf (tie 3 vs 8)")


@case()
def fit_returns_self(t):
    got = result(t, (yield drive("fit_predict", SMALL_X, SMALL_Y, SMALL_X, {"max_depth": 1})))
    t.check(got.get("fit_returns_self") is True, "fit(X, y) must return self (so "
            "`DecisionTreeClassifier().fit(X, y).predict(X)` works)", expected=True,
            got=got.get("fit_returns_self"))
