import numpy as np


def precision_recall_curve(y_true, y_scores):
    """Precision-recall curve of scores against binary labels.

    Args:
        y_true: array-like of shape (n,) with labels 0 and 1 (at least one 1).
        y_scores: array-like of shape (n,) of real scores; higher means "more positive".
    Returns:
        (precision, recall, thresholds): float arrays; thresholds holds the m distinct scores in
        increasing order, precision and recall have length m + 1 and end with 1.0 and 0.0.
    """
    raise NotImplementedError("implement precision_recall_curve")
