"""Hidden tests for gaussian-naive-bayes: fitted parameters (ddof=0 plus smoothing), posterior
probabilities against the reference, and the log-space stability that naive products lack."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def fit_nb(sub, X, y, var_smoothing, X_new):
    model = sub.GaussianNB(var_smoothing=var_smoothing)
    fitted = model.fit(X, y)
    return (np.asarray(model.classes_), np.asarray(model.class_prior_, dtype=float),
            np.asarray(model.theta_, dtype=float), np.asarray(model.var_, dtype=float),
            np.asarray(model.predict_log_proba(X_new), dtype=float),
            np.asarray(model.predict_proba(X_new), dtype=float),
            np.asarray(model.predict(X_new)), fitted is model)


def _check(t, got, X, y, var_smoothing, X_new, label):
    classes, prior, theta, var, log_proba, proba, pred, returned_self = t.parts(got, 8, label)
    t.check(returned_self, f"{label}: fit(X, y) must return self")
    ref = t.ref.GaussianNB(var_smoothing=var_smoothing).fit(X, y)
    t.close(classes, ref.classes_, what=f"{label}: classes_ (sorted labels)")
    t.close(prior, ref.class_prior_, what=f"{label}: class_prior_")
    t.close(theta, ref.theta_, what=f"{label}: theta_")
    t.close(var, ref.var_, what=f"{label}: var_ (ddof=0 plus var_smoothing * max variance)")
    t.close(log_proba, ref.predict_log_proba(X_new), what=f"{label}: predict_log_proba")
    t.close(proba, ref.predict_proba(X_new), what=f"{label}: predict_proba")
    t.close(np.asarray(proba, dtype=float).sum(axis=1), np.ones(len(X_new)),
            what=f"{label}: predict_proba row sums")
    t.close(pred, ref.predict(X_new), what=f"{label}: predict", atol=0)
    return np.asarray(proba, dtype=float), np.asarray(log_proba, dtype=float)


def _blobs(rng, centres, per_class, scale=1.0):
    centres = np.asarray(centres, dtype=float)
    y = np.repeat(np.arange(len(centres)), per_class)
    X = centres[y] + rng.normal(size=(len(y), centres.shape[1])) * scale
    return X, y


@case(visible=True)
def prompt_example(t):
    X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [6.0, 5.0], [7.0, 8.0], [8.0, 6.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    X_new = np.array([[2.0, 2.0], [5.0, 5.0], [100.0, -100.0]])
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "the prompt's example")


@case(visible=True)
def unsorted_labels_and_uneven_priors(t):
    X = np.array([[0.0], [0.5], [1.0], [4.0], [5.0], [4.5], [5.5], [9.0], [10.0]])
    y = np.array([7, 7, 7, -2, -2, -2, -2, 3, 3])
    X_new = np.array([[0.2], [3.0], [7.0], [12.0]])
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "labels 7, -2, 3 (classes_ must be [-2, 3, 7])")


@case()
def three_classes_match_reference(t):
    X, y = _blobs(t.rng, [[0, 0, 0, 0], [2, 1, 0, -1], [0, 3, 1, 1]], 30, scale=1.2)
    X_new = t.rng.normal(size=(20, 4)) * 2.0
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "3 classes, 4 features")


@case()
def far_points_do_not_underflow(t):
    X, y = _blobs(t.rng, [[0, 0], [3, 3]], 15)
    X_new = np.array([[1000.0, 1000.0], [-1000.0, 50.0], [1.5, 1.5], [300.0, -300.0]])
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    proba, log_proba = _check(t, got, X, y, 1e-9, X_new, "points hundreds of std devs away")
    t.check(np.all(np.isfinite(log_proba)), "log-probabilities must stay finite far from the "
            "data", got=log_proba)


@case()
def many_features_product_underflows(t):
    # 400 densities of ~1e-2 each multiply to ~1e-800: zero in float64 even near the data
    X, y = _blobs(t.rng, np.zeros((2, 400)) + np.array([[0.0], [0.3]]), 20)
    X_new = t.rng.normal(size=(5, 400)) * 1.5
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "400 features")


@case()
def constant_feature_within_class(t):
    X, y = _blobs(t.rng, [[0, 0], [2, 2]], 10)
    X = np.column_stack([X, np.where(y == 0, 1.0, 3.0)])  # feature 2 is constant per class
    X_new = np.array([[0.0, 0.0, 1.0], [2.0, 2.0, 3.0], [1.0, 1.0, 2.0], [0.0, 0.0, 3.0]])
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "a feature with zero variance inside each class")


@case()
def custom_var_smoothing(t):
    X, y = _blobs(t.rng, [[0, 0, 0], [1, 2, 0]], 12, scale=0.8)
    X[:, 2] *= 10.0                                      # the largest variance sets epsilon
    X_new = t.rng.normal(size=(8, 3))
    got = yield drive("fit_nb", X, y, 0.5, X_new)
    _check(t, got, X, y, 0.5, X_new, "var_smoothing=0.5")


@case()
def single_class(t):
    X = t.rng.normal(size=(10, 3))
    y = np.full(10, 4)
    X_new = t.rng.normal(size=(4, 3)) * 50
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    proba, log_proba = _check(t, got, X, y, 1e-9, X_new, "one class only")
    t.close(proba, np.ones((4, 1)), what="with one class every probability is 1")


@case()
def integer_features(t):
    X = t.rng.integers(0, 10, size=(40, 3))
    y = (X[:, 0] + X[:, 1] > 9).astype(int)
    X_new = t.rng.integers(0, 10, size=(10, 3))
    got = yield drive("fit_nb", X, y, 1e-9, X_new)
    _check(t, got, X, y, 1e-9, X_new, "integer features")


@case()
def well_separated_predictions(t):
    centres = np.array([[-5.0, 0.0], [0.0, 5.0], [5.0, 0.0]])
    X, y = _blobs(t.rng, centres, 20, scale=0.5)
    labels = np.array([10, 20, 30])
    got = yield drive("fit_nb", X, labels[y], 1e-9, centres)
    proba, _ = _check(t, got, X, labels[y], 1e-9, centres, "three separated clusters")
    t.close(got[6], labels, what="predict at the cluster centres", atol=0)
