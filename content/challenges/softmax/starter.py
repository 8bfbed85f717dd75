import numpy as np


def softmax(logits):
    """Softmax over the last axis of `logits`; same shape out, each row sums to 1.

    Args:
        logits: array of shape (n_classes,) or (batch, n_classes).
    Returns:
        np.ndarray of probabilities with the shape of `logits`.
    """
    raise NotImplementedError("implement softmax")
