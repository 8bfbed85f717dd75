"""Hidden tests for knn-classifier: nearest labels, both tie-breaking rules, arbitrary integer
labels, k = 1 and k = n_train, and agreement with the reference on random data."""

import numpy as np

from mlcoach.judge.testkit import call, case

EXAMPLE_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
EXAMPLE_Y = np.array([7, 7, 3, 3, 3])


def _check(t, got, X, y, Q, k, label, expected=None, check_dtype=False):
    expected = t.ref.knn_predict(X, y, Q, k=k) if expected is None else np.asarray(expected)
    got_arr = np.asarray(got) if isinstance(got, np.ndarray | list | tuple) else None
    t.check(got_arr is not None, f"{label}: expected an array of labels, got "
            f"{type(got).__name__}", expected=expected, got=got)
    t.check(got_arr.shape == expected.shape, f"{label}: expected shape {expected.shape}, got "
            f"{got_arr.shape}", expected=expected, got=got)
    t.check(not check_dtype or got_arr.dtype.kind in "iu", f"{label}: return labels with "
            f"the integer dtype of y_train, got dtype {got_arr.dtype}", expected=expected,
            got=got)
    wrong = np.flatnonzero(got_arr != expected)
    t.check(wrong.size == 0, f"{label}: {wrong.size} of {expected.size} predictions differ "
            f"(first at query {wrong[:1].tolist()})", expected=expected, got=got)


@case(visible=True)
def k1_nearest_label(t):
    Q = np.array([[0.2, 0.1], [5.5, 5.0]])
    got = yield call("knn_predict", EXAMPLE_X, EXAMPLE_Y, Q, k=1)
    _check(t, got, EXAMPLE_X, EXAMPLE_Y, Q, 1, "k=1 on the prompt's example", [7, 3])


@case(visible=True)
def vote_tie_goes_to_smallest_label(t):
    Q = np.array([[0.1, 0.4]])
    got = yield call("knn_predict", EXAMPLE_X, EXAMPLE_Y, Q, k=2)
    _check(t, got, EXAMPLE_X, EXAMPLE_Y, Q, 2,
           "k=2, one vote for 7 (nearer) and one for 3: the smaller label wins", [3])


@case(visible=True)
def k3_majority(t):
    Q = np.array([[0.2, 0.1], [5.5, 5.0], [3.0, 3.0]])
    got = yield call("knn_predict", EXAMPLE_X, EXAMPLE_Y, Q, k=3)
    _check(t, got, EXAMPLE_X, EXAMPLE_Y, Q, 3, "k=3 on the prompt's example", [7, 3, 3])


def _grid(rng):
    """Integer grid: many training points share a distance (computed exactly either way)."""
    X = rng.integers(-3, 4, size=(60, 2)).astype(float)
    y = rng.integers(0, 4, size=60)
    Q = rng.integers(-3, 4, size=(25, 2)).astype(float) + 0.5
    return X, y, Q


@case()
def distance_ties_k1(t):
    X, y, Q = _grid(t.rng)
    got = yield call("knn_predict", X, y, Q, k=1)
    _check(t, got, X, y, Q, 1, "k=1 with many equal distances (lower index first)")


@case()
def distance_ties_across_kth_place(t):
    X, y, Q = _grid(t.rng)
    got = yield call("knn_predict", X, y, Q, k=4)
    _check(t, got, X, y, Q, 4, "k=4 with ties at the 4th place (lower index first)")


@case()
def duplicate_points_with_different_labels(t):
    X = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [4.0, 4.0]])
    y = np.array([9, 2, 9, 5])
    Q = np.array([[1.0, 1.0], [1.2, 0.9], [4.0, 4.0]])
    got = yield call("knn_predict", X, y, Q, k=1)
    _check(t, got, X, y, Q, 1, "k=1 with three identical training points: index 0 is nearest",
           [9, 9, 5])


@case()
def training_points_predict_themselves(t):
    X = t.rng.normal(size=(30, 3))
    y = t.rng.integers(0, 5, size=30)
    got = yield call("knn_predict", X, y, X, k=1)
    _check(t, got, X, y, X, 1, "k=1 queried on the training points", y)


@case()
def matches_reference_on_blobs(t):
    centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    y = np.repeat([0, 1, 2], 30)
    X = centres[y] + t.rng.normal(size=(90, 2))
    Q = t.rng.uniform(-2, 5, size=(30, 2))
    got = yield call("knn_predict", X, y, Q, k=7)
    _check(t, got, X, y, Q, 7, "k=7 on three overlapping blobs")


@case()
def k_equals_n_train_is_overall_majority(t):
    X = t.rng.normal(size=(8, 2))
    y = np.array([4, 1, 4, 1, 6, 6, 4, 1])      # 4 and 1 tie with three votes each
    Q = t.rng.normal(size=(5, 2)) * 10
    got = yield call("knn_predict", X, y, Q, k=8)
    _check(t, got, X, y, Q, 8, "k = n_train (every point votes; 1 and 4 tie)", np.ones(5, int))


@case()
def arbitrary_integer_labels(t):
    y = np.repeat([42, -5, 10], 12)
    X = np.array([[0.0, 5.0], [5.0, 0.0], [-5.0, -5.0]])[np.repeat([0, 1, 2], 12)]
    X = X + t.rng.normal(size=X.shape)
    Q = t.rng.uniform(-7, 7, size=(20, 2))
    got = yield call("knn_predict", X, y, Q, k=5)
    _check(t, got, X, y, Q, 5, "labels -5, 10, 42", check_dtype=True)


@case()
def one_feature_one_query(t):
    X = np.array([[0.0], [2.0], [10.0], [11.0]])
    y = np.array([1, 1, 0, 0])
    Q = np.array([[6.5]])
    got = yield call("knn_predict", X, y, Q, k=1)
    _check(t, got, X, y, Q, 1, "one feature, one query", [0])


@case()
def high_dimensional(t):
    X = t.rng.normal(size=(50, 30))
    y = (X[:, 0] > 0).astype(np.int64) + 2 * (X[:, 1] > 0)
    Q = t.rng.normal(size=(12, 30))
    got = yield call("knn_predict", X, y, Q, k=5)
    _check(t, got, X, y, Q, 5, "30 features, k=5")
