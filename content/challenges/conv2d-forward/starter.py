import numpy as np


def conv2d_forward(x, weight, bias=None, stride=1, padding=0):
    """2-D convolution (cross-correlation, no kernel flip), NCHW layout.

    Args:
        x: (N, C_in, H, W); weight: (C_out, C_in, KH, KW); bias: (C_out,) or None.
        stride: int >= 1, the same step along height and width.
        padding: int >= 0, zeros added on all four sides.
    Returns:
        (N, C_out, H_out, W_out) with H_out = (H + 2 * padding - KH) // stride + 1 (same for W).
    """
    raise NotImplementedError("implement the convolution")
