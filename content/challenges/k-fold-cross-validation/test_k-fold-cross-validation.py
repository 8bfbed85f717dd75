"""Hidden tests for k-fold-cross-validation.

Column 0 of X is each sample's id. The driver's model (1-nearest-neighbour on column 1) logs the
ids it is fitted on and asked to predict, so the judge can check that the folds partition the
data, that each fold has a fresh model trained on exactly the other folds, and recompute every
fold's score itself. Any shuffle is accepted; only the consistency of the result is checked.
"""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def run_cv(sub, X, y, k, metric):
    models = []

    class NearestNeighbour:
        def __init__(self):
            self.fits, self.predicts = [], []
            models.append(self)

        def fit(self, X_train, y_train):
            X_train = np.asarray(X_train, dtype=float)
            self.fits.append(X_train[:, 0].astype(np.int64))
            self.x, self.y = X_train[:, 1], np.asarray(y_train)
            return self

        def predict(self, X_val):
            X_val = np.asarray(X_val, dtype=float)
            self.predicts.append(X_val[:, 0].astype(np.int64))
            nearest = np.argmin(np.abs(X_val[:, 1][:, None] - self.x[None, :]), axis=1)
            return self.y[nearest]

    def weighted_error(y_true, y_pred):  # asymmetric: swapping the arguments changes it
        y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
        return float(np.mean(np.abs(y_true - y_pred) * (1.0 + np.abs(y_true))))

    if k is None:
        scores = sub.k_fold_cross_validation(X, y, NearestNeighbour)
    elif metric:
        scores = sub.k_fold_cross_validation(X, y, NearestNeighbour, k=k,
                                             metric_fn=weighted_error)
    else:
        scores = sub.k_fold_cross_validation(X, y, NearestNeighbour, k)
    return scores, [(m.fits, m.predicts) for m in models]


def _weighted_error(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return float(np.mean(np.abs(y_true - y_pred) * (1.0 + np.abs(y_true))))


def _data(rng, n, classes=None):
    X = np.column_stack([np.arange(n, dtype=float), rng.normal(size=n)])
    y = rng.integers(0, classes, size=n) if classes else np.round(rng.normal(size=n) * 3, 1)
    return X, y


def _checked(t, got, X, y, k, metric=False):
    """Check folds, models and scores; return the validation id sets in fold order."""
    n = len(X)
    scores, models = t.parts(got, 2, "(scores, model log)")
    s = t.array(scores, "scores", ndim=1)
    t.check(s.shape == (k,), f"expected {k} scores, one per fold, got shape {s.shape}")
    t.check(len(models) == k, f"model_fn() must be called once per fold: expected {k} models, "
            f"got {len(models)}")
    folds, expected = [], []
    for i, (fits, predicts) in enumerate(models):
        t.check(len(fits) == 1, f"fold {i}: a fresh model is fitted exactly once, "
                f"got {len(fits)} fit calls on the same model")
        train = np.sort(fits[0])
        t.check(len(np.unique(train)) == len(train), f"fold {i}: a sample was repeated in fit")
        val = np.setdiff1d(np.arange(n), train)
        t.check(val.size > 0, f"fold {i}: the model was fitted on every sample, leaving nothing "
                "to validate on")
        t.check(any(np.array_equal(np.sort(p), val) for p in predicts),
                f"fold {i}: predict must be called on exactly the samples left out of fit "
                f"({val.size} of them)")
        folds.append(val)
        nearest = np.argmin(np.abs(X[val, 1][:, None] - X[train, 1][None, :]), axis=1)
        pred = y[train][nearest]
        expected.append(_weighted_error(y[val], pred) if metric else np.mean(pred == y[val]))
    every = np.sort(np.concatenate(folds))
    t.check(np.array_equal(every, np.arange(n)), "every sample must be in exactly one "
            "validation fold (training set = all the other folds)")
    sizes = [len(f) for f in folds]
    t.check(min(sizes) >= n // k, f"each fold needs at least n_samples // k = {n // k} samples; "
            f"fold sizes {sizes}")
    t.close(s, expected, what="scores: fold i's score = metric(y_true of fold i, predictions)"
            + (" with metric_fn(y_true, y_pred)" if metric else " with accuracy"))
    return folds


@case(visible=True)
def default_five_folds_with_accuracy(t):
    X, y = _data(t.rng, 25, classes=3)
    _checked(t, (yield drive("run_cv", X, y, None, False)), X, y, 5)


@case(visible=True)
def custom_metric_gets_true_labels_first(t):
    X, y = _data(t.rng, 24)
    _checked(t, (yield drive("run_cv", X, y, 4, True)), X, y, 4, metric=True)


@case(visible=True)
def folds_that_do_not_divide_evenly(t):
    X, y = _data(t.rng, 31, classes=2)
    _checked(t, (yield drive("run_cv", X, y, 3, False)), X, y, 3)


@case()
def leave_one_out(t):
    X, y = _data(t.rng, 7, classes=2)
    folds = _checked(t, (yield drive("run_cv", X, y, 7, False)), X, y, 7)
    t.check(all(len(f) == 1 for f in folds), "with k = n_samples every fold has one sample")


@case()
def two_folds(t):
    X, y = _data(t.rng, 10, classes=2)
    _checked(t, (yield drive("run_cv", X, y, 2, False)), X, y, 2)


@case()
def samples_are_shuffled_before_splitting(t):
    X, y = _data(t.rng, 40, classes=2)
    folds = _checked(t, (yield drive("run_cv", X, y, 4, False)), X, y, 4)
    contiguous = [np.array_equal(f, np.arange(f[0], f[0] + len(f))) for f in folds]
    t.check(not all(contiguous), "every fold is a block of consecutive samples: shuffle the "
            "indices before splitting (data are often sorted by label or time)")


@case()
def constant_labels_score_one(t):
    X, _ = _data(t.rng, 12)
    y = np.full(12, 4)
    got = yield drive("run_cv", X, y, 3, False)
    _checked(t, got, X, y, 3)
    t.close(got[0], np.ones(3), what="accuracy when every label is the same")


@case()
def classification_with_custom_metric(t):
    X, y = _data(t.rng, 18, classes=4)
    _checked(t, (yield drive("run_cv", X, y, 6, True)), X, y, 6, metric=True)


@case()
def many_small_folds(t):
    X, y = _data(t.rng, 12, classes=2)
    _checked(t, (yield drive("run_cv", X, y, 6, False)), X, y, 6)
