"""Hidden tests for layer norm: forward values over the last axis, gradients vs numbers."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver, numerical_gradient


@driver
def ln_forward(sub, x, gamma, beta, eps):
    kwargs = {} if eps is None else {"eps": eps}
    res = sub.layer_norm_forward(x, gamma, beta, **kwargs)
    if not isinstance(res, (tuple, list)) or len(res) != 2:
        raise TypeError("layer_norm_forward must return a tuple (out, cache)")
    return np.asarray(res[0], dtype=float)


@driver
def ln_forward_backward(sub, x, gamma, beta, dout, eps):
    kwargs = {} if eps is None else {"eps": eps}
    res = sub.layer_norm_forward(x, gamma, beta, **kwargs)
    if not isinstance(res, (tuple, list)) or len(res) != 2:
        raise TypeError("layer_norm_forward must return a tuple (out, cache)")
    grads = sub.layer_norm_backward(dout, res[1])
    return np.asarray(res[0], dtype=float), (tuple(grads) if isinstance(grads, (tuple, list)) else grads)


def _ref_out(t, x, gamma, beta, eps=None):
    return t.ref.layer_norm_forward(x, gamma, beta, **({} if eps is None else {"eps": eps}))[0]


def _check_backward(t, got, x, gamma, beta, dout, eps=None, rtol=1e-5, atol=1e-6):
    out, grads = t.parts(got, 2, "(out, grads)")
    t.close(out, _ref_out(t, x, gamma, beta, eps), what="forward output")
    dx, dgamma, dbeta = t.parts(grads, 3, "layer_norm_backward(dout, cache)")
    x, gamma, beta = x.copy(), gamma.copy(), beta.copy()

    def loss(_):
        return float(np.sum(_ref_out(t, x, gamma, beta, eps) * dout))

    t.close(dx, numerical_gradient(loss, x), what="dx vs numerical gradient", rtol=rtol, atol=atol)
    t.close(dgamma, numerical_gradient(loss, gamma), what="dgamma vs numerical gradient",
            rtol=rtol, atol=atol)
    t.close(dbeta, numerical_gradient(loss, beta), what="dbeta vs numerical gradient",
            rtol=rtol, atol=atol)


@case(visible=True)
def worked_example(t):
    x = np.array([[1.0, 2.0, 3.0]])
    dout = np.array([[1.0, 0.0, 0.0]])
    got = yield drive("ln_forward_backward", x, np.ones(3), np.zeros(3), dout, None)
    _check_backward(t, got, x, np.ones(3), np.zeros(3), dout)


@case(visible=True)
def forward_2d_with_affine(t):
    x = t.rng.normal(loc=2.0, scale=3.0, size=(5, 6))
    gamma, beta = t.rng.uniform(0.5, 2.0, size=6), t.rng.normal(size=6)
    got = yield drive("ln_forward", x, gamma, beta, None)
    t.close(got, _ref_out(t, x, gamma, beta), what="layer_norm_forward on (5, 6) input")


@case(visible=True)
def backward_2d_matches_numerical(t):
    x = t.rng.normal(size=(4, 5)) * 2
    gamma, beta = t.rng.normal(size=5), t.rng.normal(size=5)
    dout = t.rng.normal(size=(4, 5))
    got = yield drive("ln_forward_backward", x, gamma, beta, dout, None)
    _check_backward(t, got, x, gamma, beta, dout)


@case()
def forward_3d_sequence(t):
    x = t.rng.normal(size=(2, 4, 6)) * 5 - 1
    gamma, beta = t.rng.normal(size=6), t.rng.normal(size=6)
    got = yield drive("ln_forward", x, gamma, beta, None)
    t.close(got, _ref_out(t, x, gamma, beta), what="layer_norm_forward on (2, 4, 6) input")


@case()
def backward_3d_sums_over_leading_axes(t):
    x = t.rng.normal(size=(2, 3, 5))
    gamma, beta = t.rng.normal(size=5), t.rng.normal(size=5)
    dout = t.rng.normal(size=(2, 3, 5))
    got = yield drive("ln_forward_backward", x, gamma, beta, dout, None)
    _check_backward(t, got, x, gamma, beta, dout)


@case()
def constant_vector_stays_finite(t):
    x = t.rng.normal(size=(3, 4))
    x[1] = 2.5
    gamma, beta = t.rng.normal(size=4), t.rng.normal(size=4)
    dout = t.rng.normal(size=(3, 4))
    got = yield drive("ln_forward_backward", x, gamma, beta, dout, None)
    out, _ = t.parts(got, 2, "(out, grads)")
    t.close(t.array(out, "out", ndim=2)[1], beta, what="output of a constant vector (equals beta)")
    _check_backward(t, got, x, gamma, beta, dout)


@case()
def large_offset(t):
    x = 1e5 + t.rng.normal(size=(4, 8))
    gamma, beta = t.rng.uniform(0.5, 2.0, size=8), t.rng.normal(size=8)
    got = yield drive("ln_forward", x, gamma, beta, None)
    t.close(got, _ref_out(t, x, gamma, beta), what="forward on vectors around 1e5",
            rtol=1e-6, atol=1e-6)


@case()
def custom_eps(t):
    x = t.rng.normal(scale=0.1, size=(3, 4))
    gamma, beta = t.rng.normal(size=4), t.rng.normal(size=4)
    dout = t.rng.normal(size=(3, 4))
    got = yield drive("ln_forward_backward", x, gamma, beta, dout, 0.05)
    _check_backward(t, got, x, gamma, beta, dout, eps=0.05)


@case()
def single_feature(t):
    x = t.rng.normal(size=(4, 1))
    gamma, beta = np.array([3.0]), np.array([-0.5])
    dout = t.rng.normal(size=(4, 1))
    got = yield drive("ln_forward_backward", x, gamma, beta, dout, None)
    out, grads = t.parts(got, 2, "(out, grads)")
    t.close(out, np.full((4, 1), -0.5), what="with D = 1 every output equals beta")
    dx, dgamma, dbeta = t.parts(grads, 3, "layer_norm_backward(dout, cache)")
    t.close(dx, np.zeros((4, 1)), what="dx with D = 1")
    t.close(dgamma, np.zeros(1), what="dgamma with D = 1")
    t.close(dbeta, dout.sum(axis=0), what="dbeta with D = 1")


@case()
def single_row_normalises_its_features(t):
    x = t.rng.normal(loc=4.0, size=(1, 8))
    gamma, beta = np.ones(8), np.zeros(8)
    got = yield drive("ln_forward", x, gamma, beta, None)
    out = t.array(got, "out", ndim=2)
    t.close(out, _ref_out(t, x, gamma, beta), what="layer norm of a single (1, 8) row")
    t.close(out.mean(), 0.0, what="mean of the normalised row", atol=1e-9)
