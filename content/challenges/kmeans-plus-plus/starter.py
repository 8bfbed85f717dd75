import numpy as np


def kmeans_plus_plus_init(X, k):
    """Choose k initial centroids for k-means by k-means++ (D^2) sampling.

    Args:
        X: the data, one row per point: shape (n_samples, n_features).
        k: how many centroids, 1 <= k <= number of distinct rows of X.
    Returns:
        float array of shape (k, n_features); row j is the j-th chosen row of X.
    """
    raise NotImplementedError("implement kmeans_plus_plus_init")
