import numpy as np


def _attention(q, k, v, mask):
    """Scaled dot-product attention on the last two axes; rows with no allowed key give 0."""
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(np.broadcast_to(mask, scores.shape), scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    e = np.exp(scores - np.where(np.isfinite(row_max), row_max, 0.0))
    total = e.sum(axis=-1, keepdims=True)
    weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return weights @ v, weights


def multi_head_attention(query, key, value, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q, k, v = (np.asarray(a, dtype=float) for a in (query, key, value))
    batch, len_q, d_model = q.shape
    if d_model % num_heads != 0:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    d_head = d_model // num_heads

    def split(x):
        # (B, L, d_model) -> (B, heads, L, d_head): head h owns columns h*d_head:(h+1)*d_head.
        return x.reshape(x.shape[0], x.shape[1], num_heads, d_head).transpose(0, 2, 1, 3)

    heads, weights = _attention(split(q @ W_q), split(k @ W_k), split(v @ W_v),
                                None if mask is None else np.asarray(mask, dtype=bool))
    # Undo the split: heads side by side again, in head order, then the output projection.
    concat = heads.transpose(0, 2, 1, 3).reshape(batch, len_q, d_model)
    return concat @ W_o, weights
