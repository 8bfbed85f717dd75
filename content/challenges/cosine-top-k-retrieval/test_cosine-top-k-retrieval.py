"""Hidden tests for cosine-top-k-retrieval: ranking, ties by index, zero vectors, k > n_docs."""

import numpy as np

from mlcoach.judge.testkit import Raised, call, case


def check(t, got, expected, what):
    indices, scores = t.parts(got, 2, what)
    exp_idx, exp_scores = expected
    idx = np.asarray(indices)
    t.check(idx.dtype.kind in "iu", f"{what}: indices must be an integer array",
            got=idx.dtype)
    t.check(idx.shape == np.shape(exp_idx),
            f"{what}: expected indices of shape {np.shape(exp_idx)}, got {idx.shape}")
    t.check(np.array_equal(idx, exp_idx), f"{what}: indices differ", expected=exp_idx, got=idx)
    t.close(scores, exp_scores, what=f"{what}: scores")


@case(visible=True)
def prompt_example(t):
    queries = np.array([[1.0, 0.0]])
    corpus = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]])
    got = yield call("cosine_top_k", queries, corpus, 3)
    check(t, got, (np.array([[0, 2, 1]]), np.array([[1.0, np.sqrt(0.5), 0.0]])),
          "the prompt's example")


@case(visible=True)
def zero_query_returns_first_rows(t):
    queries = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 2.0]])
    corpus = t.rng.normal(size=(6, 3))
    got = yield call("cosine_top_k", queries, corpus, 4)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 4), "a zero query (all scores 0, ties "
          "by index) next to a normal one")


@case(visible=True)
def duplicate_rows_tie_by_index(t):
    base = t.rng.normal(size=(3, 5))
    corpus = np.stack([base[0], base[1], base[0], base[2], base[1], base[0]])
    queries = base[:1] + 0.1 * t.rng.normal(size=(1, 5))
    got = yield call("cosine_top_k", queries, corpus, 6)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 6), "corpus with duplicated rows")


@case()
def zero_corpus_rows_score_zero(t):
    corpus = np.array([[-1.0, 0.0], [0.0, 0.0], [-1.0, -1.0], [0.0, 0.0], [1.0, 0.0]])
    got = yield call("cosine_top_k", np.array([[2.0, 0.0]]), corpus, 4)
    check(t, got, (np.array([[4, 1, 3, 2]]), np.array([[1.0, 0.0, 0.0, -np.sqrt(0.5)]])),
          "zero corpus rows between positive and negative matches")


@case()
def k_larger_than_corpus(t):
    queries = t.rng.normal(size=(3, 4))
    corpus = t.rng.normal(size=(5, 4))
    got = yield call("cosine_top_k", queries, corpus, 12)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 5), "k=12 with 5 corpus rows")


@case()
def k_equals_one(t):
    queries = t.rng.normal(size=(10, 8))
    corpus = t.rng.normal(size=(30, 8))
    got = yield call("cosine_top_k", queries, corpus, 1)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 1), "k=1")


@case()
def random_batch_matches_reference(t):
    queries = t.rng.normal(size=(40, 16))
    corpus = t.rng.normal(size=(150, 16))
    got = yield call("cosine_top_k", queries, corpus, 10)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 10), "40 queries, 150 documents, k=10")


@case()
def scaling_rows_changes_nothing(t):
    queries = t.rng.normal(size=(8, 6))
    corpus = t.rng.normal(size=(25, 6))
    scaled_q = queries * t.rng.uniform(0.01, 100.0, size=(8, 1))
    scaled_c = corpus * t.rng.uniform(0.01, 100.0, size=(25, 1))
    got = yield call("cosine_top_k", scaled_q, scaled_c, 5)
    check(t, got, t.ref.cosine_top_k(queries, corpus, 5),
          "rows rescaled by positive factors (cosine ignores length)")


@case()
def scores_are_sorted_and_bounded(t):
    queries = t.rng.normal(size=(12, 5))
    corpus = t.rng.normal(size=(40, 5))
    got = yield call("cosine_top_k", queries, corpus, 40)
    _, scores = t.parts(got, 2, "cosine_top_k result")
    s = t.array(scores, "scores", ndim=2)
    t.check(np.all(np.diff(s, axis=1) <= 1e-12), "scores must be non-increasing along each row")
    t.check(np.all(np.abs(s) <= 1 + 1e-9), "cosine similarities lie in [-1, 1]")


@case()
def integer_input(t):
    queries = np.array([[1, 2, 0], [0, 0, 3]])
    corpus = np.array([[2, 4, 0], [0, 1, 1], [3, 0, 0], [0, 0, 1]])
    got = yield call("cosine_top_k", queries, corpus, 2)
    check(t, got, t.ref.cosine_top_k(queries.astype(float), corpus.astype(float), 2),
          "integer arrays")


@case()
def zero_k_raises(t):
    got = yield call("cosine_top_k", np.ones((1, 2)), np.ones((3, 2)), 0, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "cosine_top_k(..., k=0) must raise ValueError", expected="ValueError", got=got)
