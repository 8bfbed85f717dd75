import numpy as np


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    pairwise = np.ones((z.size * 10**6, 10**5))  # an accidental outer product
    return np.exp(z) / pairwise.sum()
