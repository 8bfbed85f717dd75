import numpy as np


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    for step in range(10**7):
        print("debug: step", step, "max logit", z.max())
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
