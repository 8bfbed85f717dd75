import numpy as np


def _row_max(z):
    return np.max(z, axis=2, keepdims=True)  # wrong axis: numpy raises deep inside


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - _row_max(z))
    return e / e.sum(axis=-1, keepdims=True)
