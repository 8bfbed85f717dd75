import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    """Count (true, predicted) pairs with one bincount over the flattened pair index."""
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred must have the same length")
    for labels in (y_true, y_pred):
        if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
            raise ValueError(f"labels must lie in 0 .. {n_classes - 1}")
    # Pair (i, j) maps to cell i * n_classes + j of the flattened matrix.
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def _safe_divide(numerator, denominator):
    """numerator / denominator, with 0.0 wherever the denominator is 0."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def precision_recall_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp = np.diag(cm).astype(float)
    fp = cm.sum(axis=0) - tp  # predicted as c, but truly something else
    fn = cm.sum(axis=1) - tp  # truly c, but predicted as something else

    precision = _safe_divide(tp, tp + fp)
    recall = _safe_divide(tp, tp + fn)
    f1 = _safe_divide(2 * precision * recall, precision + recall)

    micro_f1 = float(_safe_divide(2 * tp.sum(), 2 * tp.sum() + fp.sum() + fn.sum()))
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "macro_f1": float(f1.mean()),
        "micro_f1": micro_f1,
    }
