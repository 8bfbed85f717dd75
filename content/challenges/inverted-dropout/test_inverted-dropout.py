"""Hidden tests for inverted dropout: keep rule, scaling, inference, gradient, errors."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver, numerical_gradient


@driver
def forward_backward(sub, x, p, u, dout, training):
    res = sub.dropout_forward(x, p, u, training=training)
    if not isinstance(res, (tuple, list)) or len(res) != 2:
        raise TypeError("dropout_forward must return a tuple (out, mask)")
    out, mask = res
    dx = sub.dropout_backward(dout, mask)
    return np.asarray(out, dtype=float), np.asarray(mask, dtype=float), np.asarray(dx, dtype=float)


@driver
def input_after_forward(sub, x, p, u):
    original = np.array(x, dtype=float)
    sub.dropout_forward(x, p, u)
    return original, np.array(x, dtype=float)


def _check_forward(t, got, x, p, u, training=True):
    out, mask = t.parts(got, 2, "(out, mask)")
    exp_out, exp_mask = t.ref.dropout_forward(x, p, u, training=training)
    t.close(mask, exp_mask, what=f"mask (p={p})")
    t.close(out, exp_out, what=f"out (p={p})")
    return t.array(out, "out"), t.array(mask, "mask")


@case(visible=True)
def worked_example(t):
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    u = np.array([[0.1, 0.6, 0.4, 0.9]])
    got = yield call("dropout_forward", x, 0.5, u)
    out, mask = t.parts(got, 2, "(out, mask)")
    t.close(mask, np.array([[2.0, 0.0, 2.0, 0.0]]), what="mask (kept where u < 1 - p, scaled by 2)")
    t.close(out, np.array([[2.0, 0.0, 6.0, 0.0]]), what="out = x * mask")


@case(visible=True)
def inference_is_identity(t):
    x = t.rng.normal(size=(3, 5))
    u = t.rng.random(size=(3, 5))
    got = yield call("dropout_forward", x, 0.4, u, training=False)
    out, mask = t.parts(got, 2, "(out, mask)")
    t.close(out, x, what="out at inference (training=False)")
    t.close(mask, np.ones((3, 5)), what="mask at inference")


@case(visible=True)
def backward_matches_numerical(t):
    x = t.rng.normal(size=(4, 6))
    u = t.rng.random(size=(4, 6))
    dout = t.rng.normal(size=(4, 6))
    got = yield drive("forward_backward", x, 0.3, u, dout, True)
    out, mask, dx = t.parts(got, 3, "(out, mask, dx)")
    _check_forward(t, (out, mask), x, 0.3, u)
    xx = x.copy()
    num = numerical_gradient(lambda _: float(np.sum(t.ref.dropout_forward(xx, 0.3, u)[0] * dout)), xx)
    t.close(dx, num, what="dx vs numerical gradient", rtol=1e-6, atol=1e-6)


@case()
def keep_rule_direction(t):
    x = np.ones(6)
    u = np.array([0.05, 0.2, 0.74, 0.76, 0.9, 0.99])
    got = yield call("dropout_forward", x, 0.25, u)
    out, mask = t.parts(got, 2, "(out, mask)")
    s = 1.0 / 0.75
    t.close(mask, np.array([s, s, s, 0.0, 0.0, 0.0]),
            what="mask for p=0.25 (keep exactly where u < 0.75)")


@case()
def zero_probability_keeps_everything(t):
    x = t.rng.normal(size=(5, 4))
    u = t.rng.random(size=(5, 4))
    got = yield call("dropout_forward", x, 0.0, u)
    out, mask = t.parts(got, 2, "(out, mask)")
    t.close(out, x, what="out with p=0")
    t.close(mask, np.ones((5, 4)), what="mask with p=0")


@case()
def expectation_is_preserved(t):
    x = np.ones((200, 50))
    u = t.rng.random(size=(200, 50))
    got = yield call("dropout_forward", x, 0.3, u)
    out, _ = _check_forward(t, got, x, 0.3, u)
    t.check(abs(out.mean() - 1.0) < 0.03, f"the mean of out should stay near the mean of x "
            f"(1.0) with inverted dropout; got {out.mean():.4f}")


@case()
def three_dimensional_input(t):
    x = t.rng.normal(size=(2, 3, 4))
    u = t.rng.random(size=(2, 3, 4))
    got = yield call("dropout_forward", x, 0.6, u)
    _check_forward(t, got, x, 0.6, u)


@case()
def p_equal_one_raises(t):
    got = yield call("dropout_forward", np.ones((2, 2)), 1.0, np.zeros((2, 2)), allow_error=True)
    t.check(getattr(got, "type", None) == "ValueError",
            "p = 1 must raise ValueError", expected="ValueError", got=getattr(got, "type", got))


@case()
def negative_p_raises(t):
    got = yield call("dropout_forward", np.ones(3), -0.1, np.zeros(3), allow_error=True)
    t.check(getattr(got, "type", None) == "ValueError",
            "p < 0 must raise ValueError", expected="ValueError", got=getattr(got, "type", got))


@case()
def input_is_not_modified(t):
    x = t.rng.normal(size=(3, 4))
    u = t.rng.random(size=(3, 4))
    got = yield drive("input_after_forward", x, 0.5, u)
    before, after = t.parts(got, 2, "(x before, x after)")
    t.close(after, before, what="x after dropout_forward (it must not change in place)")


@case()
def backward_at_inference_passes_gradient(t):
    x = t.rng.normal(size=(3, 3))
    u = t.rng.random(size=(3, 3))
    dout = t.rng.normal(size=(3, 3))
    got = yield drive("forward_backward", x, 0.5, u, dout, False)
    _, _, dx = t.parts(got, 3, "(out, mask, dx)")
    t.close(dx, dout, what="dx after an inference-mode forward (equals dout)")
