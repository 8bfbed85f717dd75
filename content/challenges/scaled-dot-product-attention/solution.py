import numpy as np


def scaled_dot_product_attention(query, key, value, mask=None):
    """softmax(Q K^T / sqrt(d)) V over the last two axes; mask True = may attend."""
    q = np.asarray(query, dtype=float)
    k = np.asarray(key, dtype=float)
    v = np.asarray(value, dtype=float)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., Lq, Lk)
    if mask is not None:
        allowed = np.broadcast_to(np.asarray(mask, dtype=bool), scores.shape)
        scores = np.where(allowed, scores, -np.inf)

    # Stable softmax over keys. A row with no allowed key has max -inf; shifting it by 0
    # instead keeps every exp() at exactly 0, and the guarded division leaves the row at 0.
    row_max = scores.max(axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    e = np.exp(scores - row_max)
    total = e.sum(axis=-1, keepdims=True)
    weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return weights @ v, weights
