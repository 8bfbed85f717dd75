import numpy as np


class BaggingClassifier:
    """Bootstrap aggregating of models built by `make_model`, with out-of-bag evaluation.

    Args:
        make_model: zero-argument callable returning a new unfitted model with fit/predict.
        n_estimators: number of models to train.
        rng: np.random.Generator (None -> np.random.default_rng()).
    """

    def __init__(self, make_model, n_estimators=10, rng=None):
        self.make_model = make_model
        self.n_estimators = n_estimators
        self.rng = np.random.default_rng() if rng is None else rng

    def fit(self, X, y):
        """Train n_estimators models on bootstrap samples drawn with rng.integers.

        Sets estimators_, bootstrap_indices_ (n_estimators, n_samples), oob_indices_ (list of
        sorted int arrays) and oob_score_ (float, nan if no row is ever out of bag).
        Returns:
            self
        """
        raise NotImplementedError("implement fit")

    def predict(self, X):
        """Majority vote of the estimators for each row of X; ties go to the smallest label."""
        raise NotImplementedError("implement predict")
