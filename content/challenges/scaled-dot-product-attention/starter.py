import numpy as np


def scaled_dot_product_attention(query, key, value, mask=None):
    """Attention over the last two axes.

    Args:
        query: (..., L_q, d); key: (..., L_k, d); value: (..., L_k, d_v).
        mask: optional boolean array broadcastable to (..., L_q, L_k); True = may attend.
    Returns:
        (output of shape (..., L_q, d_v), attention_weights of shape (..., L_q, L_k)).
    """
    raise NotImplementedError("implement scaled dot-product attention")
