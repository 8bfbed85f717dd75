"""Hidden tests for pca: components up to sign, sample-variance convention, ratio
denominator, projection consistency, centring, and degenerate shapes (n < d, n = 2)."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def fit_pca(sub, X, n_components, X_new):
    pca = sub.PCA(n_components=n_components)
    fitted = pca.fit(X)
    Z = pca.transform(X_new)
    back = pca.inverse_transform(Z)
    return (np.asarray(pca.mean_, dtype=float), np.asarray(pca.components_, dtype=float),
            np.asarray(pca.explained_variance_, dtype=float),
            np.asarray(pca.explained_variance_ratio_, dtype=float),
            np.asarray(Z, dtype=float), np.asarray(back, dtype=float), fitted is pca)


def _check(t, got, X, n_components, X_new, label, unique=None):
    """Compare with the reference; only the first `unique` components are well defined
    (the rest, if any, span a zero-variance subspace and are checked by properties)."""
    mean, comps, var, ratio, Z, back, returned_self = t.parts(got, 7, label)
    t.check(returned_self, f"{label}: fit(X) must return self")
    ref = t.ref.PCA(n_components=n_components).fit(X)
    k, d = ref.components_.shape
    unique = k if unique is None else unique
    t.close(mean, ref.mean_, what=f"{label}: mean_")
    comps = t.array(comps, f"{label}: components_", ndim=2)
    t.check(comps.shape == (k, d), f"{label}: components_ must have shape {(k, d)}, got "
            f"{comps.shape}")
    t.close(comps @ comps.T, np.eye(k), what=f"{label}: components_ @ components_.T "
            "(rows must be orthonormal)", atol=1e-8)
    t.close(var, ref.explained_variance_, what=f"{label}: explained_variance_ (ddof=1)")
    t.close(ratio, ref.explained_variance_ratio_, what=f"{label}: explained_variance_ratio_")
    # align each well-defined component's sign with the reference, then compare
    signs = np.sign(np.sum(comps[:unique] * ref.components_[:unique], axis=1))
    signs[signs == 0] = 1.0
    t.close(comps[:unique] * signs[:, None], ref.components_[:unique],
            what=f"{label}: components_ (up to sign)")
    Z = t.array(Z, f"{label}: transform", ndim=2)
    t.close(Z, (np.asarray(X_new, dtype=float) - ref.mean_) @ comps.T,
            what=f"{label}: transform must equal (X - mean_) @ components_.T with your "
            "components_")
    t.close(Z[:, :unique] * signs, ref.transform(X_new)[:, :unique],
            what=f"{label}: transform (up to the sign of each column)")
    t.close(back, Z @ comps + ref.mean_, what=f"{label}: inverse_transform(Z) must equal "
            "Z @ components_ + mean_")
    return comps, np.asarray(var, dtype=float), np.asarray(ratio, dtype=float)


def _rotated(rng, n, scales):
    """Data with the given standard deviations along random orthogonal axes."""
    q, _ = np.linalg.qr(rng.normal(size=(len(scales), len(scales))))
    return (rng.normal(size=(n, len(scales))) * scales) @ q.T


@case(visible=True)
def prompt_example(t):
    X = np.array([[12.0, 5.0], [10.0, 6.0], [8.0, 5.0], [10.0, 4.0]])
    got = yield drive("fit_pca", X, 1, X)
    _check(t, got, X, 1, X, "PCA(1) on the prompt's 4 points")


@case(visible=True)
def two_of_three_components(t):
    X = np.array([[2.0, 0.0, 1.0], [1.0, 1.0, 0.0], [4.0, 3.0, 1.0],
                  [0.0, -1.0, 2.0], [3.0, 1.0, -1.0], [5.0, 2.0, 0.0]])
    got = yield drive("fit_pca", X, 2, X)
    _check(t, got, X, 2, X, "PCA(2) on a 6x3 matrix")


@case(visible=True)
def all_components_ratio_sums_to_one(t):
    X = _rotated(t.rng, 20, np.array([3.0, 2.0, 1.0, 0.5]))
    got = yield drive("fit_pca", X, None, X)
    _, _, ratio = _check(t, got, X, None, X, "PCA(None) on 20x4")
    t.close(ratio.sum(), 1.0, what="sum of explained_variance_ratio_ with every component kept")


@case()
def correlated_data_top_three(t):
    X = _rotated(t.rng, 50, np.array([6.0, 4.0, 3.0, 2.0, 1.0, 0.5])) + 2.0
    X_new = _rotated(t.rng, 10, np.ones(6))
    got = yield drive("fit_pca", X, 3, X_new)
    _, var, ratio = _check(t, got, X, 3, X_new, "PCA(3) on 50x6 correlated data")
    t.check(np.all(np.diff(var) <= 0), "explained_variance_ must be in decreasing order",
            got=var)
    t.check(ratio.sum() < 1.0, "ratios of 3 of 6 components must sum to less than 1",
            got=ratio.sum())


@case()
def data_far_from_origin(t):
    # an implementation that forgets to centre finds the mean direction instead
    X = _rotated(t.rng, 40, np.array([2.0, 1.0, 0.3])) + np.array([500.0, -300.0, 800.0])
    X_new = X[:5] + 1.0
    got = yield drive("fit_pca", X, 2, X_new)
    _check(t, got, X, 2, X_new, "PCA(2) on data centred far from the origin")


@case()
def more_features_than_samples(t):
    X = t.rng.normal(size=(6, 10)) * np.linspace(3.0, 0.5, 10)
    got = yield drive("fit_pca", X, None, X)
    # centred 6x10 data has rank 5: the sixth component has zero variance and any unit
    # vector orthogonal to the first five (and to the data) is valid
    _, var, _ = _check(t, got, X, None, X, "PCA(None) with 6 samples, 10 features", unique=5)
    t.close(var[-1], 0.0, what="variance of the 6th component of rank-5 data", atol=1e-8)


@case()
def integer_data_one_component(t):
    X = t.rng.integers(-10, 11, size=(30, 4)) * np.array([3, 1, 1, 1])
    got = yield drive("fit_pca", X, 1, X[:7])
    _check(t, got, X, 1, X[:7], "PCA(1) on integer data")


@case()
def full_rank_round_trip(t):
    X = _rotated(t.rng, 25, np.array([4.0, 2.0, 1.0]))
    X_new = t.rng.normal(size=(6, 3)) * 3.0
    got = yield drive("fit_pca", X, 3, X_new)
    _check(t, got, X, 3, X_new, "PCA(3) on 3 features")
    back = got[5]
    t.close(back, X_new, what="inverse_transform(transform(X)) with every component kept")


@case()
def scaled_feature_dominates(t):
    X = t.rng.normal(size=(40, 4)) * np.array([1.0, 1.0, 100.0, 1.0])
    got = yield drive("fit_pca", X, 2, X)
    comps, _, _ = _check(t, got, X, 2, X, "PCA(2) with one feature 100x larger")
    t.check(abs(comps[0, 2]) > 0.999, "the first component should point along the feature "
            "with by far the largest variance", got=comps[0])


@case()
def two_samples(t):
    X = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, -1.0]])
    got = yield drive("fit_pca", X, None, X)
    _, var, ratio = _check(t, got, X, None, X, "PCA(None) on two points", unique=1)
    t.close(var, [10.0, 0.0], what="variances for two points (||x1 - x0||^2 / 2, then 0)")
    t.close(ratio, [1.0, 0.0], what="ratios for two points")
