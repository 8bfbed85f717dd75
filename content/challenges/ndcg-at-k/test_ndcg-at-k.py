"""Hidden tests for ndcg-at-k: discounts, the ideal ordering, cutoffs, batches, zero lists."""

import numpy as np

from mlcoach.judge.testkit import Raised, call, case

EXAMPLE = [3, 2, 3, 0, 1, 2]


def scalar(t, got, what):
    t.check(np.ndim(got) == 0, f"{what}: 1-d input must give a single float",
            got=got)
    return got


@case(visible=True)
def dcg_of_the_example(t):
    got = yield call("dcg_at_k", EXAMPLE, 6)
    expected = 3 + 2 / np.log2(3) + 3 / 2 + 0 + 1 / np.log2(6) + 2 / np.log2(7)
    t.close(scalar(t, got, "dcg_at_k"), expected, what="dcg_at_k([3, 2, 3, 0, 1, 2], 6)")


@case(visible=True)
def ndcg_of_the_example_at_three(t):
    got = yield call("ndcg_at_k", EXAMPLE, 3)
    dcg = 3 + 2 / np.log2(3) + 3 / 2
    idcg = 3 + 3 / np.log2(3) + 2 / 2
    t.close(scalar(t, got, "ndcg_at_k"), dcg / idcg, what="ndcg_at_k([3, 2, 3, 0, 1, 2], 3)")


@case(visible=True)
def all_zero_relevance_is_zero(t):
    got = yield call("ndcg_at_k", [0, 0, 0, 0], 3)
    t.close(scalar(t, got, "ndcg_at_k"), 0.0, what="ndcg_at_k([0, 0, 0, 0], 3)")


@case()
def k_larger_than_the_list(t):
    got = yield call("ndcg_at_k", EXAMPLE, 50)
    t.close(scalar(t, got, "ndcg_at_k"), t.ref.ndcg_at_k(EXAMPLE, 6),
            what="ndcg_at_k(list of 6, k=50) vs k=6")


@case()
def ideal_includes_items_below_the_cutoff(t):
    # The only relevant item sits at position 2, outside the top 2: NDCG@2 is 0, not nan or 1.
    got = yield call("ndcg_at_k", [0, 0, 3, 1], 2)
    t.close(scalar(t, got, "ndcg_at_k"), 0.0, what="ndcg_at_k([0, 0, 3, 1], 2)")


@case()
def ideal_is_sorted_before_cutting(t):
    rel = [1, 0, 3, 2]
    got = yield call("ndcg_at_k", rel, 2)
    expected = 1.0 / (3 + 2 / np.log2(3))
    t.close(scalar(t, got, "ndcg_at_k"), expected, what="ndcg_at_k([1, 0, 3, 2], 2)")


@case()
def perfect_ranking_is_one(t):
    rel = np.sort(t.rng.integers(0, 5, size=12))[::-1].astype(float)
    rel[0] = 4.0
    got = yield call("ndcg_at_k", rel, 7)
    t.close(scalar(t, got, "ndcg_at_k"), 1.0, what="NDCG@7 of a list already in ideal order")


@case()
def k_equals_one(t):
    rel = [2.0, 5.0, 1.0, 0.0]
    got = yield call("ndcg_at_k", rel, 1)
    t.close(scalar(t, got, "ndcg_at_k"), 2.0 / 5.0, what="ndcg_at_k([2, 5, 1, 0], 1)")


@case()
def fractional_relevance_matches_reference(t):
    rel = np.round(t.rng.random(20) * 3, 2)
    got = yield call("ndcg_at_k", rel, 10)
    t.close(scalar(t, got, "ndcg_at_k"), t.ref.ndcg_at_k(rel, 10),
            what="NDCG@10 of 20 fractional relevances")


@case()
def batch_of_queries(t):
    rel = t.rng.integers(0, 4, size=(8, 15)).astype(float)
    rel[3] = 0.0  # a query with no relevant result
    got = yield call("ndcg_at_k", rel, 5)
    t.close(got, t.ref.ndcg_at_k(rel, 5), what="ndcg_at_k of an (8, 15) batch, k=5")


@case()
def batch_dcg(t):
    rel = t.rng.integers(0, 4, size=(6, 9)).astype(float)
    got = yield call("dcg_at_k", rel, 4)
    t.close(got, t.ref.dcg_at_k(rel, 4), what="dcg_at_k of a (6, 9) batch, k=4")


@case()
def zero_k_raises(t):
    got = yield call("ndcg_at_k", EXAMPLE, 0, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "ndcg_at_k(..., k=0) must raise ValueError", expected="ValueError", got=got)
