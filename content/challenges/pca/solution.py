import numpy as np


class PCA:
    """Principal component analysis through the SVD of the centred data."""

    def __init__(self, n_components=None):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n_samples, n_features = X.shape
        k = min(n_samples, n_features) if self.n_components is None else self.n_components
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        # Xc = U S Vt: the rows of Vt are the eigenvectors of the covariance Xc^T Xc / (n - 1),
        # with eigenvalues S^2 / (n - 1); NumPy returns S in decreasing order.
        _, s, vt = np.linalg.svd(Xc, full_matrices=False)
        variances = s**2 / (n_samples - 1)
        self.components_ = vt[:k]
        self.explained_variance_ = variances[:k]
        # the total includes the variance of every direction, not only the kept ones
        self.explained_variance_ratio_ = variances[:k] / variances.sum()
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=float) - self.mean_) @ self.components_.T

    def inverse_transform(self, Z):
        return np.asarray(Z, dtype=float) @ self.components_ + self.mean_
