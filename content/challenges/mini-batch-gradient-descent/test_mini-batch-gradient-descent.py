"""Hidden tests for mini-batch-gradient-descent.

The learner's loop shuffles, so most cases record what it does: column 0 of X holds each
sample's id, and the driver's grad_fn logs the batch ids and the parameters it was called with.
The judge then checks the protocol (batches partition each epoch, one plain gradient step per
batch, history = mean pre-update batch loss) against its own copy of the loss and gradient.
Full-batch cases (batch_size >= n_samples) do not depend on the shuffle and are compared with
the reference run directly.
"""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver


@driver
def train_linear(sub, X, y, args, kwargs):
    """Linear model on X[:, 1:] (X[:, 0] is a sample id) with MSE; logs every grad_fn call."""
    calls = []

    def batch_loss(model, xb, yb):
        r = xb[:, 1:] @ model["w"] + model["b"] - yb
        return float(np.mean(r ** 2))

    def batch_grad(model, xb, yb):
        r = xb[:, 1:] @ model["w"] + model["b"] - yb
        calls.append((xb[:, 0].astype(np.int64), np.array(model["w"], dtype=float),
                      np.array(model["b"], dtype=float)))
        return {"w": 2 * xb[:, 1:].T @ r / len(yb), "b": np.array([2 * np.mean(r)])}

    model = {"w": np.zeros(X.shape[1] - 1), "b": np.zeros(1)}
    out, history = sub.mini_batch_gradient_descent(X, y, model, batch_loss, batch_grad, *args,
                                                   **kwargs)
    return out, history, calls


@driver
def train_multi_output(sub, X, Y, kwargs):
    """Multi-output linear model with a matrix parameter; full batch, so no shuffle effects."""

    def multi_loss(model, xb, yb):
        R = xb @ model["W"] + model["c"] - yb
        return float(np.mean(np.sum(R ** 2, axis=1)))

    def multi_grad(model, xb, yb):
        R = xb @ model["W"] + model["c"] - yb
        return {"W": 2 * xb.T @ R / len(xb), "c": 2 * R.mean(axis=0)}

    model = {"W": np.zeros((X.shape[1], Y.shape[1])), "c": np.zeros(Y.shape[1])}
    return sub.mini_batch_gradient_descent(X, Y, model, multi_loss, multi_grad, **kwargs)


# judge-side copies of the driver's functions, for the reference run and for the protocol checks
def _loss(model, xb, yb):
    r = xb[:, 1:] @ model["w"] + model["b"] - yb
    return float(np.mean(r ** 2))


def _grad(model, xb, yb):
    r = xb[:, 1:] @ model["w"] + model["b"] - yb
    return {"w": 2 * xb[:, 1:].T @ r / len(yb), "b": np.array([2 * np.mean(r)])}


def _multi_loss(model, xb, yb):
    R = xb @ model["W"] + model["c"] - yb
    return float(np.mean(np.sum(R ** 2, axis=1)))


def _multi_grad(model, xb, yb):
    R = xb @ model["W"] + model["c"] - yb
    return {"W": 2 * xb.T @ R / len(xb), "c": 2 * R.mean(axis=0)}


def _data(rng, n, d, noise=0.1):
    features = rng.normal(size=(n, d))
    y = features @ rng.normal(size=d) + 0.5 + noise * rng.normal(size=n)
    return np.column_stack([np.arange(n, dtype=float), features]), y


def _unpack(t, got, shapes, epochs):
    out, history, calls = t.parts(got, 3, "(model, history, grad_fn log)")
    t.check(isinstance(out, dict) and set(out) == set(shapes),
            f"the returned model must be the parameter dict with keys {sorted(shapes)}", got=out)
    model = {k: t.array(out[k], f"model[{k!r}]") for k in shapes}
    for k, shape in shapes.items():
        t.check(model[k].shape == shape, f"model[{k!r}]: expected shape {shape}, got "
                f"{model[k].shape}")
    hist = t.array(history, "history")
    t.check(hist.shape == (epochs,), f"history must hold one float per epoch: expected shape "
            f"{(epochs,)}, got {hist.shape}")
    return model, hist, calls


def _check_batches(t, calls, n, batch_size, epochs):
    """Return the calls grouped by epoch after checking each epoch partitions the samples."""
    per_epoch = -(-n // batch_size)
    t.check(len(calls) == epochs * per_epoch, f"expected {epochs * per_epoch} calls of grad_fn "
            f"({per_epoch} batches per epoch, once per batch), got {len(calls)}")
    sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    grouped = [calls[e * per_epoch:(e + 1) * per_epoch] for e in range(epochs)]
    for e, batches in enumerate(grouped):
        got_sizes = [len(ids) for ids, _, _ in batches]
        t.check(got_sizes == sizes, f"epoch {e}: batch sizes should be {sizes}, got {got_sizes}")
        ids = np.concatenate([ids for ids, _, _ in batches])
        t.check(np.array_equal(np.sort(ids), np.arange(n)),
                f"epoch {e}: every sample must appear in exactly one batch")
    return grouped


def _check_steps(t, calls, model, X, y, lr):
    """Parameters at each grad_fn call = previous ones minus lr * gradient; same for the result."""
    for i, (ids, w, b) in enumerate(calls):
        g = _grad({"w": w, "b": b}, X[ids], y[ids])
        step_w, step_b = w - lr * g["w"], b - lr * g["b"]
        if i + 1 < len(calls):
            nxt_w, nxt_b = calls[i + 1][1], calls[i + 1][2]
            where = f"parameters at batch {i + 1}"
        else:
            nxt_w, nxt_b = model["w"], model["b"]
            where = "returned parameters"
        t.close(nxt_w, step_w, what=f"{where}: w should be the previous w - lr * grad")
        t.close(nxt_b, step_b, what=f"{where}: b should be the previous b - lr * grad")


@case(visible=True)
def full_batch_matches_reference(t):
    X, y = _data(t.rng, 24, 3)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.1, "epochs": 5})
    model, hist, _ = _unpack(t, got, {"w": (3,), "b": (1,)}, 5)
    ref_model, ref_hist = t.ref.mini_batch_gradient_descent(
        X, y, {"w": np.zeros(3), "b": np.zeros(1)}, _loss, _grad, learning_rate=0.1, epochs=5)
    t.close(model["w"], ref_model["w"], what="w after 5 full-batch epochs (batch_size 32 > 24)")
    t.close(model["b"], ref_model["b"], what="b after 5 full-batch epochs")
    t.close(hist, ref_hist, what="history")


@case(visible=True)
def defaults_converge_on_linear_data(t):
    X, y = _data(t.rng, 96, 3, noise=0.05)
    got = yield drive("train_linear", X, y, [], {})
    model, hist, calls = _unpack(t, got, {"w": (3,), "b": (1,)}, 100)
    _check_batches(t, calls, 96, 32, 100)
    design = np.column_stack([X[:, 1:], np.ones(96)])
    best = np.linalg.lstsq(design, y, rcond=None)[0]
    fitted = np.concatenate([model["w"], model["b"]])
    t.close(fitted, best, what="[w, b] after the default 100 epochs vs least squares",
            rtol=0, atol=0.05)
    t.check(hist[-1] < 0.1 * hist[0], f"the loss should fall by 10x or more: history[0] = "
            f"{hist[0]:.4g}, history[-1] = {hist[-1]:.4g}")


@case()
def every_epoch_uses_each_sample_once(t):
    X, y = _data(t.rng, 20, 2)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.05, "batch_size": 6,
                                                 "epochs": 3})
    _, _, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 3)
    _check_batches(t, calls, 20, 6, 3)


@case()
def each_update_is_one_gradient_step(t):
    X, y = _data(t.rng, 10, 2)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.3, "batch_size": 4,
                                                 "epochs": 2})
    model, _, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 2)
    _check_batches(t, calls, 10, 4, 2)
    t.check(np.all(calls[0][1] == 0) and np.all(calls[0][2] == 0),
            "the first gradient must be taken at the initial (zero) parameters")
    _check_steps(t, calls, model, X, y, 0.3)


@case()
def history_is_mean_of_pre_update_batch_losses(t):
    X, y = _data(t.rng, 9, 2)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.2, "batch_size": 4,
                                                 "epochs": 3})
    _, hist, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 3)
    grouped = _check_batches(t, calls, 9, 4, 3)
    expected = [np.mean([_loss({"w": w, "b": b}, X[ids], y[ids]) for ids, w, b in batches])
                for batches in grouped]
    t.close(hist, expected, what="history: per epoch, the plain mean of the batch losses "
            "computed before each update")


@case()
def epochs_are_reshuffled(t):
    X, y = _data(t.rng, 20, 2)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.01, "batch_size": 5,
                                                 "epochs": 4})
    _, _, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 4)
    grouped = _check_batches(t, calls, 20, 5, 4)
    orders = [np.concatenate([ids for ids, _, _ in batches]) for batches in grouped]
    # a fresh permutation of 20 items repeats or is the identity with probability ~1e-18
    t.check(not np.array_equal(orders[0], np.arange(20)),
            "the samples were visited in their original order: shuffle every epoch")
    t.check(all(not np.array_equal(a, b) for a, b in zip(orders, orders[1:])),
            "two consecutive epochs used the same order: draw a new permutation every epoch")


@case()
def batch_size_one_is_sgd(t):
    X, y = _data(t.rng, 5, 1)
    got = yield drive("train_linear", X, y, [0.1, 1, 2], {})
    model, hist, calls = _unpack(t, got, {"w": (1,), "b": (1,)}, 2)
    grouped = _check_batches(t, calls, 5, 1, 2)
    _check_steps(t, calls, model, X, y, 0.1)
    expected = [np.mean([_loss({"w": w, "b": b}, X[ids], y[ids]) for ids, w, b in batches])
                for batches in grouped]
    t.close(hist, expected, what="history with batch_size=1")


@case()
def last_batch_is_smaller(t):
    X, y = _data(t.rng, 11, 2)
    got = yield drive("train_linear", X, y, [], {"learning_rate": 0.1, "batch_size": 8,
                                                 "epochs": 2})
    model, hist, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 2)
    grouped = _check_batches(t, calls, 11, 8, 2)
    _check_steps(t, calls, model, X, y, 0.1)
    expected = [np.mean([_loss({"w": w, "b": b}, X[ids], y[ids]) for ids, w, b in batches])
                for batches in grouped]
    t.close(hist, expected, what="history: a plain mean over the 8- and 3-sample batches")


@case()
def matrix_parameters_full_batch(t):
    X = t.rng.normal(size=(16, 3))
    Y = X @ t.rng.normal(size=(3, 2)) + t.rng.normal(size=2)
    got = yield drive("train_multi_output", X, Y, {"learning_rate": 0.05, "batch_size": 16,
                                                   "epochs": 4})
    out, history = t.parts(got, 2, "(model, history)")
    t.check(isinstance(out, dict) and set(out) == {"W", "c"},
            "the returned model must be the parameter dict with keys ['W', 'c']", got=out)
    ref_model, ref_hist = t.ref.mini_batch_gradient_descent(
        X, Y, {"W": np.zeros((3, 2)), "c": np.zeros(2)}, _multi_loss, _multi_grad,
        learning_rate=0.05, batch_size=16, epochs=4)
    t.close(out["W"], ref_model["W"], what="W (3, 2) after 4 full-batch epochs")
    t.close(out["c"], ref_model["c"], what="c after 4 full-batch epochs")
    t.close(history, ref_hist, what="history")


@case()
def zero_epochs_changes_nothing(t):
    X, y = _data(t.rng, 6, 2)
    got = yield drive("train_linear", X, y, [], {"epochs": 0})
    model, _, calls = _unpack(t, got, {"w": (2,), "b": (1,)}, 0)
    t.check(len(calls) == 0, "with epochs=0 grad_fn must not be called")
    t.close(model["w"], np.zeros(2), what="w with epochs=0")
