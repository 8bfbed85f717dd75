import numpy as np


def _check_k(k):
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)


def dcg_at_k(relevance, k):
    """Sum of rel_i / log2(i + 2) over the first k positions (i = 0 is the top)."""
    k = _check_k(k)
    rel = np.asarray(relevance, dtype=float)[..., :k]  # slicing past the end is fine
    discounts = np.log2(np.arange(rel.shape[-1]) + 2.0)
    dcg = np.sum(rel / discounts, axis=-1)
    return float(dcg) if dcg.ndim == 0 else dcg


def ndcg_at_k(relevance, k):
    """DCG@k divided by the DCG@k of the best possible ordering; 0.0 when that is 0."""
    rel = np.asarray(relevance, dtype=float)
    # The ideal ranking sorts ALL items, not just the first k, before cutting at k.
    ideal = -np.sort(-rel, axis=-1)
    dcg = np.asarray(dcg_at_k(rel, k))
    idcg = np.asarray(dcg_at_k(ideal, k))
    out = np.zeros_like(dcg)
    np.divide(dcg, idcg, out=out, where=idcg > 0)
    return float(out) if out.ndim == 0 else out
