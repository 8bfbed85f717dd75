import numpy as np


def precision_recall_curve(y_true, y_scores):
    """Precision and recall at every distinct score, thresholds increasing (scikit-learn's layout)."""
    y = np.asarray(y_true) == 1
    scores = np.asarray(y_scores, dtype=float)
    order = np.argsort(-scores, kind="stable")  # highest score first
    scores, y = scores[order], y[order]
    tps = np.cumsum(y)   # true positives when the top i + 1 samples are predicted positive
    fps = np.cumsum(~y)  # false positives likewise
    # a threshold cannot split tied scores: read the counts at the end of each run of ties
    last = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    tp, fp = tps[last], fps[last]
    precision = tp / (tp + fp)  # tp + fp >= 1: at least one sample is predicted positive
    recall = tp / tps[-1]
    # reverse to increasing thresholds; the final point (recall 0, precision 1) has no threshold
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], scores[last][::-1]
