import numpy as np


def _squared_distances(X, centroids):
    """(n, k) squared Euclidean distances; broadcasting avoids the cancellation of |x|^2 - 2x.c + |c|^2."""
    diff = X[:, None, :] - centroids[None, :, :]
    return np.einsum("nkd,nkd->nk", diff, diff)


def _kmeans_plus_plus(X, k, rng):
    """D^2 seeding: each new centroid is a data point drawn with probability proportional to its
    squared distance from the nearest centroid chosen so far. Duplicates of a chosen point have
    distance 0, so they can never be picked twice."""
    n = X.shape[0]
    chosen = [rng.integers(n)]
    closest = np.sum((X - X[chosen[0]]) ** 2, axis=1)
    for _ in range(1, k):
        nxt = rng.choice(n, p=closest / closest.sum())
        chosen.append(nxt)
        closest = np.minimum(closest, np.sum((X - X[nxt]) ** 2, axis=1))
    return X[chosen].copy()


def _update_centroids(X, labels, centroids, d2):
    """Mean of each cluster; an empty cluster is re-seeded at the point farthest from its centroid."""
    k = centroids.shape[0]
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros_like(centroids)
    np.add.at(sums, labels, X)
    new = centroids.copy()
    filled = counts > 0
    new[filled] = sums[filled] / counts[filled, None]
    if not filled.all():
        # distance of every point to the centroid it is assigned to
        own = d2[np.arange(len(X)), labels].copy()
        for j in np.flatnonzero(~filled):
            far = np.argmax(own)
            new[j] = X[far]
            own[far] = -1.0  # never hand the same point to two empty clusters
    return new


def kmeans_clustering(X, k, max_iterations=100):
    """Lloyd's algorithm from a k-means++ start; returns (centroids (k, d), labels (n,) int)."""
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng()
    centroids = _kmeans_plus_plus(X, k, rng)
    d2 = _squared_distances(X, centroids)
    labels = np.argmin(d2, axis=1)
    for _ in range(max_iterations):
        centroids = _update_centroids(X, labels, centroids, d2)
        d2 = _squared_distances(X, centroids)
        new_labels = np.argmin(d2, axis=1)
        if np.array_equal(new_labels, labels):
            break  # converged: labels are nearest-centroid and centroids are their means
        labels = new_labels
    return centroids, labels
