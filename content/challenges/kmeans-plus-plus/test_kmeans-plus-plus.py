"""Hidden tests for kmeans-plus-plus.

The function is random, so every check is either a property that holds on every draw or a
frequency test (KL divergence of observed from exact k-means++ frequencies) whose threshold a
correct sampler exceeds with probability below 1e-10. Blobs are spaced 1e4 apart with spread
1e-4, so D^2 sampling puts two centroids in one blob with probability below 1e-9 even over 25
repeats. Both bounds are recomputed in tests/content/test_reference_core.py.
"""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def repeated_inits(sub, X, k, times):
    """Call the learner's function `times` times; stack the results (times, k, n_features)."""
    return np.stack([np.asarray(sub.kmeans_plus_plus_init(X, k), dtype=float)
                     for _ in range(times)])


@driver
def input_after_call(sub, X, k):
    before = X.copy()
    sub.kmeans_plus_plus_init(X, k)
    return before, X


def _blobs(rng, centres, sizes, sigma):
    centres = np.asarray(centres, dtype=float)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    X = centres[truth] + sigma * rng.normal(size=(len(truth), centres.shape[1]))
    order = rng.permutation(len(truth))
    return X[order], truth[order]


def _row_indices(t, C, X, k):
    """Check that C is (k, d), made of distinct rows of X; return the index of each row in X."""
    X = np.asarray(X, dtype=float)
    C = t.array(C, "centroids", ndim=2)
    t.check(C.shape == (k, X.shape[1]), f"expected shape {(k, X.shape[1])}, got {C.shape}")
    equal = np.all(C[:, None, :] == X[None, :, :], axis=2)  # (k, n): centroid j equals row i
    missing = np.flatnonzero(~equal.any(axis=1))
    t.check(missing.size == 0, f"centroid {missing[:1].tolist()} is not a row of X; "
            "k-means++ picks data points", got=C)
    t.check(len(np.unique(C, axis=0)) == k, "centroids must be distinct points: a row (or a "
            "duplicate of it) with D = 0 can never be picked again", got=C)
    return equal.argmax(axis=1)


def _one_per_blob(t, draws, X, truth, k):
    for C in t.array(draws, "results", ndim=3):
        idx = _row_indices(t, C, X, k)
        counts = np.bincount(truth[idx], minlength=k)
        t.check(np.all(counts == 1), f"each far-apart blob should get exactly one centroid; "
                f"centroids per blob: {counts.tolist()}")


@case(visible=True)
def centroids_are_distinct_rows(t):
    X = t.rng.normal(size=(20, 3))
    got = yield call("kmeans_plus_plus_init", X, 4)
    _row_indices(t, got, X, 4)


@case(visible=True)
def k_equals_one(t):
    X = t.rng.normal(size=(7, 2))
    got = yield call("kmeans_plus_plus_init", X, 1)
    _row_indices(t, got, X, 1)


@case(visible=True)
def one_centroid_per_far_blob(t):
    X, truth = _blobs(t.rng, [[0, 0], [1e4, 0], [0, 1e4], [1e4, 1e4]], [10, 15, 8, 12], 1e-4)
    draws = yield drive("repeated_inits", X, 4, 25)
    _one_per_blob(t, draws, X, truth, 4)


@case()
def unbalanced_blobs_in_high_dimension(t):
    X, truth = _blobs(t.rng, 1e4 * np.eye(8)[:6], [30, 2, 9, 1, 14, 5], 1e-4)
    draws = yield drive("repeated_inits", X, 6, 25)
    _one_per_blob(t, draws, X, truth, 6)


@case()
def duplicates_are_never_chosen_twice(t):
    # 3 distinct points repeated 12, 5 and 2 times, k=3: every draw must return all three
    points = np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 3.0]])
    truth = np.repeat(np.arange(3), [12, 5, 2])[t.rng.permutation(19)]
    draws = yield drive("repeated_inits", points[truth], 3, 25)
    _one_per_blob(t, draws, points[truth], truth, 3)


@case()
def k_equals_number_of_rows(t):
    X = t.rng.normal(size=(5, 2))
    got = yield call("kmeans_plus_plus_init", X, 5)
    idx = _row_indices(t, got, X, 5)
    t.check(sorted(idx.tolist()) == list(range(5)), "with k = n every row must be chosen once")


def _frequencies_match(t, counts, probs, eps, what):
    """Empirical distribution vs `probs` by KL divergence.

    Method of types: for N draws over m cells, P(KL(empirical || probs) >= eps) is at most
    (N + 1)^m * exp(-N * eps), which is below 1e-10 for the (N, m, eps) used here. Samplers that
    are uniform, deterministic or proportional to D (not D^2) land far above eps.
    """
    counts = np.asarray(counts, dtype=float)
    freq = counts / counts.sum()
    seen = freq > 0
    kl = float(np.sum(freq[seen] * np.log(freq[seen] / probs[seen])))
    t.check(kl < eps, f"{what}: observed frequencies {np.round(freq, 3).tolist()} are too far "
            f"from the k-means++ probabilities {np.round(probs, 3).tolist()} "
            f"(KL divergence {kl:.3f}, allowed < {eps})", expected=probs, got=freq)


@case()
def first_centroid_is_uniform(t):
    X = np.array([[0.0], [1.0], [2.0], [5.0], [9.0]])
    draws = t.array((yield drive("repeated_inits", X, 1, 600)), "results", ndim=3)
    t.check(draws.shape == (600, 1, 1), f"expected results of shape (1, 1), got {draws.shape[1:]}")
    t.check(np.all(np.isin(draws, X)), "every centroid must be a row of X")
    counts = [np.sum(draws[:, 0, 0] == v) for v in X[:, 0]]
    _frequencies_match(t, counts, np.full(5, 0.2), 0.1, "first centroid over rows 0, 1, 2, 5, 9")


# X = [0, 1, 5]; cells (first, second) in the order (0,1) (0,5) (1,0) (1,5) (5,0) (5,1).
# Squared distances: 1 and 25 from 0, 1 and 16 from 1, 25 and 16 from 5; the first pick is uniform.
PAIRS = [(0.0, 1.0), (0.0, 5.0), (1.0, 0.0), (1.0, 5.0), (5.0, 0.0), (5.0, 1.0)]
PAIR_PROBS = np.array([1 / 26, 25 / 26, 1 / 17, 16 / 17, 25 / 41, 16 / 41]) / 3


@case()
def second_centroid_follows_squared_distance(t):
    X = np.array([[0.0], [1.0], [5.0]])
    draws = t.array((yield drive("repeated_inits", X, 2, 2000)), "results", ndim=3)
    t.check(draws.shape == (2000, 2, 1), f"expected results of shape (2, 1), got {draws.shape[1:]}")
    t.check(np.all(np.isin(draws, X)), "every centroid must be a row of X")
    t.check(np.all(draws[:, 0, 0] != draws[:, 1, 0]), "the second centroid repeated the first")
    counts = [np.sum((draws[:, 0, 0] == a) & (draws[:, 1, 0] == b)) for a, b in PAIRS]
    _frequencies_match(t, counts, PAIR_PROBS, 0.035, "(first, second) pairs over "
                       "(0,1) (0,5) (1,0) (1,5) (5,0) (5,1)")


@case()
def integer_input(t):
    X = t.rng.integers(-50, 50, size=(12, 2))
    while len(np.unique(X, axis=0)) < 12:
        X = t.rng.integers(-50, 50, size=(12, 2))
    got = yield call("kmeans_plus_plus_init", X, 3)
    _row_indices(t, got, X, 3)


@case()
def input_is_not_modified(t):
    X = t.rng.normal(size=(15, 3))
    before, after = t.parts((yield drive("input_after_call", X, 4)), 2)
    t.check(np.array_equal(before, after), "kmeans_plus_plus_init changed its input X")
