"""Hidden tests for logistic-regression: exact gradient-descent trajectories against the
reference, the L2/intercept convention, overflow safety, and held-out accuracy/log-loss."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def fit_predict(sub, X, y, params, X_new, strict):
    """Fit, then predict on X_new; with strict=True any overflow inside numpy raises."""
    model = sub.LogisticRegression(**params)
    with np.errstate(over="raise" if strict else "ignore"):
        try:
            fitted = model.fit(X, y)
            proba = model.predict_proba(X_new)
            labels = model.predict(X_new)
        except FloatingPointError as exc:
            return "overflow: " + str(exc)
    return (np.asarray(model.coef_, dtype=float), float(model.intercept_),
            np.asarray(proba, dtype=float), np.asarray(labels), fitted is model)


@driver
def sigmoid_strict(sub, z):
    with np.errstate(over="raise"):
        try:
            return np.asarray(sub.sigmoid(z), dtype=float)
        except FloatingPointError as exc:
            return "overflow: " + str(exc)


def _blobs(rng, n, d, gap):
    """Two Gaussian clouds, class 1 shifted by `gap` along a random unit direction."""
    y = (rng.random(n) < 0.5).astype(int)
    direction = rng.normal(size=d)
    direction /= np.linalg.norm(direction)
    X = rng.normal(size=(n, d)) + np.outer(y, direction) * gap
    return X, y


def _check_fit(t, got, X, y, params, X_new, label):
    t.check(not isinstance(got, str), f"{label}: numpy overflowed ({got}); make sigmoid stable",
            got=got)
    coef, intercept, proba, labels, returned_self = t.parts(got, 5, label)
    t.check(returned_self, f"{label}: fit(X, y) must return self")
    ref = t.ref.LogisticRegression(**params).fit(X, y)
    t.close(coef, ref.coef_, what=f"{label}: coef_")
    t.close(intercept, ref.intercept_, what=f"{label}: intercept_")
    t.close(proba, ref.predict_proba(X_new), what=f"{label}: predict_proba")
    labels = np.asarray(labels)
    t.check(labels.dtype.kind in "iub", f"{label}: predict must return integer labels, got "
            f"dtype {labels.dtype}")
    t.close(labels, ref.predict(X_new), what=f"{label}: predict")


@case(visible=True)
def sigmoid_small_values(t):
    z = np.array([[-2.0, -0.5], [0.0, 3.0]])
    got = yield call("sigmoid", z)
    t.close(got, 1.0 / (1.0 + np.exp(-z)), what="sigmoid([[-2, -0.5], [0, 3]])")


@case(visible=True)
def sigmoid_extremes_do_not_overflow(t):
    z = np.array([-1000.0, -750.0, -50.0, 0.0, 50.0, 750.0, 1000.0])
    got = yield drive("sigmoid_strict", z)
    t.check(not isinstance(got, str), f"sigmoid overflowed on large |z| ({got})", got=got)
    t.close(got, t.ref.sigmoid(z), what="sigmoid([-1000, -750, -50, 0, 50, 750, 1000])")


@case(visible=True)
def tiny_fit_two_steps(t):
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 0, 1, 1])
    params = {"lr": 0.5, "n_iters": 2}
    got = yield drive("fit_predict", X, y, params, X, False)
    _check_fit(t, got, X, y, params, X, "LogisticRegression(lr=0.5, n_iters=2) on 4 points")


@case()
def matches_reference_random(t):
    X, y = _blobs(t.rng, 60, 3, gap=1.5)
    X_new = t.rng.normal(size=(15, 3))
    params = {"lr": 0.2, "n_iters": 300}
    got = yield drive("fit_predict", X, y, params, X_new, False)
    _check_fit(t, got, X, y, params, X_new, "300 steps on overlapping blobs")


@case()
def l2_penalises_weights_not_intercept(t):
    # imbalanced labels and off-centre features make the intercept matter
    X, y = _blobs(t.rng, 50, 4, gap=1.0)
    y[: 30] = 1
    X = X + 2.0
    X_new = t.rng.normal(size=(10, 4)) + 2.0
    params = {"lr": 0.1, "n_iters": 400, "l2": 0.3}
    got = yield drive("fit_predict", X, y, params, X_new, False)
    _check_fit(t, got, X, y, params, X_new, "l2=0.3 (intercept unpenalised)")


@case()
def heldout_accuracy_and_log_loss(t):
    X, y = _blobs(t.rng, 120, 2, gap=3.0)
    X_train, y_train, X_test, y_test = X[:80], y[:80], X[80:], y[80:]
    params = {"lr": 0.5, "n_iters": 500}
    got = yield drive("fit_predict", X_train, y_train, params, X_test, False)
    t.check(not isinstance(got, str), f"numpy overflowed ({got})", got=got)
    _, _, proba, labels, _ = t.parts(got, 5, "fit_predict")
    proba = t.array(proba, "predict_proba", ndim=1)
    t.check(proba.shape == y_test.shape, f"predict_proba: expected shape {y_test.shape}, got "
            f"{proba.shape}")
    ref_p = t.ref.LogisticRegression(**params).fit(X_train, y_train).predict_proba(X_test)

    def log_loss(p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return float(-np.mean(y_test * np.log(p) + (1 - y_test) * np.log(1 - p)))

    def accuracy(labels_):
        return float(np.mean(np.asarray(labels_) == y_test))

    t.close(log_loss(proba), log_loss(ref_p), what="held-out log-loss", rtol=1e-6, atol=1e-8)
    t.close(accuracy(labels), accuracy(ref_p >= 0.5), what="held-out accuracy", atol=1e-12)


@case()
def zero_iterations_predicts_half(t):
    X = t.rng.normal(size=(6, 3))
    y = np.array([0, 1, 0, 1, 1, 0])
    params = {"lr": 0.1, "n_iters": 0}
    got = yield drive("fit_predict", X, y, params, X, False)
    _check_fit(t, got, X, y, params, X, "n_iters=0 (p = 0.5 everywhere; ties go to class 1)")


@case()
def large_logits_during_training(t):
    # well separated and badly scaled: logits reach the thousands within a few steps
    X = np.concatenate([t.rng.normal(-1.0, 0.2, size=(10, 2)),
                        t.rng.normal(1.0, 0.2, size=(10, 2))]) * 400.0
    y = np.repeat([0, 1], 10)
    X_new = np.array([[-2000.0, -2000.0], [0.5, -0.5], [2000.0, 2000.0]])
    params = {"lr": 1.0, "n_iters": 20}
    got = yield drive("fit_predict", X, y, params, X_new, True)
    _check_fit(t, got, X, y, params, X_new,
               "training with huge logits under errstate(over='raise')")


@case()
def single_class_labels(t):
    X = t.rng.normal(size=(12, 2))
    y = np.ones(12, dtype=int)
    params = {"lr": 0.3, "n_iters": 100}
    got = yield drive("fit_predict", X, y, params, X, False)
    _check_fit(t, got, X, y, params, X, "every label is 1")


@case()
def integer_inputs(t):
    X = t.rng.integers(-3, 4, size=(20, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    params = {"lr": 0.05, "n_iters": 150}
    got = yield drive("fit_predict", X, y, params, X, False)
    _check_fit(t, got, X, y, params, X, "integer X and y")


@case()
def one_feature_many_steps(t):
    x = t.rng.normal(size=40)
    y = (x + 0.7 * t.rng.normal(size=40) > 0.3).astype(int)
    X = x[:, None]
    X_new = np.linspace(-3, 3, 7)[:, None]
    params = {"lr": 0.8, "n_iters": 1000, "l2": 0.01}
    got = yield drive("fit_predict", X, y, params, X_new, False)
    _check_fit(t, got, X, y, params, X_new, "one feature, 1000 steps, l2=0.01")
