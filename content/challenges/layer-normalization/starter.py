import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    """Layer norm over the last axis.

    Args:
        x: array of shape (..., D); gamma, beta: arrays of shape (D,).
    Returns:
        (out, cache): out has the shape of x; cache is anything layer_norm_backward needs.
    """
    raise NotImplementedError("implement the forward pass")


def layer_norm_backward(dout, cache):
    """dout: gradient w.r.t. out, shape (..., D). Returns (dx, dgamma, dbeta)."""
    raise NotImplementedError("implement the backward pass")
