import numpy as np


def sigmoid(z):
    """Logistic function without overflow.

    exp() is only ever applied to -|z| <= 0, so it lies in (0, 1] and cannot overflow:
    for z >= 0 use 1 / (1 + e^-z); for z < 0 use e^z / (1 + e^z) (the same value).
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class LogisticRegression:
    """Binary logistic regression fitted by full-batch gradient descent."""

    def __init__(self, lr=0.1, n_iters=1000, l2=0.0):
        self.lr = lr
        self.n_iters = n_iters
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        w = np.zeros(d)
        b = 0.0
        for _ in range(self.n_iters):
            residual = sigmoid(X @ w + b) - y        # dLoss/dlogit for every sample
            grad_w = X.T @ residual / n + self.l2 * w  # the penalty touches w only
            grad_b = residual.mean()
            w = w - self.lr * grad_w                 # both updates use the same residual
            b = b - self.lr * grad_b
        self.coef_ = w
        self.intercept_ = float(b)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        return sigmoid(X @ self.coef_ + self.intercept_)

    def predict(self, X):
        proba = self.predict_proba(X)
        return np.where(proba >= 0.5, 1, 0)       # ties at exactly 0.5 go to class 1
