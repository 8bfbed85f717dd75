import numpy as np


def dropout_forward(x, p, u, training=True):
    """Inverted dropout: drop with probability p, scale survivors by 1 / (1 - p)."""
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability must be in [0, 1), got {p}")
    x = np.asarray(x, dtype=float)
    if not training:
        # Scaling already happened at training time, so inference is the identity.
        mask = np.ones_like(x)
    else:
        keep = np.asarray(u) < 1.0 - p
        mask = keep / (1.0 - p)  # the scale lives in the mask, so backward needs no p
    return x * mask, mask


def dropout_backward(dout, mask):
    """out = x * mask elementwise, so dL/dx = dL/dout * mask."""
    return np.asarray(dout, dtype=float) * mask
