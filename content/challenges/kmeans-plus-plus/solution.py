import numpy as np


def kmeans_plus_plus_init(X, k):
    """Pick k rows of X by D^2 sampling; returns a float array of shape (k, n_features)."""
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    rng = np.random.default_rng()  # fresh, unseeded: every call draws new randomness

    chosen = [rng.integers(n)]  # first centroid: uniform over the rows
    # closest[i]: squared distance from row i to its nearest chosen centroid so far
    closest = np.sum((X - X[chosen[0]]) ** 2, axis=1)
    for _ in range(1, k):
        # rows already chosen (and their duplicates) have weight 0, so they cannot repeat
        nxt = rng.choice(n, p=closest / closest.sum())
        chosen.append(nxt)
        closest = np.minimum(closest, np.sum((X - X[nxt]) ** 2, axis=1))
    return X[chosen]  # fancy indexing copies, so the caller's X is never aliased
