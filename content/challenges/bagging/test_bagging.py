"""Hidden tests for bagging.

Every case runs the `run_bagging` driver: it builds base models inside the sandbox (a 1-nearest
neighbour, a majority-label model, or fixed-label models), records what each model was trained
on, and returns the ensemble's attributes. Expected values come from running the same driver
on the reference solution here in the judge.
"""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def run_bagging(sub, X, y, X_test, n_estimators, seed, kind, constants=None):
    made = []

    class Model:
        def __init__(self):
            self.seen = None

        def fit(self, Xb, yb):
            self.X = np.array(Xb, dtype=float)
            self.y = np.array(yb)
            self.seen = (self.X.copy(), self.y.copy())
            return self

        def predict(self, Xq):
            Xq = np.asarray(Xq, dtype=float)
            if kind == "nearest":  # label of the closest training row (first one on ties)
                d = ((Xq[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=-1)
                return self.y[np.argmin(d, axis=1)]
            if kind == "majority":  # most common training label, smallest on ties
                labels, counts = np.unique(self.y, return_counts=True)
                return np.full(len(Xq), labels[np.argmax(counts)])
            return np.full(len(Xq), constants[made.index(self)])  # kind == "constant"

    def make_model():
        model = Model()
        made.append(model)
        return model

    rng = None if seed is None else np.random.default_rng(seed)
    bag = sub.BaggingClassifier(make_model, n_estimators=n_estimators, rng=rng)
    fitted = bag.fit(X, y)
    return {
        "predict": np.asarray(bag.predict(X_test)),
        "bootstrap": np.asarray(bag.bootstrap_indices_),
        "oob": [np.asarray(o) for o in bag.oob_indices_],
        "oob_score": float(bag.oob_score_),
        "seen": [m.seen for m in made],
        "n_made": len(made),
        "estimators_are_made_models": [any(e is m for m in made) for e in bag.estimators_],
        "fit_returns_self": fitted is bag,
    }


def expected_run(t, *args, **kwargs):
    return run_bagging(t.ref, *args, **kwargs)


def toy_data(rng, n=40, n_classes=3):
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    noise = rng.random(n) < 0.15
    y[noise] = rng.integers(0, n_classes, noise.sum())
    return X, y


def result(t, got):
    keys = {"predict", "bootstrap", "oob", "oob_score", "seen", "n_made"}
    t.check(isinstance(got, dict) and keys <= set(got),
            "the driver could not read the ensemble's results", got=got)
    return got


def same_ints(t, got, expected, what):
    arr = np.asarray(got)
    expected = np.asarray(expected)
    t.check(arr.shape == expected.shape,
            f"{what}: expected shape {expected.shape}, got {arr.shape}", expected, arr)
    t.check(np.array_equal(arr, expected), f"{what}: values differ", expected, arr)


@case(visible=True)
def bootstrap_indices_follow_the_rng(t):
    X, y = toy_data(t.rng, n=8)
    args = (X, y, X, 3, 0, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    same_ints(t, got["bootstrap"], expected_run(t, *args)["bootstrap"],
              "bootstrap_indices_ with rng=np.random.default_rng(0), 3 estimators, 8 rows")


@case(visible=True)
def oob_indices_are_the_sorted_complement(t):
    X, y = toy_data(t.rng, n=10)
    args = (X, y, X, 4, 1, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    exp = expected_run(t, *args)
    t.check(len(got["oob"]) == 4, "oob_indices_ needs one array per estimator",
            expected=4, got=len(got["oob"]))
    for b in range(4):
        same_ints(t, got["oob"][b], exp["oob"][b], f"oob_indices_[{b}]")


@case(visible=True)
def majority_vote_of_majority_models(t):
    X, y = toy_data(t.rng, n=30)
    X_test = t.rng.normal(size=(5, 2))
    args = (X, y, X_test, 9, 2, "majority")
    got = result(t, (yield drive("run_bagging", *args)))
    same_ints(t, got["predict"], expected_run(t, *args)["predict"],
              "predict() of 9 majority-label models")


@case()
def each_model_trains_on_its_bootstrap_rows(t):
    X, y = toy_data(t.rng, n=12)
    args = (X, y, X, 5, 3, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    exp = expected_run(t, *args)
    t.check(got["n_made"] == 5, "make_model() must be called once per estimator",
            expected=5, got=got["n_made"])
    for b, (seen, want) in enumerate(zip(got["seen"], exp["seen"])):
        t.check(seen is not None, f"model {b} was never fitted")
        t.close(seen[0], want[0], what=f"X given to model {b}.fit")
        same_ints(t, seen[1], want[1], f"y given to model {b}.fit")


@case()
def estimators_are_fresh_models(t):
    X, y = toy_data(t.rng, n=15)
    got = result(t, (yield drive("run_bagging", X, y, X, 6, 4, "nearest")))
    t.check(got["n_made"] == 6, "make_model() must be called exactly n_estimators times",
            expected=6, got=got["n_made"])
    flags = got.get("estimators_are_made_models", [])
    t.check(len(flags) == 6 and all(flags), "estimators_ must hold the 6 models make_model() "
            "returned, in order", got=flags)


@case()
def vote_ties_go_to_smallest_label(t):
    X = t.rng.normal(size=(6, 2))
    y = np.array([4, 9, 4, 9, 1, 1])
    # Two models that always say 9 and 4: every row is a 1-1 tie, so 4 wins.
    got = result(t, (yield drive("run_bagging", X, y, X[:3], 2, 5, "constant", [9, 4])))
    same_ints(t, got["predict"], [4, 4, 4], "predict() when two models tie 9 vs 4")


@case()
def vote_majority_beats_smaller_label(t):
    X = t.rng.normal(size=(6, 2))
    y = np.array([4, 9, 4, 9, 1, 1])
    got = result(t, (yield drive("run_bagging", X, y, X[:3], 3, 5, "constant", [9, 4, 9])))
    same_ints(t, got["predict"], [9, 9, 9], "predict() with votes 9, 4, 9")


@case()
def predictions_match_reference(t):
    X, y = toy_data(t.rng, n=60)
    X_test = t.rng.normal(size=(50, 2))
    args = (X, y, X_test, 7, 6, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    same_ints(t, got["predict"], expected_run(t, *args)["predict"],
              "predict() of 7 bagged 1-nearest-neighbour models")


@case()
def oob_score_matches_reference(t):
    X, y = toy_data(t.rng, n=50)
    args = (X, y, X[:2], 11, 7, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    t.close(got["oob_score"], expected_run(t, *args)["oob_score"],
            what="oob_score_ of 11 bagged 1-nearest-neighbour models")


@case()
def oob_score_with_even_votes(t):
    # Majority models over few rows give many 1-1 OOB ties, which must go to the smallest label.
    X = t.rng.normal(size=(9, 2))
    y = np.array([2, 0, 2, 0, 2, 0, 2, 0, 1])
    args = (X, y, X[:2], 4, 0, "majority")
    got = result(t, (yield drive("run_bagging", *args)))
    t.close(got["oob_score"], expected_run(t, *args)["oob_score"],
            what="oob_score_ of 4 majority-label models")


@case()
def single_row_has_no_out_of_bag(t):
    X = np.array([[0.5, -1.0]])
    y = np.array([3])
    got = result(t, (yield drive("run_bagging", X, y, X, 3, 9, "nearest")))
    for b in range(3):
        same_ints(t, got["oob"][b], np.array([], dtype=np.int64), f"oob_indices_[{b}]")
    t.check(np.isnan(got["oob_score"]), "oob_score_ must be nan when no row is ever out of bag",
            expected=float("nan"), got=got["oob_score"])
    same_ints(t, got["predict"], [3], "predict() of models trained on one row")


@case()
def default_rng_when_none(t):
    X, y = toy_data(t.rng, n=20)
    got = result(t, (yield drive("run_bagging", X, y, X, 4, None, "nearest")))
    boot = np.asarray(got["bootstrap"])
    t.check(boot.shape == (4, 20), "bootstrap_indices_ shape with rng=None",
            expected=(4, 20), got=boot.shape)
    t.check(np.all((boot >= 0) & (boot < 20)), "bootstrap indices must lie in 0 .. n-1")
    for b in range(4):
        same_ints(t, got["oob"][b], np.setdiff1d(np.arange(20), boot[b]),
                  f"oob_indices_[{b}] vs bootstrap_indices_[{b}]")


@case()
def labels_keep_their_values(t):
    X, y = toy_data(t.rng, n=40, n_classes=2)
    y = np.where(y > 0, 5, -2)
    X_test = t.rng.normal(size=(20, 2))
    args = (X, y, X_test, 5, 10, "nearest")
    got = result(t, (yield drive("run_bagging", *args)))
    same_ints(t, got["predict"], expected_run(t, *args)["predict"],
              "predict() with labels -2 and 5")
    t.check(got.get("fit_returns_self") is True, "fit(X, y) must return self",
            expected=True, got=got.get("fit_returns_self"))
