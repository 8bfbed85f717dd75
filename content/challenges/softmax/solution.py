import numpy as np


def softmax(logits):
    """Shift each row by its maximum so exp() never overflows, then normalise."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)
