import numpy as np


def compute_roc_curve(y_true, y_scores):
    """ROC points at every distinct score, highest threshold first (scikit-learn's convention)."""
    y = np.asarray(y_true) == 1
    scores = np.asarray(y_scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    scores, y = scores[order], y[order]
    tps = np.cumsum(y)   # positives among the top i + 1 scores
    fps = np.cumsum(~y)  # negatives among the top i + 1 scores
    # A threshold admits all tied scores at once, so keep only the last index of each run of
    # equal scores: tied positives and negatives move the curve diagonally, together.
    last = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    tpr = np.r_[0.0, tps[last] / tps[-1]]
    fpr = np.r_[0.0, fps[last] / fps[-1]]
    thresholds = np.r_[np.inf, scores[last]]  # inf: nothing is predicted positive
    return fpr, tpr, thresholds


def compute_auc(fpr, tpr):
    """Area under the curve through the points (fpr[i], tpr[i]) by the trapezoidal rule."""
    fpr = np.asarray(fpr, dtype=float)
    tpr = np.asarray(tpr, dtype=float)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))
