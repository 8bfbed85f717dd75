import numpy as np


def confusion_matrix(y_true, y_pred, n_classes):
    """Counts C[i, j] of samples with true class i predicted as class j.

    Args:
        y_true, y_pred: 1-d sequences of integer labels in 0 .. n_classes - 1, same length.
        n_classes: number of classes.
    Returns:
        np.ndarray of integers, shape (n_classes, n_classes); rows = truth, columns = prediction.
    Raises:
        ValueError: if a label is outside 0 .. n_classes - 1.
    """
    raise NotImplementedError("implement confusion_matrix")


def precision_recall_f1(y_true, y_pred, n_classes):
    """Per-class precision, recall and F1, plus macro and micro F1 (0.0 on zero division).

    Returns:
        dict with "precision", "recall", "f1" (float arrays of shape (n_classes,)),
        "macro_f1" and "micro_f1" (floats).
    """
    raise NotImplementedError("implement precision_recall_f1")
