"""Hidden tests for sgd-momentum: iterates against the reference (PyTorch's convention) for
plain, Nesterov and weight-decay updates, gradient evaluation points, shapes and aliasing."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def run_quadratic(sub, A, b, x0, kwargs):
    """Minimise 0.5 x.A x - b.x (A symmetric); x may be a vector or a matrix of columns."""
    seen = []
    x0_before = np.array(x0, copy=True)

    def grad_fn(x):
        seen.append(np.array(x, dtype=float, copy=True))
        return A @ x - b

    path = sub.sgd_momentum(grad_fn, x0, **kwargs)
    seen = np.array(seen, dtype=float).reshape((len(seen),) + np.shape(x0))
    return np.asarray(path, dtype=float), seen, bool(np.array_equal(x0, x0_before))


@driver
def run_rosenbrock(sub, x0, kwargs):
    seen = []

    def grad_fn(p):
        seen.append(np.array(p, dtype=float, copy=True))
        x, y = p
        return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])

    path = sub.sgd_momentum(grad_fn, x0, **kwargs)
    seen = np.array(seen, dtype=float).reshape((len(seen),) + np.shape(x0))
    return np.asarray(path, dtype=float), seen, True


def _rosenbrock_grad(p):
    x, y = p
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])


def _check(t, got, grad_fn, x0, kwargs, label):
    path, seen, x0_unchanged = t.parts(got, 3, label)
    t.check(x0_unchanged, f"{label}: x0 was modified in place; work on a copy")
    expected = t.ref.sgd_momentum(grad_fn, x0, **kwargs)
    path = t.array(path, f"{label}: returned iterates")
    t.check(path.shape == expected.shape, f"{label}: expected iterates of shape "
            f"{expected.shape} (n_steps + 1, *x0.shape), got {path.shape}")
    t.close(path[0], np.asarray(x0, dtype=float), what=f"{label}: row 0 must be x0")
    bad = [i for i in range(1, len(path))
           if not np.allclose(path[i], expected[i], rtol=t.rtol, atol=t.atol)]
    if bad:
        i = bad[0]
        t.close(path[i], expected[i], what=f"{label}: x_{i} (first wrong iterate)")
    n_steps = len(expected) - 1
    t.check(len(seen) == n_steps, f"{label}: grad_fn must be called exactly once per step "
            f"({n_steps} times), it was called {len(seen)} times")
    t.close(seen, expected[:-1], what=f"{label}: points where grad_fn was evaluated "
            "(must be x_0 .. x_{n-1}, the current iterates)")


def _quadratic(rng, d, low=0.5, high=4.0):
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = q @ np.diag(np.linspace(low, high, d)) @ q.T
    A = (A + A.T) / 2
    return A, rng.normal(size=d)


def _run(A, b, x0, kwargs):
    return drive("run_quadratic", A, b, x0, kwargs)


@case(visible=True)
def one_dimensional_three_steps(t):
    A, b, x0 = np.array([[1.0]]), np.array([0.0]), np.array([1.0])
    kwargs = {"lr": 0.1, "momentum": 0.9, "n_steps": 3}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "f = x^2/2 from 1.0, 3 steps")


@case(visible=True)
def nesterov_three_steps(t):
    A, b, x0 = np.array([[1.0]]), np.array([0.0]), np.array([1.0])
    kwargs = {"lr": 0.1, "momentum": 0.9, "n_steps": 3, "nesterov": True}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "Nesterov on f = x^2/2, 3 steps")


@case(visible=True)
def zero_momentum_is_gradient_descent(t):
    A = np.array([[2.0, 0.5], [0.5, 1.0]])
    b = np.array([1.0, -1.0])
    x0 = np.array([3.0, -2.0])
    kwargs = {"lr": 0.2, "momentum": 0.0, "n_steps": 5}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "momentum=0 (plain gradient descent)")


@case()
def matches_reference_quadratic(t):
    A, b = _quadratic(t.rng, 5)
    x0 = t.rng.normal(size=5) * 3
    kwargs = {"lr": 0.05, "momentum": 0.9, "n_steps": 40}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "40 steps on a 5-d quadratic")


@case()
def nesterov_matches_reference(t):
    A, b = _quadratic(t.rng, 5)
    x0 = t.rng.normal(size=5) * 3
    kwargs = {"lr": 0.05, "momentum": 0.8, "n_steps": 40, "nesterov": True}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "Nesterov, 40 steps on a 5-d quadratic")


@case()
def weight_decay_folded_into_gradient(t):
    A, b = _quadratic(t.rng, 4)
    x0 = t.rng.normal(size=4) + 2
    kwargs = {"lr": 0.05, "momentum": 0.9, "n_steps": 25, "weight_decay": 0.3}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "weight_decay=0.3")


@case()
def nesterov_with_weight_decay(t):
    A, b = _quadratic(t.rng, 3)
    x0 = t.rng.normal(size=3) * 2
    kwargs = {"lr": 0.1, "momentum": 0.5, "n_steps": 20, "nesterov": True, "weight_decay": 0.05}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "Nesterov with weight_decay=0.05")


@case()
def zero_steps_returns_start(t):
    A, b = np.eye(3), np.zeros(3)
    x0 = np.array([4, -1, 2])
    kwargs = {"lr": 0.1, "momentum": 0.9, "n_steps": 0}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "n_steps=0 from an integer x0")


@case()
def integer_start(t):
    A, b = _quadratic(t.rng, 3)
    x0 = np.array([3, -2, 5])
    kwargs = {"lr": 0.1, "momentum": 0.9, "n_steps": 10}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "integer x0")


@case()
def matrix_shaped_parameters(t):
    A, _ = _quadratic(t.rng, 3)
    b = t.rng.normal(size=(3, 2))
    x0 = t.rng.normal(size=(3, 2))
    kwargs = {"lr": 0.1, "momentum": 0.7, "n_steps": 15}
    got = yield _run(A, b, x0, kwargs)
    _check(t, got, lambda x: A @ x - b, x0, kwargs, "x0 of shape (3, 2)")


@case()
def rosenbrock_nonlinear(t):
    x0 = np.array([-1.2, 1.0])
    kwargs = {"lr": 5e-4, "momentum": 0.9, "n_steps": 150}
    got = yield drive("run_rosenbrock", x0, kwargs)
    _check(t, got, _rosenbrock_grad, x0, kwargs, "150 steps on the Rosenbrock function")
