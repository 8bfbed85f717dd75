import numpy as np


def _vote(predictions, classes):
    """Majority vote per column of `predictions` (n_voters, n_rows); ties -> smallest class."""
    # votes[r, c] = how many voters predicted classes[c] for row r
    votes = (predictions[:, :, None] == classes[None, None, :]).sum(axis=0)
    return classes[np.argmax(votes, axis=1)]  # argmax takes the first max: the smallest class


class BaggingClassifier:
    """Bootstrap aggregating: each model sees a resample of the rows; predictions are votes."""

    def __init__(self, make_model, n_estimators=10, rng=None):
        self.make_model = make_model
        self.n_estimators = n_estimators
        # Only rng.integers is used, so any object with that method (a Generator) works.
        self.rng = np.random.default_rng() if rng is None else rng

    def fit(self, X, y):
        X, y = np.asarray(X), np.asarray(y)
        n = len(y)
        self.classes_ = np.unique(y)
        self.estimators_, bootstrap, self.oob_indices_ = [], [], []
        for _ in range(self.n_estimators):
            rows = self.rng.integers(0, n, size=n)  # n draws with replacement
            model = self.make_model()
            model.fit(X[rows], y[rows])
            self.estimators_.append(model)
            bootstrap.append(rows)
            # Rows never drawn: about (1 - 1/n)^n ~ 37% of them for large n.
            in_bag = np.zeros(n, dtype=bool)
            in_bag[rows] = True
            self.oob_indices_.append(np.flatnonzero(~in_bag))
        self.bootstrap_indices_ = np.array(bootstrap, dtype=np.int64).reshape(self.n_estimators, n)
        self.oob_score_ = self._oob_score(X, y)
        return self

    def _oob_score(self, X, y):
        """Accuracy of votes that use, for each row, only the models that never saw it."""
        n = len(y)
        votes = np.zeros((n, len(self.classes_)), dtype=np.int64)
        for model, oob in zip(self.estimators_, self.oob_indices_):
            if len(oob) == 0:
                continue
            predicted = np.asarray(model.predict(X[oob]))
            votes[oob] += predicted[:, None] == self.classes_[None, :]
        has_vote = votes.sum(axis=1) > 0
        if not has_vote.any():
            return float("nan")
        winners = self.classes_[np.argmax(votes[has_vote], axis=1)]
        return float(np.mean(winners == y[has_vote]))

    def predict(self, X):
        X = np.asarray(X)
        predictions = np.array([np.asarray(m.predict(X)) for m in self.estimators_])
        return _vote(predictions, self.classes_)
