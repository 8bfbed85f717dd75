import numpy as np


def multi_head_attention(query, key, value, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """Multi-head attention with given projection matrices (no biases).

    Args:
        query: (B, L_q, d_model); key, value: (B, L_k, d_model).
        W_q, W_k, W_v, W_o: (d_model, d_model), applied as x @ W.
        num_heads: must divide d_model (otherwise raise ValueError).
        mask: optional boolean array broadcastable to (B, num_heads, L_q, L_k); True = may attend.
    Returns:
        (output of shape (B, L_q, d_model), attention weights of shape (B, num_heads, L_q, L_k)).
    """
    raise NotImplementedError("implement multi-head attention")
