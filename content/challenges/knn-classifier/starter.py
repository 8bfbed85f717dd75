import numpy as np


def knn_predict(X_train, y_train, X_query, k=1):
    """Predict a label for each row of X_query by a majority vote of its k nearest
    training points under Euclidean distance.

    Args:
        X_train: array (n_train, n_features).
        y_train: integer array (n_train,) of labels (any integer values).
        X_query: array (n_query, n_features).
        k: number of neighbours, 1 <= k <= n_train.
    Returns:
        np.ndarray of shape (n_query,) with the dtype of y_train.
    Ties: neighbours at equal distance are taken in order of their training index (lower
    first); if several labels share the highest vote count, return the smallest label.
    """
    raise NotImplementedError("implement knn_predict")
