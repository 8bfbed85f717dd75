"""Hidden tests for NeuralNetwork: parameter shapes, forward values, gradient steps vs numbers."""

import numpy as np

from mlcoach.judge.testkit import case, drive, driver, numerical_gradient


@driver
def nn_init(sub, layers):
    net = sub.NeuralNetwork(layers)
    shapes_w = [tuple(int(s) for s in np.shape(W)) for W in net.weights]
    shapes_b = [tuple(int(s) for s in np.shape(b)) for b in net.biases]
    nonzero = any(np.any(np.asarray(W, dtype=float) != 0) for W in net.weights)
    return shapes_w, shapes_b, bool(nonzero)


@driver
def nn_forward(sub, layers, weights, biases, X):
    net = sub.NeuralNetwork(layers)
    net.weights = [np.array(W, dtype=float) for W in weights]
    net.biases = [np.array(b, dtype=float) for b in biases]
    return np.asarray(net.forward(X), dtype=float)


@driver
def nn_train(sub, layers, weights, biases, X, y, learning_rate, steps):
    net = sub.NeuralNetwork(layers)
    net.weights = [np.array(W, dtype=float) for W in weights]
    net.biases = [np.array(b, dtype=float) for b in biases]
    for _ in range(steps):
        net.forward(X)
        if learning_rate is None:
            net.backward(X, y)
        else:
            net.backward(X, y, learning_rate)
    # biases of shape (1, n) are accepted: only their values are compared
    return ([np.array(W, dtype=float) for W in net.weights],
            [np.array(b, dtype=float).reshape(-1) for b in net.biases])


def _params(rng, layers, scale=1.0):
    weights = [rng.normal(0.0, scale * np.sqrt(2.0 / a), size=(a, b))
               for a, b in zip(layers[:-1], layers[1:])]
    biases = [rng.normal(0.0, 0.1, size=b) for b in layers[1:]]
    return weights, biases


def _loss(t, layers, weights, biases, X, y):
    net = t.ref.NeuralNetwork(layers)
    net.weights, net.biases = weights, biases
    p = net.forward(X)[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.maximum(p, 1e-300))))  # a wrong answer may give p == 0


def _ref_forward(t, layers, weights, biases, X):
    net = t.ref.NeuralNetwork(layers)
    net.weights, net.biases = weights, biases
    return net.forward(X)


def _numeric_grads(t, layers, weights, biases, X, y):
    """Central differences of the mean cross-entropy w.r.t. every parameter (judge side)."""
    weights = [W.copy() for W in weights]
    biases = [b.copy() for b in biases]
    loss = lambda _: _loss(t, layers, weights, biases, X, y)  # noqa: E731
    return ([numerical_gradient(loss, W) for W in weights],
            [numerical_gradient(loss, b) for b in biases])


def _check_one_step(t, got, layers, weights, biases, X, y, lr):
    new_w, new_b = t.parts(got, 2, "(weights, biases) after one backward step")
    t.check(len(new_w) == len(weights) and len(new_b) == len(biases),
            f"expected {len(weights)} weight matrices and {len(biases)} bias vectors")
    gw, gb = _numeric_grads(t, layers, weights, biases, X, y)
    for i in range(len(weights)):
        step_w = (weights[i] - t.array(new_w[i], f"weights[{i}]")) / lr
        t.close(step_w, gw[i], what=f"(old - new) / learning_rate for weights[{i}] vs dL/dW",
                rtol=1e-4, atol=1e-6)
        step_b = (biases[i] - t.array(new_b[i], f"biases[{i}]")) / lr
        t.close(step_b, gb[i], what=f"(old - new) / learning_rate for biases[{i}] vs dL/db",
                rtol=1e-4, atol=1e-6)


@case(visible=True)
def parameter_shapes(t):
    layers = [4, 5, 3, 2]
    shapes_w, shapes_b, nonzero = yield drive("nn_init", layers)
    t.check([tuple(s) for s in shapes_w] == [(4, 5), (5, 3), (3, 2)],
            "weights[i] must have shape (layers[i], layers[i + 1])",
            expected=[(4, 5), (5, 3), (3, 2)], got=shapes_w)
    t.check([tuple(s) for s in shapes_b] in ([(5,), (3,), (2,)], [(1, 5), (1, 3), (1, 2)]),
            "biases[i] must have shape (layers[i + 1],)", expected=[(5,), (3,), (2,)],
            got=shapes_b)
    t.check(nonzero, "the weights start all zero: initialise them randomly")


@case(visible=True)
def forward_small_example(t):
    layers = [2, 3, 2]
    weights = [np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]]),
               np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])]
    biases = [np.zeros(3), np.zeros(2)]
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    got = yield drive("nn_forward", layers, weights, biases, X)
    t.close(got, _ref_forward(t, layers, weights, biases, X), what="forward on the worked example")


@case()
def forward_deep_batch(t):
    layers = [6, 8, 7, 5, 4]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(20, 6))
    got = yield drive("nn_forward", layers, weights, biases, X)
    p = t.array(got, "probabilities", ndim=2)
    t.close(p, _ref_forward(t, layers, weights, biases, X), what="forward through 3 hidden layers")
    t.close(p.sum(axis=1), np.ones(20), what="row sums of the probabilities")


@case()
def forward_large_logits(t):
    layers = [3, 4, 3]
    weights, biases = _params(t.rng, layers, scale=300.0)
    X = t.rng.normal(size=(6, 3)) * 3
    got = yield drive("nn_forward", layers, weights, biases, X)
    t.close(got, _ref_forward(t, layers, weights, biases, X),
            what="forward with logits in the hundreds (overflow check)")


@case(visible=True)
def one_step_matches_numerical_gradient(t):
    layers = [3, 4, 3]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(8, 3))
    y = t.rng.integers(0, 3, size=8)
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.5, 1)
    _check_one_step(t, got, layers, weights, biases, X, y, 0.5)


@case()
def deep_step_matches_numerical_gradient(t):
    layers = [4, 6, 5, 4, 3]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(10, 4))
    y = t.rng.integers(0, 3, size=10)
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.1, 1)
    _check_one_step(t, got, layers, weights, biases, X, y, 0.1)


@case()
def default_learning_rate_is_0_01(t):
    layers = [3, 5, 2]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(7, 3))
    y = t.rng.integers(0, 2, size=7)
    got = yield drive("nn_train", layers, weights, biases, X, y, None, 1)
    _check_one_step(t, got, layers, weights, biases, X, y, 0.01)


@case()
def no_hidden_layer_softmax_regression(t):
    layers = [5, 4]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(12, 5))
    y = t.rng.integers(0, 4, size=12)
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.3, 1)
    _check_one_step(t, got, layers, weights, biases, X, y, 0.3)


@case()
def single_sample_batch(t):
    layers = [4, 6, 3]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(1, 4))
    y = np.array([2])
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.2, 1)
    _check_one_step(t, got, layers, weights, biases, X, y, 0.2)


@case()
def three_steps_match_reference(t):
    layers = [3, 6, 4]
    weights, biases = _params(t.rng, layers)
    X = t.rng.normal(size=(15, 3))
    y = t.rng.integers(0, 4, size=15)
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.2, 3)
    new_w, new_b = t.parts(got, 2, "(weights, biases) after three steps")
    net = t.ref.NeuralNetwork(layers)
    net.weights, net.biases = [W.copy() for W in weights], [b.copy() for b in biases]
    for _ in range(3):
        net.forward(X)
        net.backward(X, y, 0.2)
    for i in range(len(weights)):
        t.close(new_w[i], net.weights[i], what=f"weights[{i}] after three steps")
        t.close(new_b[i], net.biases[i], what=f"biases[{i}] after three steps")


@case()
def training_reduces_the_loss(t):
    layers = [2, 8, 3]
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = np.repeat(np.arange(3), 20)
    X = centres[y] + t.rng.normal(scale=0.8, size=(60, 2))
    weights, biases = _params(t.rng, layers)
    before = _loss(t, layers, weights, biases, X, y)
    got = yield drive("nn_train", layers, weights, biases, X, y, 0.3, 60)
    new_w, new_b = t.parts(got, 2, "(weights, biases) after training")
    after = _loss(t, layers, [t.array(W) for W in new_w], [t.array(b) for b in new_b], X, y)
    t.check(after < 0.5 * before, f"60 steps of learning_rate 0.3 on three separated blobs "
            f"should at least halve the loss: {before:.4f} -> {after:.4f}")
