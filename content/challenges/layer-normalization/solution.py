import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    """Normalise each vector along the last axis, then scale by gamma and shift by beta."""
    x = np.asarray(x, dtype=float)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)  # biased, computed from centred values
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    return out, (x_hat, inv_std, np.asarray(gamma, dtype=float))


def layer_norm_backward(dout, cache):
    x_hat, inv_std, gamma = cache
    dout = np.asarray(dout, dtype=float)
    # gamma and beta are shared by every position: sum over all leading axes.
    lead = tuple(range(dout.ndim - 1))
    dgamma = (dout * x_hat).sum(axis=lead)
    dbeta = dout.sum(axis=lead)
    dx_hat = dout * gamma
    # Same algebra as batch norm, but the statistics are taken over the last axis.
    dx = inv_std * (dx_hat - dx_hat.mean(axis=-1, keepdims=True)
                    - x_hat * (dx_hat * x_hat).mean(axis=-1, keepdims=True))
    return dx, dgamma, dbeta
