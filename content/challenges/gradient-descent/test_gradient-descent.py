"""Hidden tests for gradient-descent: exact iterates for a few steps, convergence on
well-conditioned data, the no-bias convention, keyword arguments and integer input."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _regression(rng, n, d, noise=0.1):
    X = rng.normal(size=(n, d))
    true_theta = rng.normal(size=d)
    return X, X @ true_theta + noise * rng.normal(size=n)


@case(visible=True)
def one_step_from_zero(t):
    X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    y = np.array([1.0, 3.0, 5.0])
    got = yield call("gradient_descent", X, y, learning_rate=0.1, epochs=1)
    t.close(got, [0.6, 2.6 / 3], what="theta after one step of size 0.1")


@case(visible=True)
def defaults_reach_least_squares(t):
    X, y = _regression(t.rng, 50, 3)
    got = yield call("gradient_descent", X, y)
    t.close(got, t.ref.gradient_descent(X, y), what="theta after 1000 steps of size 0.01")
    # on standardised features 1000 steps are enough to reach the least-squares solution
    t.close(got, np.linalg.lstsq(X, y, rcond=None)[0], what="theta vs least squares",
            rtol=1e-4, atol=1e-5)


@case(visible=True)
def no_bias_column_is_added(t):
    X = t.rng.normal(size=(20, 2))
    y = X @ np.array([2.0, -1.0]) + 3.0  # an intercept the model cannot represent
    got = yield call("gradient_descent", X, y, 0.05, 500)
    theta = t.array(got, "theta", ndim=1)
    t.check(theta.shape == (2,), f"theta must have one entry per column of X (no bias column "
            f"added): expected shape (2,), got {theta.shape}")
    t.close(theta, t.ref.gradient_descent(X, y, 0.05, 500), what="theta")


@case()
def intercept_through_a_ones_column(t):
    x = t.rng.uniform(-1, 1, size=30)
    X = np.column_stack([np.ones(30), x])
    y = 4.0 - 2.5 * x
    got = yield call("gradient_descent", X, y, learning_rate=0.1, epochs=3000)
    t.close(got, [4.0, -2.5], what="[intercept, slope]", rtol=1e-6, atol=1e-6)


@case()
def a_few_exact_steps(t):
    X, y = _regression(t.rng, 12, 4)
    got = yield call("gradient_descent", X, y, learning_rate=0.05, epochs=3)
    t.close(got, t.ref.gradient_descent(X, y, learning_rate=0.05, epochs=3),
            what="theta after 3 steps of size 0.05")


@case()
def zero_epochs_returns_zeros(t):
    X, y = _regression(t.rng, 8, 3)
    got = yield call("gradient_descent", X, y, learning_rate=0.1, epochs=0)
    t.close(got, np.zeros(3), what="theta with epochs=0")


@case()
def single_feature(t):
    X = t.rng.normal(size=(25, 1))
    y = 1.5 * X[:, 0]
    got = yield call("gradient_descent", X, y, learning_rate=0.02, epochs=40)
    t.close(got, t.ref.gradient_descent(X, y, learning_rate=0.02, epochs=40),
            what="theta for one feature")


@case()
def gradient_is_a_mean_not_a_sum(t):
    # with 400 samples a summed gradient is 400 times too large and diverges
    X, y = _regression(t.rng, 400, 3)
    got = yield call("gradient_descent", X, y, learning_rate=0.1, epochs=100)
    t.close(got, t.ref.gradient_descent(X, y, learning_rate=0.1, epochs=100),
            what="theta after 100 steps on 400 samples")


@case()
def integer_inputs(t):
    X = t.rng.integers(-3, 4, size=(15, 2))
    y = t.rng.integers(-5, 6, size=15)
    got = yield call("gradient_descent", X, y, learning_rate=0.01, epochs=25)
    t.close(got, t.ref.gradient_descent(X.astype(float), y.astype(float), 0.01, 25),
            what="theta for integer X and y")


@case()
def unscaled_features_small_steps(t):
    X = t.rng.normal(size=(30, 3)) * np.array([1.0, 10.0, 0.1])
    y = X @ np.array([0.5, -0.2, 3.0]) + 1.0
    got = yield call("gradient_descent", X, y, learning_rate=0.001, epochs=200)
    t.close(got, t.ref.gradient_descent(X, y, learning_rate=0.001, epochs=200),
            what="theta on features of different scales")
