import numpy as np


def precision_at_k(ranked, relevant, k):
    """Relevant items among the first k of `ranked`, divided by k.

    Args:
        ranked: 1-d sequence of distinct item ids, best first.
        relevant: sequence of relevant item ids (may be empty).
        k: positive int cutoff.
    Returns:
        float.
    Raises:
        ValueError: if k < 1.
    """
    raise NotImplementedError("implement precision_at_k")


def recall_at_k(ranked, relevant, k):
    """Relevant items among the first k, divided by the number of relevant items (0.0 if none)."""
    raise NotImplementedError("implement recall_at_k")


def average_precision_at_k(ranked, relevant, k):
    """Sum of precision@i at each relevant rank i <= k, divided by min(k, |relevant|)."""
    raise NotImplementedError("implement average_precision_at_k")
