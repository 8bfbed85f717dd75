import numpy as np


def sigmoid(z):
    """Elementwise 1 / (1 + exp(-z)) that never overflows.

    Args:
        z: scalar or array of any shape.
    Returns:
        np.ndarray of floats with the shape of `z`, values in [0, 1].
    """
    raise NotImplementedError("implement sigmoid")


class LogisticRegression:
    """Binary logistic regression trained by full-batch gradient descent.

    Loss: mean binary cross-entropy + (l2 / 2) * ||coef_||^2  (the intercept is not penalised).
    Start from coef_ = 0, intercept_ = 0 and take exactly `n_iters` steps of size `lr`.
    """

    def __init__(self, lr=0.1, n_iters=1000, l2=0.0):
        self.lr = lr
        self.n_iters = n_iters
        self.l2 = l2

    def fit(self, X, y):
        """X: (n_samples, n_features); y: (n_samples,) of 0/1. Sets coef_ (n_features,) and
        intercept_ (float). Returns self."""
        raise NotImplementedError("implement fit")

    def predict_proba(self, X):
        """P(y = 1 | x) for every row of X, shape (n_samples,)."""
        raise NotImplementedError("implement predict_proba")

    def predict(self, X):
        """Integer labels, shape (n_samples,): 1 where predict_proba(X) >= 0.5, else 0."""
        raise NotImplementedError("implement predict")
