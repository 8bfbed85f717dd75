import numpy as np


def gini_impurity(y):
    """1 - sum_c p_c^2 over the classes present in y (0.0 for an empty y)."""
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / y.size
    return float(1.0 - np.sum(p ** 2))


def information_gain(y, y_left, y_right):
    """Parent impurity minus the size-weighted impurity of the children (0.0 if a side is empty)."""
    sizes = np.array([len(y_left), len(y_right)], dtype=float)
    if sizes.min() == 0:
        return 0.0  # nothing was separated
    weights = sizes / sizes.sum()
    children = weights[0] * gini_impurity(y_left) + weights[1] * gini_impurity(y_right)
    return float(gini_impurity(y) - children)


def _split_gains(x, y_codes, n_classes, parent):
    """Gains of every split `x <= v` for the distinct values v of one feature (except the largest).

    Sort once and keep cumulative class counts, so all candidate splits are scored together.
    Returns (thresholds, gains)."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y_codes[order]
    n = len(xs)
    left_counts = np.cumsum(np.eye(n_classes)[ys], axis=0)  # (n, C): counts in xs[:i + 1]
    cut = np.flatnonzero(np.diff(xs) > 0)  # split after position i only between distinct values
    if cut.size == 0:
        return np.empty(0), np.empty(0)
    left = left_counts[cut]
    right = left_counts[-1] - left
    n_left = cut + 1.0
    n_right = n - n_left
    gini_left = 1.0 - np.sum((left / n_left[:, None]) ** 2, axis=1)
    gini_right = 1.0 - np.sum((right / n_right[:, None]) ** 2, axis=1)
    gains = parent - (n_left * gini_left + n_right * gini_right) / n
    return xs[cut], gains


def find_best_split(X, y):
    """(feature, threshold, gain) of the split X[:, feature] <= threshold with the largest gain.

    Returns (None, None, 0.0) when no split has a positive gain."""
    X = np.asarray(X, dtype=float)
    classes, y_codes = np.unique(np.asarray(y), return_inverse=True)
    parent = gini_impurity(y_codes)
    best_feature, best_threshold, best_gain = None, None, 0.0
    for feature in range(X.shape[1]):
        thresholds, gains = _split_gains(X[:, feature], y_codes, len(classes), parent)
        if gains.size and gains.max() > best_gain + 1e-12:  # ignore rounding-level "gains"
            i = int(np.argmax(gains))
            best_feature, best_threshold, best_gain = feature, float(thresholds[i]), float(gains[i])
    return best_feature, best_threshold, best_gain
