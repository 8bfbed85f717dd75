import numpy as np


def compute_roc_curve(y_true, y_scores):
    """ROC curve of scores against binary labels.

    Args:
        y_true: array-like of shape (n,) with labels 0 and 1 (both present).
        y_scores: array-like of shape (n,) of real scores; higher means "more positive".
    Returns:
        (fpr, tpr, thresholds): float arrays of length (number of distinct scores + 1).
    """
    raise NotImplementedError("implement compute_roc_curve")


def compute_auc(fpr, tpr):
    """Area under the piecewise-linear curve through (fpr[i], tpr[i]); returns a float."""
    raise NotImplementedError("implement compute_auc")
