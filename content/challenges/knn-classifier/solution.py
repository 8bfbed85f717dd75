import numpy as np


def knn_predict(X_train, y_train, X_query, k=1):
    """Majority vote of the k nearest training points (Euclidean) for every query row.

    Neighbours tied on distance are taken in training order (stable sort); votes tied on
    count go to the smallest label.
    """
    X_train = np.asarray(X_train, dtype=float)
    X_query = np.asarray(X_query, dtype=float)
    y_train = np.asarray(y_train)
    # squared distances, (n_query, n_train); squaring keeps the order and skips sqrt.
    # Differences rather than |a|^2 + |b|^2 - 2ab: no cancellation, so exact ties stay exact.
    diff = X_query[:, None, :] - X_train[None, :, :]
    dist2 = np.einsum("qnd,qnd->qn", diff, diff)
    nearest = np.argsort(dist2, axis=1, kind="stable")[:, :k]

    # encode labels as 0..C-1 in sorted order, so "smallest label" = "smallest code"
    classes, codes = np.unique(y_train, return_inverse=True)
    neighbour_codes = codes[nearest]                                  # (n_query, k)
    counts = np.zeros((len(X_query), len(classes)), dtype=int)
    np.add.at(counts, (np.arange(len(X_query))[:, None], neighbour_codes), 1)
    # argmax returns the first maximum, i.e. the smallest label among tied votes
    return classes[np.argmax(counts, axis=1)]
