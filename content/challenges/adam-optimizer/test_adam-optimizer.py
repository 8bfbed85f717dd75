"""Hidden tests for adam_step: first steps, bias correction, eps placement, trajectories, purity."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def adam_run(sub, param, grads, kwargs):
    """Run len(grads) steps from zero moments; t counts 1, 2, ..."""
    m, v = np.zeros_like(param), np.zeros_like(param)
    for step, g in enumerate(grads, start=1):
        res = sub.adam_step(param, g, m, v, step, **kwargs)
        param, m, v = res[0], res[1], res[2]
    return np.asarray(param, dtype=float), np.asarray(m, dtype=float), np.asarray(v, dtype=float)


@driver
def adam_quadratic(sub, param, target, steps, lr):
    """Minimise sum((param - target)**2), whose gradient is 2 * (param - target)."""
    m, v = np.zeros_like(param), np.zeros_like(param)
    for step in range(1, steps + 1):
        res = sub.adam_step(param, 2.0 * (param - target), m, v, step, lr=lr)
        param, m, v = res[0], res[1], res[2]
    return np.asarray(param, dtype=float)


@driver
def inputs_after_step(sub, param, grad, m, v):
    copies = [np.array(a, dtype=float) for a in (param, grad, m, v)]
    sub.adam_step(param, grad, m, v, 3)
    return copies, [np.array(a, dtype=float) for a in (param, grad, m, v)]


def _check(t, got, expected, what):
    p, m, v = t.parts(got, 3, "(new_param, new_m, new_v)")
    ep, em, ev = expected
    t.close(m, em, what=f"new_m ({what})")
    t.close(v, ev, what=f"new_v ({what})")
    t.close(p, ep, what=f"new_param ({what})")


def _ref_run(t, param, grads, kwargs):
    m, v = np.zeros_like(param), np.zeros_like(param)
    for step, g in enumerate(grads, start=1):
        param, m, v = t.ref.adam_step(param, g, m, v, step, **kwargs)
    return param, m, v


@case(visible=True)
def first_step_from_zero_moments(t):
    param, grad = np.array([1.0, -2.0]), np.array([0.5, -4.0])
    got = yield call("adam_step", param, grad, np.zeros(2), np.zeros(2), 1)
    expected = (param - 0.001 * grad / (np.abs(grad) + 1e-8),
                np.array([0.05, -0.4]), np.array([0.00025, 0.016]))
    _check(t, got, expected, "first step, default hyper-parameters")


@case(visible=True)
def two_steps(t):
    param = np.array([0.5, 1.5, -1.0])
    grads = [np.array([0.1, -0.2, 0.3]), np.array([0.4, 0.1, -0.3])]
    got = yield drive("adam_run", param, grads, {})
    _check(t, got, _ref_run(t, param, grads, {}), "two steps from zero moments")


@case(visible=True)
def custom_hyper_parameters(t):
    param, grad = t.rng.normal(size=4), t.rng.normal(size=4)
    m, v = t.rng.normal(scale=0.1, size=4), t.rng.uniform(0.0, 0.1, size=4)
    kwargs = {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
    got = yield call("adam_step", param, grad, m, v, 4, **kwargs)
    _check(t, got, t.ref.adam_step(param, grad, m, v, 4, **kwargs),
           "t=4 with lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6")


@case()
def ten_steps_match_reference(t):
    param = t.rng.normal(size=5)
    grads = [t.rng.normal(size=5) for _ in range(10)]
    kwargs = {"lr": 0.01}
    got = yield drive("adam_run", param, grads, kwargs)
    _check(t, got, _ref_run(t, param, grads, kwargs), "ten steps, lr=0.01")


@case()
def zero_gradient_changes_nothing(t):
    param = t.rng.normal(size=3)
    got = yield call("adam_step", param, np.zeros(3), np.zeros(3), np.zeros(3), 1)
    _check(t, got, (param, np.zeros(3), np.zeros(3)), "zero gradient from zero moments")


@case()
def eps_is_added_after_the_square_root(t):
    param, grad = np.array([0.0]), np.array([1e-9])
    got = yield call("adam_step", param, grad, np.zeros(1), np.zeros(1), 1, lr=1.0)
    # m_hat = 1e-9 and sqrt(v_hat) = 1e-9, so the step is 1e-9 / (1e-9 + 1e-8) = 1/11
    p, _, _ = t.parts(got, 3, "(new_param, new_m, new_v)")
    t.close(p, np.array([-1.0 / 11.0]), what="new_param for a 1e-9 gradient (eps outside the sqrt)")


@case()
def late_step_bias_correction(t):
    param, grad = t.rng.normal(size=(2, 3)), t.rng.normal(size=(2, 3))
    m, v = t.rng.normal(scale=0.1, size=(2, 3)), t.rng.uniform(0.01, 0.1, size=(2, 3))
    got = yield call("adam_step", param, grad, m, v, 1000)
    _check(t, got, t.ref.adam_step(param, grad, m, v, 1000), "t=1000 (1 - beta2**t is 0.632)")


@case()
def matrix_parameters(t):
    param = t.rng.normal(size=(3, 4))
    grads = [t.rng.normal(size=(3, 4)) for _ in range(3)]
    kwargs = {"lr": 0.1, "beta1": 0.5}
    got = yield drive("adam_run", param, grads, kwargs)
    _check(t, got, _ref_run(t, param, grads, kwargs), "three steps on a (3, 4) matrix")


@case()
def inputs_are_not_modified(t):
    arrays = [t.rng.normal(size=4), t.rng.normal(size=4), t.rng.normal(size=4),
              t.rng.uniform(0.1, 1.0, size=4)]
    got = yield drive("inputs_after_step", *arrays)
    before, after = t.parts(got, 2, "(inputs before, inputs after)")
    for name, b, a in zip(["param", "grad", "m", "v"], before, after):
        t.close(a, b, what=f"{name} after adam_step (it must not change in place)", atol=0, rtol=0)


@case()
def minimises_a_quadratic(t):
    target = np.array([3.0, -1.0, 0.5])
    got = yield drive("adam_quadratic", np.zeros(3), target, 300, 0.05)
    p = t.array(got, "param after 300 steps", ndim=1)
    t.check(np.max(np.abs(p - target)) < 0.05, "300 Adam steps with lr=0.05 should bring the "
            "parameters within 0.05 of the minimum of sum((p - target)**2)",
            expected=target, got=p)
    m = v = np.zeros(3)
    ep = np.zeros(3)
    for step in range(1, 301):
        ep, m, v = t.ref.adam_step(ep, 2.0 * (ep - target), m, v, step, lr=0.05)
    t.close(p, ep, what="parameters after 300 steps on the quadratic", rtol=1e-6, atol=1e-9)
