"""Hidden tests for ridge-regression: closed-form values against the reference, the
unpenalised intercept, no-intercept fits, and degenerate designs that only ridge can solve."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _unpack(t, got, label):
    coef, intercept = t.parts(got, 2, label)
    coef = t.array(coef, f"{label}: coef", ndim=1)
    t.check(np.ndim(intercept) == 0, f"{label}: intercept must be a single number, got "
            f"{np.shape(intercept)}")
    return coef, float(intercept)


def _check(t, got, X, y, alpha, fit_intercept, label, atol=None):
    coef, intercept = _unpack(t, got, label)
    ref_coef, ref_intercept = t.ref.ridge_regression(X, y, alpha=alpha,
                                                     fit_intercept=fit_intercept)
    t.close(coef, ref_coef, what=f"{label}: coef", atol=atol)
    t.close(intercept, ref_intercept, what=f"{label}: intercept", atol=atol)
    return coef, intercept


@case(visible=True)
def exact_line_ols(t):
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 2.0 * X[:, 0] + 1.0
    got = yield call("ridge_regression", X, y, alpha=0.0)
    coef, intercept = _unpack(t, got, "alpha=0 on y = 2x + 1")
    t.close(coef, [2.0], what="coef for y = 2x + 1")
    t.close(intercept, 1.0, what="intercept for y = 2x + 1")


@case(visible=True)
def small_ridge_example(t):
    X = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 1.0], [4.0, 3.0]])
    y = np.array([3.0, 6.0, 7.0, 12.0])
    got = yield call("ridge_regression", X, y, alpha=1.0)
    _check(t, got, X, y, 1.0, True, "alpha=1 on the prompt's example")


@case(visible=True)
def no_intercept_example(t):
    X = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, 1.0], [4.0, 3.0]])
    y = np.array([3.0, 6.0, 7.0, 12.0])
    got = yield call("ridge_regression", X, y, alpha=1.0, fit_intercept=False)
    _, intercept = _check(t, got, X, y, 1.0, False, "alpha=1, fit_intercept=False")
    t.check(intercept == 0.0, "with fit_intercept=False the intercept must be exactly 0.0",
            expected=0.0, got=intercept)


@case()
def ols_recovers_noiseless_coefficients(t):
    X = t.rng.normal(size=(50, 4))
    w = np.array([1.5, -2.0, 0.0, 3.25])
    y = X @ w - 0.75
    got = yield call("ridge_regression", X, y, alpha=0.0)
    coef, intercept = _unpack(t, got, "alpha=0 on noiseless data")
    t.close(coef, w, what="recovered coefficients")
    t.close(intercept, -0.75, what="recovered intercept")


@case()
def ridge_matches_reference(t):
    X = t.rng.normal(size=(40, 5)) * np.array([1.0, 2.0, 0.5, 3.0, 1.0]) + 1.5
    y = X @ t.rng.normal(size=5) + t.rng.normal(size=40) + 4.0
    got = yield call("ridge_regression", X, y, alpha=3.7)
    _check(t, got, X, y, 3.7, True, "alpha=3.7 on noisy data")


@case()
def intercept_is_not_penalised(t):
    # adding a constant to y must move only the intercept, whatever alpha is
    X = t.rng.normal(size=(30, 3)) + 5.0
    y = X @ np.array([0.5, -1.0, 2.0]) + t.rng.normal(size=30)
    got = yield call("ridge_regression", X, y + 1000.0, alpha=50.0)
    coef, intercept = _check(t, got, X, y + 1000.0, 50.0, True, "alpha=50, y shifted by 1000")
    ref_coef, ref_intercept = t.ref.ridge_regression(X, y, alpha=50.0)
    t.close(coef, ref_coef, what="coef must not change when y is shifted by a constant")
    t.close(intercept - 1000.0, ref_intercept, what="intercept must absorb the shift")


@case()
def huge_alpha_shrinks_to_the_mean(t):
    X = t.rng.normal(size=(25, 3))
    y = X @ np.array([2.0, -1.0, 0.5]) + 7.0
    got = yield call("ridge_regression", X, y, alpha=1e12)
    coef, intercept = _unpack(t, got, "alpha=1e12")
    t.close(coef, np.zeros(3), what="coef under a huge penalty", atol=1e-9)
    t.close(intercept, y.mean(), what="intercept under a huge penalty (the mean of y)")


@case()
def more_features_than_samples(t):
    X = t.rng.normal(size=(8, 20))
    y = t.rng.normal(size=8)
    got = yield call("ridge_regression", X, y, alpha=0.5)
    _check(t, got, X, y, 0.5, True, "8 samples, 20 features, alpha=0.5")


@case()
def duplicated_column(t):
    base = t.rng.normal(size=(30, 2))
    X = np.column_stack([base[:, 0], base[:, 1], base[:, 0]])
    y = 3.0 * base[:, 0] - base[:, 1] + 0.1 * t.rng.normal(size=30)
    got = yield call("ridge_regression", X, y, alpha=1.0)
    coef, _ = _check(t, got, X, y, 1.0, True, "a duplicated column, alpha=1")
    t.close(coef[0], coef[2], what="identical columns must share the weight equally")


@case()
def integer_inputs(t):
    X = t.rng.integers(-5, 6, size=(20, 3))
    y = X @ np.array([1, 2, -1]) + t.rng.integers(-2, 3, size=20)
    got = yield call("ridge_regression", X, y, alpha=2.0)
    _check(t, got, X, y, 2.0, True, "integer X and y, alpha=2")


@case()
def no_intercept_random(t):
    X = t.rng.normal(size=(35, 4)) + 2.0
    y = X @ np.array([1.0, 0.0, -2.0, 0.5]) + 3.0
    got = yield call("ridge_regression", X, y, alpha=0.25, fit_intercept=False)
    _, intercept = _check(t, got, X, y, 0.25, False, "fit_intercept=False on off-centre data")
    t.check(intercept == 0.0, "with fit_intercept=False the intercept must be exactly 0.0",
            expected=0.0, got=intercept)


@case()
def single_feature(t):
    x = t.rng.uniform(0, 10, size=15)
    y = 0.3 * x + t.rng.normal(size=15)
    X = x[:, None]
    got = yield call("ridge_regression", X, y, alpha=4.0)
    _check(t, got, X, y, 4.0, True, "one feature, alpha=4")
