"""Hidden tests for kmeans-clustering.

Answers are not unique (cluster ids are arbitrary, Lloyd's algorithm has local minima), so every
case checks properties of a converged clustering. The blob cases put blobs so far apart (spacing
1e4, spread 1e-3) that k-means++ seeding lands one centroid per blob with probability above
1 - 1e-9 (the bounds are recomputed in tests/content/test_reference_core.py); there the optimum
is the blob partition itself, and the learner must reach it.
"""

import numpy as np

from mlcoach.judge.testkit import call, case


def _blobs(rng, centres, sizes, sigma):
    """Gaussian blobs around `centres`, rows shuffled; returns (X, true blob index per row)."""
    centres = np.asarray(centres, dtype=float)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    X = centres[truth] + sigma * rng.normal(size=(len(truth), centres.shape[1]))
    order = rng.permutation(len(truth))
    return X[order], truth[order]


def _converged(t, got, X, k):
    """Check what every answer must satisfy; return (centroids, labels) as arrays."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    centroids, labels = t.parts(got, 2, "(centroids, labels)")
    C = t.array(centroids, "centroids", ndim=2)
    t.check(C.shape == (k, d), f"centroids: expected shape {(k, d)}, got {C.shape}")
    t.check(np.all(np.isfinite(C)), "centroids contain nan or inf (was a cluster empty?)")
    lab = np.asarray(labels)
    t.check(lab.shape == (n,), f"labels: expected shape {(n,)}, got {lab.shape}")
    t.check(np.issubdtype(lab.dtype, np.integer), f"labels must be integers, got dtype {lab.dtype}")
    t.check(lab.min() >= 0 and lab.max() < k, f"labels must lie in 0..{k - 1}")
    sizes = np.bincount(lab, minlength=k)
    t.check(np.all(sizes > 0), f"every cluster must be non-empty; cluster sizes {sizes.tolist()}")
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=-1)
    own = d2[np.arange(n), lab]
    # tiny slack for ties and for |x|^2 - 2 x.c + |c|^2 style distance code
    slack = 1e-12 * (1.0 + (X ** 2).sum(axis=1) + (C[lab] ** 2).sum(axis=1))
    bad = np.flatnonzero(own > d2.min(axis=1) + slack)
    t.check(bad.size == 0, f"{bad.size} point(s) are not assigned to their nearest centroid "
            f"(first: row {bad[:1].tolist()}); iterate until the labels stop changing")
    means = np.stack([X[lab == j].mean(axis=0) for j in range(k)])
    t.close(C, means, what="each centroid vs the mean of its cluster")
    return C, lab


def _finds_blobs(t, C, lab, X, truth):
    """The clusters must be the blobs (up to renumbering) and reach the optimal inertia."""
    X = np.asarray(X, dtype=float)
    k = int(truth.max()) + 1
    table = np.zeros((k, k), dtype=int)
    np.add.at(table, (truth, lab), 1)
    split = int(np.sum((table > 0).sum(axis=1) > 1))
    t.check(split == 0 and np.all((table > 0).sum(axis=0) == 1),
            f"the clusters should be exactly the {k} well-separated blobs (up to renumbering); "
            f"{split} blob(s) were split across clusters - check your initialisation")
    inertia = float(((X - C[lab]) ** 2).sum())
    optimum = float(sum(((X[truth == j] - X[truth == j].mean(axis=0)) ** 2).sum()
                        for j in range(k)))
    t.check(inertia <= optimum * (1 + 1e-6) + 1e-9,
            f"inertia {inertia:.6g} is above the optimum {optimum:.6g}", expected=optimum,
            got=inertia)


@case(visible=True)
def two_small_groups(t):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [10.0, 10.0], [10.0, 11.0], [11.0, 10.0]])
    got = yield call("kmeans_clustering", X, 2)
    C, lab = _converged(t, got, X, 2)
    _finds_blobs(t, C, lab, X, np.array([0, 0, 0, 1, 1, 1]))


@case(visible=True)
def k_equals_one_gives_the_mean(t):
    X = t.rng.normal(size=(30, 4)) * 3 + 1
    got = yield call("kmeans_clustering", X, 1)
    C, lab = _converged(t, got, X, 1)
    t.close(C, X.mean(axis=0, keepdims=True), what="the single centroid")
    t.check(np.all(lab == 0), "with k=1 every label must be 0")


@case(visible=True)
def three_far_apart_blobs(t):
    X, truth = _blobs(t.rng, 1e4 * np.array([[0, 0], [1, 0], [0, 1]]), [20, 20, 20], 1e-3)
    got = yield call("kmeans_clustering", X, 3)
    C, lab = _converged(t, got, X, 3)
    _finds_blobs(t, C, lab, X, truth)


@case()
def unbalanced_blobs(t):
    X, truth = _blobs(t.rng, 1e4 * np.array([[0, 0], [1, 1], [-1, 1]]), [40, 6, 2], 1e-3)
    got = yield call("kmeans_clustering", X, 3)
    C, lab = _converged(t, got, X, 3)
    _finds_blobs(t, C, lab, X, truth)


@case()
def five_blobs_in_five_dimensions(t):
    X, truth = _blobs(t.rng, 1e4 * np.eye(5), [12, 9, 15, 10, 8], 1e-3)
    got = yield call("kmeans_clustering", X, 5)
    C, lab = _converged(t, got, X, 5)
    _finds_blobs(t, C, lab, X, truth)


@case()
def repeated_points_only(t):
    # three distinct points, repeated 10, 7 and 3 times: a random-row start often picks a
    # duplicate and leaves a cluster empty
    points = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    truth = np.repeat(np.arange(3), [10, 7, 3])
    order = t.rng.permutation(len(truth))
    X, truth = points[truth[order]], truth[order]
    got = yield call("kmeans_clustering", X, 3)
    C, lab = _converged(t, got, X, 3)
    _finds_blobs(t, C, lab, X, truth)


@case()
def blobs_with_duplicated_rows(t):
    X, truth = _blobs(t.rng, 1e4 * np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                      [5, 4, 6, 3], 1e-3)
    X, truth = np.repeat(X, 3, axis=0), np.repeat(truth, 3)
    got = yield call("kmeans_clustering", X, 4)
    C, lab = _converged(t, got, X, 4)
    _finds_blobs(t, C, lab, X, truth)


@case()
def overlapping_data_is_a_fixed_point(t):
    # no unique answer here: only the converged-clustering properties are checked
    X, _ = _blobs(t.rng, [[0, 0], [3, 0], [0, 3]], [30, 30, 30], 1.0)
    got = yield call("kmeans_clustering", X, 3)
    _converged(t, got, X, 3)


@case()
def k_equals_number_of_points(t):
    X = t.rng.normal(size=(6, 2)) * 10
    got = yield call("kmeans_clustering", X, 6)
    C, lab = _converged(t, got, X, 6)
    t.check(len(set(lab.tolist())) == 6, "each point must be its own cluster")
    t.close(C[lab], X, what="centroids equal their single points")


@case()
def integer_input_with_positional_max_iterations(t):
    centres = 10**6 * np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    truth = np.repeat(np.arange(4), [6, 5, 7, 4])
    X = centres[truth] + t.rng.integers(0, 2, size=(len(truth), 2))
    order = t.rng.permutation(len(truth))
    X, truth = X[order], truth[order]
    got = yield call("kmeans_clustering", X, 4, 50)
    C, lab = _converged(t, got, X, 4)
    _finds_blobs(t, C, lab, X, truth)
