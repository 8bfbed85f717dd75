import numpy as np


def kmeans_clustering(X, k, max_iterations=100):
    """Cluster the rows of X into k groups with Lloyd's algorithm (k-means).

    Args:
        X: the data, one row per point: shape (n_samples, n_features).
        k: how many clusters, 1 <= k <= number of distinct rows of X.
        max_iterations: upper bound on assignment/update rounds.
    Returns:
        (centroids, labels): float array of shape (k, n_features) and integer array of shape
        (n_samples,) with values in 0..k-1.
    """
    raise NotImplementedError("implement kmeans_clustering")
