"""Hidden tests for tfidf: reference values, smoothing, counting, normalisation and edge rows."""

import numpy as np

from mlcoach.judge.testkit import call, case


def random_corpus(rng, n_docs, pool_size, max_len):
    """Documents drawn from tokens t0..t{pool_size-1}, some of them empty."""
    pool = [f"t{i}" for i in range(pool_size)]
    docs = []
    for _ in range(n_docs):
        length = int(rng.integers(0, max_len + 1))
        docs.append([pool[i] for i in rng.integers(0, pool_size, size=length)])
    return docs


@case(visible=True)
def small_corpus(t):
    docs = [["the", "cat", "sat"], ["the", "dog", "sat", "sat"], ["a", "cat", "and", "a", "dog"]]
    vocab = ["the", "cat", "dog", "sat", "a"]
    got = yield call("tfidf", docs, vocab)
    t.close(got, t.ref.tfidf(docs, vocab), what="tfidf of three short documents")


@case(visible=True)
def empty_document_is_a_zero_row(t):
    docs = [["x", "y"], [], ["y", "y", "z"]]
    vocab = ["x", "y", "z"]
    got = yield call("tfidf", docs, vocab)
    w = t.array(got, ndim=2)
    t.check(np.all(np.isfinite(w)), "an empty document must give zeros, not nan", got=w)
    t.close(w, t.ref.tfidf(docs, vocab), what="tfidf with an empty document")


@case(visible=True)
def single_document_is_normalised_counts(t):
    # With one document every present term has df = 1, so idf = ln(2/2) + 1 = 1 and the
    # row is just the counts divided by their norm.
    docs = [["b", "a", "b", "c", "b", "a"]]
    vocab = ["a", "b", "c", "d"]
    counts = np.array([[2.0, 3.0, 1.0, 0.0]])
    got = yield call("tfidf", docs, vocab)
    t.close(got, counts / np.linalg.norm(counts), what="tfidf of a single document")


@case()
def tokens_outside_vocabulary_are_ignored(t):
    docs = [["keep", "drop", "drop", "also"], ["drop"], ["keep", "keep"]]
    vocab = ["keep", "also"]
    got = yield call("tfidf", docs, vocab)
    t.close(got, t.ref.tfidf(docs, vocab), what="tfidf with out-of-vocabulary tokens")


@case()
def unseen_vocabulary_term_gives_zero_column(t):
    docs = [["p", "q"], ["q", "q", "r"], ["p", "r", "r"]]
    vocab = ["p", "never", "q", "r"]
    got = yield call("tfidf", docs, vocab)
    w = t.array(got, ndim=2)
    t.close(w[:, 1], np.zeros(3), what="column of a term no document contains")
    t.close(w, t.ref.tfidf(docs, vocab), what="tfidf with an unseen vocabulary term")


@case()
def repeated_tokens_are_counted(t):
    docs = [["a"] * 5 + ["b"], ["b", "c"], ["c"]]
    vocab = ["a", "b", "c"]
    got = yield call("tfidf", docs, vocab)
    t.close(got, t.ref.tfidf(docs, vocab), what="tfidf with a token repeated five times")


@case()
def term_in_every_document_keeps_weight(t):
    # "the" is in every document: smoothed idf is exactly 1, not 0 (unlike ln(n / df)).
    docs = [["the", "x"], ["the", "y"], ["the"], ["the", "the", "x"]]
    vocab = ["the", "x", "y"]
    got = yield call("tfidf", docs, vocab)
    w = t.array(got, ndim=2)
    t.close(w[2], np.array([1.0, 0.0, 0.0]), what="row of a document that holds only 'the'")
    t.close(w, t.ref.tfidf(docs, vocab), what="tfidf with a term present everywhere")


@case()
def tokens_are_case_sensitive(t):
    docs = [["Cat", "cat"], ["cat"], ["CAT", "dog"]]
    vocab = ["cat", "Cat", "dog"]
    got = yield call("tfidf", docs, vocab)
    t.close(got, t.ref.tfidf(docs, vocab), what="tfidf with 'Cat', 'cat' and 'CAT'")


@case()
def random_corpus_matches_reference(t):
    docs = random_corpus(t.rng, n_docs=40, pool_size=30, max_len=15)
    vocab = [f"t{i}" for i in t.rng.permutation(30)[:22]] + ["unused-1", "unused-2"]
    got = yield call("tfidf", docs, vocab)
    t.close(got, t.ref.tfidf(docs, vocab), what="tfidf of a random 40-document corpus")


@case()
def rows_have_unit_norm(t):
    docs = random_corpus(t.rng, n_docs=25, pool_size=12, max_len=10)
    vocab = [f"t{i}" for i in range(12)]
    got = yield call("tfidf", docs, vocab)
    w = t.array(got, ndim=2)
    t.check(np.all(w >= 0), "tf-idf weights are never negative")
    nonempty = np.array([len(d) > 0 for d in docs])
    t.close(np.linalg.norm(w, axis=1), nonempty.astype(float), what="row L2 norms")


@case()
def vocabulary_order_sets_column_order(t):
    docs = random_corpus(t.rng, n_docs=12, pool_size=8, max_len=9)
    vocab = [f"t{i}" for i in range(8)]
    order = t.rng.permutation(8)
    shuffled = [vocab[i] for i in order]
    got = yield call("tfidf", docs, shuffled)
    t.close(got, t.ref.tfidf(docs, vocab)[:, order], what="tfidf with a shuffled vocabulary")
