import numpy as np


class GaussianNB:
    """Gaussian naive Bayes with scikit-learn's variance smoothing, computed in log space."""

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_ = np.unique(y)                       # sorted
        # one smoothing constant for all classes, scaled to the data's largest feature variance
        epsilon = self.var_smoothing * X.var(axis=0).max()
        per_class = [X[y == c] for c in self.classes_]
        self.theta_ = np.array([Xc.mean(axis=0) for Xc in per_class])
        self.var_ = np.array([Xc.var(axis=0) for Xc in per_class]) + epsilon   # ddof=0
        self.class_prior_ = np.array([len(Xc) for Xc in per_class]) / len(X)
        return self

    def _joint_log_likelihood(self, X):
        """log P(c) + sum_j log N(x_j | theta_cj, var_cj), shape (n_samples, n_classes)."""
        X = np.asarray(X, dtype=float)
        log_norm = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)        # (C,)
        sq = (X[:, None, :] - self.theta_[None, :, :]) ** 2 / self.var_[None, :, :]
        return np.log(self.class_prior_) + log_norm - 0.5 * sq.sum(axis=2)

    def predict_log_proba(self, X):
        jll = self._joint_log_likelihood(X)
        # log-sum-exp with the row maximum factored out: exp never sees a positive number
        top = jll.max(axis=1, keepdims=True)
        log_evidence = top + np.log(np.exp(jll - top).sum(axis=1, keepdims=True))
        return jll - log_evidence

    def predict_proba(self, X):
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        # argmax picks the first of tied columns, i.e. the smallest label
        return self.classes_[np.argmax(self._joint_log_likelihood(X), axis=1)]
