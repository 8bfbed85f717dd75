import numpy as np


class DecisionTreeClassifier:
    """Binary classification tree grown with Gini impurity (CART).

    Args:
        max_depth: the deepest level a node may have (root = depth 0), or None for no limit.
        min_samples_split: nodes with fewer samples than this become leaves.
    """

    def __init__(self, max_depth=None, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X, y):
        """Grow the tree on X (n_samples, n_features) and integer labels y (n_samples,).

        Returns:
            self
        """
        raise NotImplementedError("implement fit")

    def predict(self, X):
        """Labels (from y) for each row of X, as a 1-d array."""
        raise NotImplementedError("implement predict")

    def get_depth(self):
        """Number of splits on the longest root-to-leaf path (0 for a single leaf)."""
        raise NotImplementedError("implement get_depth")
