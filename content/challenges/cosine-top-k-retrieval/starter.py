import numpy as np


def cosine_top_k(queries, corpus, k):
    """The k corpus rows most similar (cosine) to each query, best first.

    Args:
        queries: (n_queries, dim) array.
        corpus: (n_docs, dim) array.
        k: positive int; at most n_docs results are returned.
    Returns:
        (indices, scores): integer and float arrays of shape (n_queries, min(k, n_docs));
        equal scores are ordered by increasing corpus index; zero vectors score 0.0.
    Raises:
        ValueError: if k < 1.
    """
    raise NotImplementedError("implement cosine_top_k")
