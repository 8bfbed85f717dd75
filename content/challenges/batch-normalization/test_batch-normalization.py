"""Hidden tests for BatchNormalization: forward values, running statistics, inference, gradients."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver, numerical_gradient


@driver
def bn_session(sub, num_features, kwargs, gamma, beta, ops):
    """Build a layer, optionally set gamma/beta, then run ("train"|"eval"|"backward", array) ops."""
    bn = sub.BatchNormalization(num_features, **kwargs)
    if gamma is not None:
        bn.gamma = np.array(gamma, dtype=float)
    if beta is not None:
        bn.beta = np.array(beta, dtype=float)
    results = []
    for op, arr in ops:
        if op == "train":
            results.append(np.asarray(bn.forward(arr), dtype=float))
        elif op == "eval":
            results.append(np.asarray(bn.forward(arr, training=False), dtype=float))
        else:
            grads = bn.backward(arr)
            results.append(tuple(grads) if isinstance(grads, (tuple, list)) else grads)
    return (results, np.array(bn.running_mean, dtype=float), np.array(bn.running_var, dtype=float))


def _ref(t, n, kwargs=None, gamma=None, beta=None):
    bn = t.ref.BatchNormalization(n, **(kwargs or {}))
    if gamma is not None:
        bn.gamma = np.array(gamma, dtype=float)
    if beta is not None:
        bn.beta = np.array(beta, dtype=float)
    return bn


def _expected(t, n, kwargs, gamma, beta, ops):
    bn = _ref(t, n, kwargs, gamma, beta)
    results = []
    for op, arr in ops:
        if op == "train":
            results.append(bn.forward(arr))
        elif op == "eval":
            results.append(bn.forward(arr, training=False))
        else:
            results.append(bn.backward(arr))
    return results, bn.running_mean, bn.running_var


def _numeric(t, x, dout, kwargs=None, gamma=None, beta=None):
    """Numerical gradients of sum(forward(x) * dout) w.r.t. x, gamma and beta."""
    n = x.shape[1]
    g = np.ones(n) if gamma is None else np.array(gamma, dtype=float)
    b = np.zeros(n) if beta is None else np.array(beta, dtype=float)
    x = x.copy()

    def loss(_):
        return float(np.sum(_ref(t, n, kwargs, g, b).forward(x) * dout))

    return numerical_gradient(loss, x), numerical_gradient(loss, g), numerical_gradient(loss, b)


def _check_grads(t, got, x, dout, kwargs=None, gamma=None, beta=None, rtol=1e-5, atol=1e-6):
    dx, dgamma, dbeta = t.parts(got, 3, "backward(dout)")
    ndx, ndgamma, ndbeta = _numeric(t, x, dout, kwargs, gamma, beta)
    t.close(dx, ndx, what="dx vs numerical gradient", rtol=rtol, atol=atol)
    t.close(dgamma, ndgamma, what="dgamma vs numerical gradient", rtol=rtol, atol=atol)
    t.close(dbeta, ndbeta, what="dbeta vs numerical gradient", rtol=rtol, atol=atol)


@case(visible=True)
def forward_example_and_running_stats(t):
    x = np.array([[1.0, 0.0], [3.0, 0.0]])
    results, rm, rv = yield drive("bn_session", 2, {}, None, None, [("train", x)])
    s = 1.0 / np.sqrt(1.0 + 1e-5)
    t.close(results[0], np.array([[-s, 0.0], [s, 0.0]]), what="forward(x) in training mode")
    t.close(rm, np.array([0.2, 0.0]), what="running_mean after one batch")
    t.close(rv, np.array([1.0, 0.9]), what="running_var after one batch (biased variance)")


@case(visible=True)
def backward_matches_numerical_gradient(t):
    x = t.rng.normal(size=(6, 3)) * 2 + 1
    gamma, beta = t.rng.normal(size=3), t.rng.normal(size=3)
    dout = t.rng.normal(size=(6, 3))
    results, _, _ = yield drive("bn_session", 3, {}, gamma, beta, [("train", x), ("backward", dout)])
    t.close(results[0], _ref(t, 3, None, gamma, beta).forward(x), what="forward with gamma, beta")
    _check_grads(t, results[1], x, dout, None, gamma, beta)


@case(visible=True)
def inference_uses_running_stats(t):
    batches = [t.rng.normal(loc=3.0, scale=2.0, size=(8, 4)) for _ in range(3)]
    x_eval = t.rng.normal(loc=3.0, scale=2.0, size=(5, 4))
    gamma, beta = t.rng.uniform(0.5, 2.0, size=4), t.rng.normal(size=4)
    ops = [("train", b) for b in batches] + [("eval", x_eval)]
    results, rm, rv = yield drive("bn_session", 4, {}, gamma, beta, ops)
    exp, erm, erv = _expected(t, 4, {}, gamma, beta, ops)
    t.close(results[3], exp[3], what="forward(x, training=False) after three training batches")
    t.close(rm, erm, what="running_mean (inference must not change it)")
    t.close(rv, erv, what="running_var (inference must not change it)")


@case()
def running_stats_over_three_batches(t):
    ops = [("train", t.rng.normal(loc=-1.0, scale=3.0, size=(10, 3))) for _ in range(3)]
    results, rm, rv = yield drive("bn_session", 3, {}, None, None, ops)
    exp, erm, erv = _expected(t, 3, {}, None, None, ops)
    for i in range(3):
        t.close(results[i], exp[i], what=f"training forward #{i + 1}")
    t.close(rm, erm, what="running_mean after three batches")
    t.close(rv, erv, what="running_var after three batches")


@case()
def custom_momentum_and_eps(t):
    kwargs = {"eps": 1e-2, "momentum": 0.5}
    ops = [("train", t.rng.normal(scale=0.1, size=(6, 2))), ("train", t.rng.normal(size=(6, 2))),
           ("eval", t.rng.normal(size=(3, 2)))]
    results, rm, rv = yield drive("bn_session", 2, kwargs, None, None, ops)
    exp, erm, erv = _expected(t, 2, kwargs, None, None, ops)
    for i, what in enumerate(["first training forward", "second training forward",
                              "inference forward"]):
        t.close(results[i], exp[i], what=f"{what} with eps=1e-2, momentum=0.5")
    t.close(rm, erm, what="running_mean with momentum=0.5")
    t.close(rv, erv, what="running_var with momentum=0.5")


@case()
def constant_feature_stays_finite(t):
    x = t.rng.normal(size=(5, 3))
    x[:, 1] = 7.0
    gamma, beta = np.array([1.5, 2.0, 0.5]), np.array([0.1, -0.3, 0.2])
    dout = t.rng.normal(size=(5, 3))
    results, _, rv = yield drive("bn_session", 3, {}, gamma, beta, [("train", x), ("backward", dout)])
    out = t.array(results[0], "forward(x)", ndim=2)
    t.close(out[:, 1], np.full(5, -0.3), what="output of a constant feature (equals beta)")
    t.close(out, _ref(t, 3, None, gamma, beta).forward(x), what="forward with a constant feature")
    _check_grads(t, results[1], x, dout, None, gamma, beta)


@case()
def batch_of_two(t):
    x = t.rng.normal(size=(2, 4))
    dout = t.rng.normal(size=(2, 4))
    gamma = t.rng.normal(size=4)
    results, _, _ = yield drive("bn_session", 4, {}, gamma, None, [("train", x), ("backward", dout)])
    _check_grads(t, results[1], x, dout, None, gamma, None)


@case()
def backward_uses_latest_forward(t):
    x1, x2 = t.rng.normal(size=(7, 3)), t.rng.normal(loc=2.0, size=(7, 3))
    dout = t.rng.normal(size=(7, 3))
    gamma, beta = t.rng.normal(size=3), t.rng.normal(size=3)
    ops = [("train", x1), ("train", x2), ("backward", dout)]
    results, _, _ = yield drive("bn_session", 3, {}, gamma, beta, ops)
    _check_grads(t, results[2], x2, dout, None, gamma, beta)


@case()
def large_offset_columns(t):
    x = 1e5 + t.rng.normal(size=(16, 3))
    gamma, beta = t.rng.uniform(0.5, 2.0, size=3), t.rng.normal(size=3)
    results, rm, rv = yield drive("bn_session", 3, {}, gamma, beta, [("train", x)])
    t.close(results[0], _ref(t, 3, None, gamma, beta).forward(x),
            what="forward on columns around 1e5 (centre before squaring)", rtol=1e-6, atol=1e-6)
    t.close(rv, 0.9 + 0.1 * x.var(axis=0), what="running_var on columns around 1e5",
            rtol=1e-6, atol=1e-6)


@case()
def inference_before_any_training(t):
    x = t.rng.normal(size=(4, 3))
    gamma, beta = np.array([2.0, 1.0, -1.0]), np.array([0.5, 0.0, 1.0])
    results, rm, rv = yield drive("bn_session", 3, {}, gamma, beta, [("eval", x)])
    t.close(results[0], gamma * x / np.sqrt(1.0 + 1e-5) + beta,
            what="inference with the initial running stats (mean 0, var 1)")
    t.close(rm, np.zeros(3), what="running_mean (inference must not change it)")
    t.close(rv, np.ones(3), what="running_var (inference must not change it)")
