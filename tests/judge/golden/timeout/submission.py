import numpy as np


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    total = 0.0
    while total >= 0:  # never ends
        total += 1.0
    return z
