import numpy as np


class _Node:
    """A leaf (feature is None) predicts class index `label`; otherwise x[feature] <= threshold
    goes to `left` and everything else to `right`."""

    def __init__(self, label, feature=None, threshold=None, left=None, right=None):
        self.label = label
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right


def _gini(counts):
    n = counts.sum()
    return 1.0 - np.sum((counts / n) ** 2)


class DecisionTreeClassifier:
    """CART classification tree with Gini impurity, grown greedily from the root."""

    def __init__(self, max_depth=None, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        # Work with class indices 0..k-1 internally; np.unique sorts, so argmax ties in the
        # leaves pick the smallest label.
        self.classes_, y_index = np.unique(np.asarray(y), return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self.root_ = self._grow(X, y_index.ravel(), depth=0)
        return self

    def _grow(self, X, y, depth):
        counts = np.bincount(y, minlength=self.n_classes_)
        node = _Node(label=int(np.argmax(counts)))
        if (
            (self.max_depth is not None and depth >= self.max_depth)
            or len(y) < self.min_samples_split
            or np.count_nonzero(counts) == 1
        ):
            return node
        split = self._best_split(X, y, _gini(counts))
        if split is None:
            return node
        node.feature, node.threshold = split
        go_left = X[:, node.feature] <= node.threshold
        node.left = self._grow(X[go_left], y[go_left], depth + 1)
        node.right = self._grow(X[~go_left], y[~go_left], depth + 1)
        return node

    def _best_split(self, X, y, parent_impurity):
        """(feature, threshold) with the lowest weighted child Gini, or None if nothing helps.

        Ties go to the lowest feature index, then the lowest threshold.
        """
        n = len(y)
        onehot = np.eye(self.n_classes_)[y]
        n_left = np.arange(1, n)[:, None]  # left child sizes for a cut after position i
        best, best_score = None, parent_impurity - 1e-12
        for feature in range(X.shape[1]):
            order = np.argsort(X[:, feature], kind="stable")
            xs = X[order, feature]
            left = np.cumsum(onehot[order], axis=0)[:-1]  # class counts left of each cut
            right = left[-1] + onehot[order[-1]] - left
            # n * weighted Gini = n - sum(left^2)/n_left - sum(right^2)/n_right
            score = (n - (left**2).sum(1) / n_left[:, 0] - (right**2).sum(1) / (n - n_left[:, 0])) / n
            score[xs[:-1] == xs[1:]] = np.inf  # cannot cut between equal values
            i = int(np.argmin(score))  # first minimum = lowest threshold
            if score[i] < best_score:
                best_score = score[i]
                best = (feature, (xs[i] + xs[i + 1]) / 2.0)
        return best

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = np.empty(len(X), dtype=np.int64)
        self._route(self.root_, X, np.arange(len(X)), out)
        return self.classes_[out]

    def _route(self, node, X, rows, out):
        # Send whole groups of rows down the tree at once instead of one sample at a time.
        if node.feature is None:
            out[rows] = node.label
            return
        go_left = X[rows, node.feature] <= node.threshold
        self._route(node.left, X, rows[go_left], out)
        self._route(node.right, X, rows[~go_left], out)

    def get_depth(self):
        def depth(node):
            return 0 if node.feature is None else 1 + max(depth(node.left), depth(node.right))

        return depth(self.root_)
