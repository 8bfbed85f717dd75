import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(x, pool_size, stride):
    """(N, C, H_out, W_out, pool_size * pool_size) view-derived array of the pooling windows."""
    w = sliding_window_view(x, (pool_size, pool_size), axis=(2, 3))[:, :, ::stride, ::stride]
    return w.reshape(*w.shape[:4], pool_size * pool_size)


def max_pool_forward(x, pool_size=2, stride=2):
    x = np.asarray(x, dtype=float)
    return _windows(x, pool_size, stride).max(axis=-1)


def max_pool_backward(dout, x, pool_size=2, stride=2):
    """Send each output's gradient to the first maximum (row-major) of its window."""
    x = np.asarray(x, dtype=float)
    dout = np.asarray(dout, dtype=float)
    # argmax returns the first maximal position of the flattened (row-major) window.
    k = _windows(x, pool_size, stride).argmax(axis=-1)          # (N, C, H_out, W_out)
    n, c, i, j = np.indices(k.shape)
    rows = i * stride + k // pool_size
    cols = j * stride + k % pool_size
    dx = np.zeros_like(x)
    # Overlapping windows (stride < pool_size) can pick the same input: add.at accumulates,
    # where plain fancy-index assignment would keep only one of the contributions.
    np.add.at(dx, (n, c, rows, cols), dout)
    return dx
