import numpy as np


def max_pool_forward(x, pool_size=2, stride=2):
    """Max pooling over square windows of NCHW input, no padding.

    x: (N, C, H, W). Returns (N, C, H_out, W_out), H_out = (H - pool_size) // stride + 1.
    """
    raise NotImplementedError("implement the forward pass")


def max_pool_backward(dout, x, pool_size=2, stride=2):
    """dout: (N, C, H_out, W_out), x: the forward input. Returns dx of the shape of x.

    Each window's gradient goes to its maximum; on ties, to the first maximum in row-major
    order within the window.
    """
    raise NotImplementedError("implement the backward pass")
