import numpy as np


def _hits(ranked, relevant, k):
    """1.0/0.0 per position of the top k (fewer if the list is shorter), and |relevant|."""
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    relevant = set(relevant)  # duplicates count once; membership tests are O(1)
    top = list(ranked)[: int(k)]
    return np.array([item in relevant for item in top], dtype=float), len(relevant)


def precision_at_k(ranked, relevant, k):
    """Relevant items in the top k, divided by k (missing positions count as misses)."""
    hits, _ = _hits(ranked, relevant, k)
    return float(hits.sum() / k)


def recall_at_k(ranked, relevant, k):
    """Relevant items in the top k, divided by the number of relevant items (0.0 if none)."""
    hits, n_relevant = _hits(ranked, relevant, k)
    return float(hits.sum() / n_relevant) if n_relevant else 0.0


def average_precision_at_k(ranked, relevant, k):
    """Mean of precision@i over the ranks i <= k that hold a relevant item.

    The sum is divided by min(k, |relevant|): the most hits a top-k list could contain.
    """
    hits, n_relevant = _hits(ranked, relevant, k)
    if n_relevant == 0:
        return 0.0
    precision_at_each_rank = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(np.sum(precision_at_each_rank * hits) / min(k, n_relevant))
