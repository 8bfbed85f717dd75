import numpy as np


class PCA:
    """Principal component analysis.

    After fit(X) the object has:
        mean_:                     (n_features,) column means of the training data
        components_:               (k, n_features) unit-length, mutually orthogonal rows,
                                   ordered by decreasing explained variance
        explained_variance_:       (k,) variance of the data along each component (ddof=1)
        explained_variance_ratio_: (k,) explained_variance_ / total variance of the data
    where k = n_components, or min(n_samples, n_features) when n_components is None.
    """

    def __init__(self, n_components=None):
        self.n_components = n_components

    def fit(self, X):
        """X: (n_samples, n_features). Returns self."""
        raise NotImplementedError("implement fit")

    def transform(self, X):
        """Project X (m, n_features) onto the components: returns (m, k)."""
        raise NotImplementedError("implement transform")

    def inverse_transform(self, Z):
        """Map scores Z (m, k) back to the original space: returns (m, n_features)."""
        raise NotImplementedError("implement inverse_transform")
