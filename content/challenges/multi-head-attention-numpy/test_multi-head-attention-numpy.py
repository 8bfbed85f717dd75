"""Hidden tests for multi_head_attention: head split, scaling, masks, shapes, errors."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _weights(rng, d_model):
    return [rng.normal(scale=1.0 / np.sqrt(d_model), size=(d_model, d_model)) for _ in range(4)]


def _check(t, got, args, kwargs=None, what="multi-head attention"):
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    exp_out, exp_w = t.ref.multi_head_attention(*args, **(kwargs or {}))
    t.close(weights, exp_w, what=f"attention_weights of {what}")
    t.close(out, exp_out, what=f"output of {what}")
    return t.array(out, "output"), t.array(weights, "attention_weights")


@case(visible=True)
def worked_example_two_heads(t):
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    got = yield call("multi_head_attention", x, x, x, eye, eye, eye, eye, 2)
    s = 1.0 / (1.0 + np.exp(-1.0))
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    t.close(weights, np.array([[[[s, 1 - s], [0.5, 0.5]], [[0.5, 0.5], [1 - s, s]]]]),
            what="per-head attention weights")
    t.close(out, np.array([[[s, 0.5], [0.5, s]]]), what="output")


@case(visible=True)
def one_head_is_plain_attention(t):
    q, k, v = (t.rng.normal(size=(2, 3, 4)) for _ in range(3))
    eye = np.eye(4)
    got = yield call("multi_head_attention", q, k, v, eye, eye, eye, eye, 1)
    out, weights = t.parts(got, 2, "(output, attention_weights)")
    scores = q @ np.swapaxes(k, -1, -2) / 2.0
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    t.close(weights, w[:, None], what="weights with one head and identity projections")
    t.close(out, w @ v, what="output with one head and identity projections")


@case(visible=True)
def two_heads_random(t):
    x = t.rng.normal(size=(1, 4, 6))
    args = (x, x, x, *_weights(t.rng, 6), 2)
    got = yield call("multi_head_attention", *args)
    out, weights = _check(t, got, args, what="self-attention, d_model=6, 2 heads")
    t.check(weights.shape == (1, 2, 4, 4), "attention_weights must be (B, num_heads, L_q, L_k)",
            expected=(1, 2, 4, 4), got=weights.shape)


@case()
def heads_use_contiguous_columns(t):
    q, k, v = (t.rng.normal(size=(1, 3, 4)) for _ in range(3))
    W_q, W_k, W_v, W_o = _weights(t.rng, 4)
    got = yield call("multi_head_attention", q, k, v, W_q, W_k, W_v, W_o, 2)
    _, weights = t.parts(got, 2, "(output, attention_weights)")
    w = t.array(weights, "attention_weights", ndim=4)
    Q, K = q @ W_q, k @ W_k
    for h in range(2):
        cols = slice(2 * h, 2 * h + 2)
        s = Q[..., cols] @ np.swapaxes(K[..., cols], -1, -2) / np.sqrt(2.0)
        e = np.exp(s - s.max(-1, keepdims=True))
        t.close(w[:, h], e / e.sum(-1, keepdims=True),
                what=f"weights of head {h} (columns {2 * h}:{2 * h + 2}, scale 1/sqrt(2))")


@case()
def four_heads_causal(t):
    x = t.rng.normal(size=(2, 5, 8))
    mask = np.tril(np.ones((5, 5), dtype=bool))
    args = (x, x, x, *_weights(t.rng, 8), 4)
    got = yield call("multi_head_attention", *args, mask=mask)
    _, weights = _check(t, got, args, {"mask": mask}, what="4 heads with a causal mask")
    t.check(np.all(weights[..., ~mask] == 0.0), "weights above the diagonal must be exactly 0")


@case()
def cross_attention_with_padding(t):
    q = t.rng.normal(size=(2, 3, 8))
    kv = t.rng.normal(size=(2, 6, 8))
    mask = (np.arange(6)[None, :] < np.array([4, 6])[:, None])[:, None, None, :]
    args = (q, kv, kv, *_weights(t.rng, 8), 2)
    got = yield call("multi_head_attention", *args, mask=mask)
    _check(t, got, args, {"mask": mask}, what="cross-attention L_q=3, L_k=6 with a padding mask")


@case()
def fully_masked_row(t):
    x = t.rng.normal(size=(1, 3, 4))
    mask = np.array([[True, True, False], [False, False, False], [True, True, True]])
    args = (x, x, x, *_weights(t.rng, 4), 2)
    got = yield call("multi_head_attention", *args, mask=mask)
    out, weights = _check(t, got, args, {"mask": mask}, what="a query with no allowed key")
    t.check(np.all(np.isfinite(out)), "a fully masked row must not produce nan")


@case()
def one_dimension_per_head(t):
    x = t.rng.normal(size=(2, 4, 4))
    args = (x, x, x, *_weights(t.rng, 4), 4)
    got = yield call("multi_head_attention", *args)
    _check(t, got, args, what="num_heads = d_model (d_head = 1)")


@case()
def large_scores_do_not_overflow(t):
    x = t.rng.normal(size=(1, 4, 4)) * 30.0
    W_q, W_k, W_v, W_o = (w * 30.0 for w in _weights(t.rng, 4))
    args = (x, x, x, W_q, W_k, W_v, W_o, 2)
    got = yield call("multi_head_attention", *args)
    _check(t, got, args, what="scores in the thousands")


@case()
def indivisible_heads_raise(t):
    x = np.ones((1, 2, 6))
    eye = np.eye(6)
    got = yield call("multi_head_attention", x, x, x, eye, eye, eye, eye, 4, allow_error=True)
    t.check(getattr(got, "type", None) == "ValueError",
            "d_model=6 with num_heads=4 must raise ValueError", expected="ValueError",
            got=getattr(got, "type", got))
