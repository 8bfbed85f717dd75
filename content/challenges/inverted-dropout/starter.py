import numpy as np


def dropout_forward(x, p, u, training=True):
    """Inverted dropout.

    Args:
        x: input array of any shape.
        p: probability of dropping an element, 0 <= p < 1 (otherwise raise ValueError).
        u: array of the shape of x with uniform draws in [0, 1); keep x[i] when u[i] < 1 - p.
        training: False means inference (no dropout).
    Returns:
        (out, mask): float arrays of the shape of x, with out = x * mask.
    """
    raise NotImplementedError("implement the forward pass")


def dropout_backward(dout, mask):
    """Gradient of the loss w.r.t. x, given the gradient w.r.t. out and the forward mask."""
    raise NotImplementedError("implement the backward pass")
