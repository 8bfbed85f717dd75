import numpy as np


def gini_impurity(y):
    """Gini impurity of the labels in y (1-d array-like); returns a float."""
    raise NotImplementedError("implement gini_impurity")


def information_gain(y, y_left, y_right):
    """Decrease in Gini impurity when y is split into y_left and y_right; returns a float."""
    raise NotImplementedError("implement information_gain")


def find_best_split(X, y):
    """Best axis-aligned split of X (n_samples, n_features) for labels y (n_samples,).

    Returns (feature, threshold, gain): the rows with X[:, feature] <= threshold go left.
    Returns (None, None, 0.0) when no split has a positive gain.
    """
    raise NotImplementedError("implement find_best_split")
