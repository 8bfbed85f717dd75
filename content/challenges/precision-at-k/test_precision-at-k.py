"""Hidden tests for precision-at-k: divisors, short lists, empty relevant sets, AP ordering."""

import numpy as np

from mlcoach.judge.testkit import Raised, call, case, drive, driver


@driver
def all_metrics(sub, ranked, relevant, k):
    return (sub.precision_at_k(ranked, relevant, k), sub.recall_at_k(ranked, relevant, k),
            sub.average_precision_at_k(ranked, relevant, k))


def check_all(t, got, expected, what):
    p, r, ap = t.parts(got, 3, what)
    for name, value, want in zip(("precision@k", "recall@k", "AP@k"), (p, r, ap), expected):
        t.check(np.ndim(value) == 0, f"{what}: {name} must be a single float", got=value)
        t.close(value, want, what=f"{what}: {name}")


def reference(t, ranked, relevant, k):
    return all_metrics(t.ref, ranked, relevant, k)


@case(visible=True)
def prompt_example(t):
    got = yield drive("all_metrics", [7, 3, 9, 1, 5], [3, 5, 8], 5)
    check_all(t, got, (2 / 5, 2 / 3, (1 / 2 + 2 / 5) / 3), "ranked [7, 3, 9, 1, 5], relevant "
              "[3, 5, 8], k=5")


@case(visible=True)
def list_shorter_than_k(t):
    # Precision still divides by k = 5; AP divides by min(5, 2) = 2.
    got = yield drive("all_metrics", [4, 2], [2, 9], 5)
    check_all(t, got, (1 / 5, 1 / 2, (1 / 2) / 2), "ranked [4, 2], relevant [2, 9], k=5")


@case(visible=True)
def no_relevant_items(t):
    got = yield drive("all_metrics", [1, 2, 3], [], 2)
    check_all(t, got, (0.0, 0.0, 0.0), "relevant = [] (no zero division)")


@case()
def k_equals_one(t):
    got = yield call("precision_at_k", [8, 1, 2], [8], 1)
    t.close(got, 1.0, what="precision_at_k([8, 1, 2], [8], 1)")


@case()
def more_relevant_items_than_k(t):
    # The top 3 are all relevant: AP@3 is 1 even though 6 items are relevant; recall is 3/6.
    got = yield drive("all_metrics", [10, 11, 12, 0, 13], [10, 11, 12, 13, 14, 15], 3)
    check_all(t, got, (1.0, 0.5, 1.0), "top 3 all relevant, 6 relevant in total")


@case()
def missing_relevant_item_lowers_ap(t):
    got = yield call("average_precision_at_k", [1, 2, 3], [1, 2, 3, 4], 10)
    t.close(got, 3 / 4, what="average_precision_at_k([1, 2, 3], [1, 2, 3, 4], 10)")


@case()
def ap_rewards_early_hits(t):
    # Hits at ranks 1 and 2: precision 1 at both.
    got = yield call("average_precision_at_k", [5, 6, 0, 1, 2], [5, 6], 5)
    t.close(got, 1.0, what="AP@5 of [5, 6, 0, 1, 2] with relevant [5, 6]")


@case()
def ap_with_late_hits(t):
    got = yield call("average_precision_at_k", [0, 1, 2, 5, 6], [5, 6], 5)
    t.close(got, (1 / 4 + 2 / 5) / 2, what="AP@5 of [0, 1, 2, 5, 6] with relevant [5, 6]")


@case()
def duplicates_and_unranked_relevant_items(t):
    # relevant has 5 twice (counts once) and 40, which the system never returned.
    got = yield drive("all_metrics", [5, 6, 7, 8], [5, 5, 40, 8], 4)
    check_all(t, got, (2 / 4, 2 / 3, (1 + 2 / 4) / 3), "relevant [5, 5, 40, 8], k=4")


@case()
def string_ids(t):
    ranked = ["alpha", "beta", "gamma", "delta"]
    got = yield drive("all_metrics", ranked, ["gamma", "alpha", "omega"], 3)
    check_all(t, got, reference(t, ranked, ["gamma", "alpha", "omega"], 3), "string item ids")


@case()
def random_lists_match_reference(t):
    ranked = t.rng.permutation(100)[:30]
    relevant = t.rng.choice(100, size=12, replace=False)
    got = yield drive("all_metrics", ranked, relevant, 20)
    check_all(t, got, reference(t, ranked, relevant, 20), "30 ranked ids as numpy arrays, k=20")


@case()
def zero_k_raises(t):
    got = yield call("precision_at_k", [1, 2], [1], 0, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "precision_at_k(..., k=0) must raise ValueError", expected="ValueError", got=got)


@case()
def negative_k_raises_in_average_precision(t):
    got = yield call("average_precision_at_k", [1, 2], [1], -2, allow_error=True)
    t.check(isinstance(got, Raised) and got.type == "ValueError",
            "average_precision_at_k(..., k=-2) must raise ValueError", expected="ValueError",
            got=got)
