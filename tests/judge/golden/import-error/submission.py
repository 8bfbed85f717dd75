import numpy as np
from softmax_helpers import stable_exp


def softmax(logits):
    e = stable_exp(np.asarray(logits, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
