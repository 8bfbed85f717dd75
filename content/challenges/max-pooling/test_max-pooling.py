"""Hidden tests for max pooling: forward values and shapes, gradient routing, ties, overlaps."""

import numpy as np

from mlcoach.judge.testkit import call, case, numerical_gradient

EXAMPLE = np.array([[[[1.0, 2.0, 5.0, 0.0],
                      [3.0, 4.0, 1.0, 5.0],
                      [0.0, 0.0, 2.0, 2.0],
                      [0.0, 1.0, 2.0, 1.0]]]])


def _distinct(rng, shape):
    """Random input with no ties inside any window (a random permutation of spread values)."""
    return rng.permutation(np.arange(int(np.prod(shape)), dtype=float)).reshape(shape) * 0.1 - 3.0


@case(visible=True)
def forward_example(t):
    got = yield call("max_pool_forward", EXAMPLE)
    t.close(got, np.array([[[[4.0, 5.0], [1.0, 2.0]]]]), what="2x2 max pooling of the example")


@case(visible=True)
def backward_example_with_ties(t):
    got = yield call("max_pool_backward", np.ones((1, 1, 2, 2)), EXAMPLE)
    expected = np.array([[[[0.0, 0.0, 1.0, 0.0],
                           [0.0, 1.0, 0.0, 0.0],
                           [0.0, 0.0, 1.0, 0.0],
                           [0.0, 1.0, 0.0, 0.0]]]])
    t.close(got, expected, what="dx for the example (ties go to the first max, row-major)")


@case(visible=True)
def backward_routes_to_the_max(t):
    x = _distinct(t.rng, (1, 2, 4, 4))
    dout = t.rng.normal(size=(1, 2, 2, 2))
    got = yield call("max_pool_backward", dout, x)
    t.close(got, t.ref.max_pool_backward(dout, x), what="dx on an input without ties")


@case()
def forward_batch_and_channels(t):
    x = t.rng.normal(size=(2, 3, 6, 6))
    got = yield call("max_pool_forward", x, pool_size=2, stride=2)
    t.close(got, t.ref.max_pool_forward(x, 2, 2), what="2x2/2 pooling of (2, 3, 6, 6)")


@case()
def all_negative_input(t):
    x = -1.0 - t.rng.random(size=(1, 2, 4, 4)) * 5
    got = yield call("max_pool_forward", x)
    t.close(got, t.ref.max_pool_forward(x), what="pooling of all-negative values")


@case()
def leftover_edge_is_ignored(t):
    x = _distinct(t.rng, (1, 1, 5, 5))
    dout = t.rng.normal(size=(1, 1, 2, 2))
    got = yield call("max_pool_backward", dout, x, pool_size=2, stride=2)
    dx = t.array(got, "dx", ndim=4)
    t.close(dx, t.ref.max_pool_backward(dout, x, 2, 2), what="dx on a 5x5 input (pool 2, stride 2)")
    t.check(np.all(dx[..., 4, :] == 0) and np.all(dx[..., :, 4] == 0),
            "the last row and column are in no window and must get zero gradient")


@case()
def overlapping_windows_accumulate(t):
    x = np.array([[[[0.0, 1.0, 0.0],
                    [1.0, 9.0, 1.0],
                    [0.0, 1.0, 0.0]]]])
    dout = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    got = yield call("max_pool_backward", dout, x, pool_size=2, stride=1)
    expected = np.zeros((1, 1, 3, 3))
    expected[0, 0, 1, 1] = 10.0  # the 9 is the max of all four windows: 1 + 2 + 3 + 4
    t.close(got, expected, what="dx with stride 1 (four overlapping windows share one max)")


@case()
def overlapping_windows_forward_and_ties(t):
    x = np.full((1, 2, 3, 4), 2.0)
    dout = t.rng.normal(size=(1, 2, 2, 3))
    got = yield call("max_pool_backward", dout, x, pool_size=2, stride=1)
    expected = np.zeros((1, 2, 3, 4))
    expected[:, :, :2, :3] = dout  # every window's first position is its top-left corner
    t.close(got, expected, what="dx on a constant input with overlapping windows")


@case()
def backward_matches_numerical_gradient(t):
    x = t.rng.normal(size=(2, 2, 7, 7))
    dout = t.rng.normal(size=(2, 2, 3, 3))
    got = yield call("max_pool_backward", dout, x, pool_size=3, stride=2)
    xx = x.copy()
    num = numerical_gradient(
        lambda _: float(np.sum(t.ref.max_pool_forward(xx, 3, 2) * dout)), xx)
    t.close(got, num, what="dx vs numerical gradient (pool 3, stride 2)", rtol=1e-6, atol=1e-6)


@case()
def rectangular_input_default_arguments(t):
    x = t.rng.normal(size=(3, 1, 4, 6))
    got = yield call("max_pool_forward", x)
    t.check(np.shape(got) == (3, 1, 2, 3), "output shape with the defaults (pool 2, stride 2)",
            expected=(3, 1, 2, 3), got=np.shape(got))
    t.close(got, t.ref.max_pool_forward(x), what="pooling a 4x6 input with the defaults")
