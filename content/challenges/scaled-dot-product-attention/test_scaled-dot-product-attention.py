"""Hidden tests for scaled_dot_product_attention: values, masks, batching, stability."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _check(t, got, q, k, v, mask=None, what="attention"):
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    exp_out, exp_w = t.ref.scaled_dot_product_attention(q, k, v, mask)
    t.close(weights, exp_w, what=f"attention_weights of {what}")
    t.close(out, exp_out, what=f"output of {what}")
    return t.array(out, "output"), t.array(weights, "attention_weights")


@case(visible=True)
def worked_example_with_mask(t):
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[1.0, 2.0], [3.0, 4.0]])
    mask = np.array([[True, False], [True, True]])
    got = yield call("scaled_dot_product_attention", q, k, v, mask=mask)
    p = 1.0 / (1.0 + np.exp(1.0 / np.sqrt(2.0)))
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    t.close(weights, np.array([[1.0, 0.0], [p, 1.0 - p]]), what="attention_weights")
    t.close(out, np.array([[1.0, 2.0], [p * 1 + (1 - p) * 3, p * 2 + (1 - p) * 4]]),
            what="output")


@case(visible=True)
def unmasked_2d(t):
    q, k, v = t.rng.normal(size=(3, 4)), t.rng.normal(size=(5, 4)), t.rng.normal(size=(5, 2))
    got = yield call("scaled_dot_product_attention", q, k, v)
    _check(t, got, q, k, v, what="2-d input without a mask")


@case(visible=True)
def fully_masked_row_is_zero(t):
    q, k, v = t.rng.normal(size=(3, 4)), t.rng.normal(size=(4, 4)), t.rng.normal(size=(4, 3))
    mask = np.array([[True, True, False, True], [False] * 4, [False, True, False, False]])
    got = yield call("scaled_dot_product_attention", q, k, v, mask=mask)
    out, weights = _check(t, got, q, k, v, mask, what="a mask whose second row is all False")
    t.check(np.all(np.isfinite(out)), "a fully masked row must not produce nan")


@case()
def batched_3d_causal(t):
    q, k, v = (t.rng.normal(size=(2, 5, 8)) for _ in range(3))
    mask = np.tril(np.ones((5, 5), dtype=bool))
    got = yield call("scaled_dot_product_attention", q, k, v, mask=mask)
    _, weights = _check(t, got, q, k, v, mask, what="a causal mask on (2, 5, 8) input")
    t.check(np.all(weights[:, ~mask] == 0.0), "weights above the diagonal must be exactly 0")


@case()
def heads_4d_with_padding_mask(t):
    q = t.rng.normal(size=(2, 3, 4, 6))
    k = t.rng.normal(size=(2, 3, 5, 6))
    v = t.rng.normal(size=(2, 3, 5, 7))
    lengths = np.array([3, 5])
    mask = (np.arange(5)[None, :] < lengths[:, None])[:, None, None, :]  # (2, 1, 1, 5)
    got = yield call("scaled_dot_product_attention", q, k, v, mask=mask)
    _check(t, got, q, k, v, mask, what="(batch, heads, L, d) input with a padding mask")


@case()
def cross_attention_shapes(t):
    q, k, v = t.rng.normal(size=(4, 2, 3)), t.rng.normal(size=(4, 6, 3)), t.rng.normal(size=(4, 6, 5))
    got = yield call("scaled_dot_product_attention", q, k, v)
    out, weights = _check(t, got, q, k, v, what="L_q=2, L_k=6, d=3, d_v=5")
    t.check(out.shape == (4, 2, 5) and weights.shape == (4, 2, 6),
            "shapes must be (..., L_q, d_v) and (..., L_q, L_k)")


@case()
def weights_are_distributions(t):
    q, k, v = t.rng.normal(size=(3, 6, 4)), t.rng.normal(size=(3, 7, 4)), t.rng.normal(size=(3, 7, 4))
    mask = t.rng.random(size=(3, 6, 7)) < 0.6
    mask[:, :, 0] = True  # every row keeps at least one key
    got = yield call("scaled_dot_product_attention", q, k, v, mask=mask)
    _, weights = t.parts(got, 2, "(output, attention_weights)")
    w = t.array(weights, "attention_weights", ndim=3)
    t.check(np.all(w >= 0), "attention weights must be non-negative")
    t.check(np.all(w[~mask] == 0.0), "masked positions must have weight exactly 0")
    t.close(w.sum(axis=-1), np.ones((3, 6)), what="row sums of the attention weights")


@case()
def large_scores_do_not_overflow(t):
    q = t.rng.normal(size=(2, 3, 4)) * 1000.0
    k, v = t.rng.normal(size=(2, 5, 4)), t.rng.normal(size=(2, 5, 2))
    got = yield call("scaled_dot_product_attention", q, k, v)
    _check(t, got, q, k, v, what="queries scaled by 1000")


@case()
def all_true_mask_equals_no_mask(t):
    q, k, v = t.rng.normal(size=(4, 3)), t.rng.normal(size=(4, 3)), t.rng.normal(size=(4, 3))
    got = yield call("scaled_dot_product_attention", q, k, v, mask=np.ones((4, 4), dtype=bool))
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    exp_out, exp_w = t.ref.scaled_dot_product_attention(q, k, v)
    t.close(weights, exp_w, what="weights with an all-True mask vs no mask")
    t.close(out, exp_out, what="output with an all-True mask vs no mask")


@case()
def single_key(t):
    q, k, v = t.rng.normal(size=(2, 4, 3)), t.rng.normal(size=(2, 1, 3)), t.rng.normal(size=(2, 1, 5))
    got = yield call("scaled_dot_product_attention", q, k, v)
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    t.close(weights, np.ones((2, 4, 1)), what="weights with a single key")
    t.close(out, np.repeat(v, 4, axis=1), what="output with a single key (copies its value)")
