import numpy as np


def tfidf(documents, vocabulary):
    """TF-IDF matrix with smoothed idf and L2-normalised rows.

    Args:
        documents: list of n_docs lists of string tokens (a document may be empty).
        vocabulary: list of n_terms distinct strings; column j belongs to vocabulary[j].
    Returns:
        np.ndarray of float64, shape (n_docs, n_terms); all-zero rows stay zero.
    """
    raise NotImplementedError("implement tfidf")
