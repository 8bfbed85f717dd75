import numpy as np


def tfidf(documents, vocabulary):
    """Raw counts times smoothed idf, then each row scaled to unit L2 norm."""
    column = {term: j for j, term in enumerate(vocabulary)}
    counts = np.zeros((len(documents), len(vocabulary)), dtype=float)
    for d, tokens in enumerate(documents):
        # Map the document's in-vocabulary tokens to columns; np.add.at counts repeats
        # (a plain fancy-index "+= 1" would count a repeated column only once).
        cols = [column[tok] for tok in tokens if tok in column]
        np.add.at(counts[d], cols, 1.0)

    n_docs = counts.shape[0]
    df = np.count_nonzero(counts, axis=0)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    weights = counts * idf

    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    # Rows with no vocabulary tokens have norm 0: divide by 1 instead, leaving them at 0.
    return weights / np.where(norms > 0, norms, 1.0)
