"""Hidden tests for softmax: values against the reference, shape, overflow and invariances."""

import numpy as np

from mlcoach.judge.testkit import call, case


@case(visible=True)
def three_logits(t):
    x = np.array([1.0, 2.0, 3.0])
    got = yield call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax([1, 2, 3])")


@case(visible=True)
def zeros_are_uniform(t):
    x = np.zeros((2, 4))
    got = yield call("softmax", x)
    t.close(got, np.full((2, 4), 0.25), what="softmax(zeros((2, 4)))")


@case()
def batch_matches_reference(t):
    x = t.rng.normal(size=(16, 10)) * 3
    got = yield call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax of a random batch")


@case()
def rows_sum_to_one(t):
    x = t.rng.normal(size=(32, 7)) * 5
    got = yield call("softmax", x)
    p = t.array(got, ndim=2)
    t.check(np.all(p >= 0), "probabilities must be non-negative")
    t.close(p.sum(axis=-1), np.ones(32), what="row sums")


@case(visible=True)
def large_logits_do_not_overflow(t):
    x = np.array([[1000.0, 1001.0, 1002.0]])
    got = yield call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax([[1000, 1001, 1002]])")


@case()
def very_negative_logits(t):
    x = np.array([-1000.0, -1000.5, -999.0])
    got = yield call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax of very negative logits")


@case()
def shift_invariance(t):
    x = t.rng.normal(size=(5, 6))
    got = yield call("softmax", x + 123.0)
    t.close(got, t.ref.softmax(x), what="softmax(x + 123) vs softmax(x)")


@case()
def single_class(t):
    x = np.array([[3.5], [-2.0]])
    got = yield call("softmax", x)
    t.close(got, np.ones((2, 1)), what="softmax with one class")


@case()
def integer_input(t):
    x = np.array([[1, 2], [3, 3]])
    got = yield call("softmax", x)
    t.close(got, t.ref.softmax(x.astype(float)), what="softmax of integer logits")


@case()
def extreme_gap_is_one_hot(t):
    x = np.array([0.0, 800.0, -800.0])
    got = yield call("softmax", x)
    t.close(got, np.array([0.0, 1.0, 0.0]), what="softmax with an 800-wide gap", atol=1e-12)
