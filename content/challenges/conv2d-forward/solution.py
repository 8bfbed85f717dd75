import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_forward(x, weight, bias=None, stride=1, padding=0):
    """Cross-correlation of NCHW input with (C_out, C_in, KH, KW) filters, like torch's conv2d."""
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    kh, kw = weight.shape[2], weight.shape[3]
    if padding > 0:
        x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    # Every kh x kw patch as a view (no copy): shape (N, C_in, H_p - kh + 1, W_p - kw + 1, kh, kw).
    # Taking every stride-th patch gives exactly floor((H_p - kh) / stride) + 1 positions.
    patches = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    # Multiply each patch by each filter and sum over input channels and kernel positions.
    out = np.einsum("nchwij,ocij->nohw", patches, weight, optimize=True)
    if bias is not None:
        out = out + np.asarray(bias, dtype=float)[None, :, None, None]
    return out
