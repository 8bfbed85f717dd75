import numpy as np


def _unit_rows(a):
    """Rows scaled to unit length; all-zero rows stay zero (so their similarities are 0)."""
    norms = np.linalg.norm(a, axis=1, keepdims=True)
    return a / np.where(norms > 0, norms, 1.0)


def cosine_top_k(queries, corpus, k):
    """Indices and cosine scores of the k corpus rows most similar to each query row."""
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    queries = np.asarray(queries, dtype=float)
    corpus = np.asarray(corpus, dtype=float)
    sims = _unit_rows(queries) @ _unit_rows(corpus).T  # (n_queries, n_docs)

    k = min(int(k), corpus.shape[0])
    # A stable sort of the negated scores orders by score descending and keeps equal scores in
    # index order, which is exactly the tie rule. (For a huge corpus, np.argpartition first and
    # then sorting only the k candidates is faster, but ties at the cut need extra care.)
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return order, np.take_along_axis(sims, order, axis=1)
