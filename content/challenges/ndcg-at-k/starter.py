import numpy as np


def dcg_at_k(relevance, k):
    """DCG of the first k positions: sum of relevance[i] / log2(i + 2).

    Args:
        relevance: (n_items,) or (n_queries, n_items) graded relevance in ranked order.
        k: positive int cutoff (larger than n_items means the whole list).
    Returns:
        float for 1-d input, np.ndarray of shape (n_queries,) for 2-d input.
    Raises:
        ValueError: if k < 1.
    """
    raise NotImplementedError("implement dcg_at_k")


def ndcg_at_k(relevance, k):
    """DCG@k divided by the DCG@k of the ideal (sorted) ordering; 0.0 if the ideal is 0."""
    raise NotImplementedError("implement ndcg_at_k")
