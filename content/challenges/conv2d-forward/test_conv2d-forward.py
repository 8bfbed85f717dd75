"""Hidden tests for conv2d_forward: shapes, stride/padding arithmetic, no flip, channels, bias."""

import numpy as np

from mlcoach.judge.testkit import call, case


def _check(t, got, x, w, b=None, stride=1, padding=0, what="conv2d"):
    expected = t.ref.conv2d_forward(x, w, b, stride=stride, padding=padding)
    t.close(got, expected, what=what)


@case(visible=True)
def tiny_example(t):
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    got = yield call("conv2d_forward", x, w)
    t.close(got, np.full((1, 1, 2, 2), -4.0), what="3x3 input, 2x2 kernel, no padding")


@case(visible=True)
def padding_with_centre_kernel_is_identity(t):
    x = t.rng.normal(size=(1, 2, 4, 5))
    w = np.zeros((2, 2, 3, 3))
    w[0, 0, 1, 1] = w[1, 1, 1, 1] = 1.0
    got = yield call("conv2d_forward", x, w, padding=1)
    t.close(got, x, what="3x3 centre-one kernel with padding=1 (must return the input)")


@case(visible=True)
def kernel_is_not_flipped(t):
    x = np.zeros((1, 1, 5, 5))
    x[0, 0, 2, 2] = 1.0  # a single 1 in the middle
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    got = yield call("conv2d_forward", x, w)
    # cross-correlation of a delta shows the kernel rotated by 180 degrees
    t.close(got, w[:, :, ::-1, ::-1], what="response to a centred delta (cross-correlation)")


@case()
def batch_and_channels(t):
    x = t.rng.normal(size=(2, 3, 6, 7))
    w = t.rng.normal(size=(4, 3, 3, 3))
    b = t.rng.normal(size=4)
    got = yield call("conv2d_forward", x, w, b)
    _check(t, got, x, w, b, what="N=2, C_in=3, C_out=4, 3x3 kernel, bias")


@case()
def stride_two_with_padding(t):
    x = t.rng.normal(size=(2, 2, 8, 8))
    w = t.rng.normal(size=(3, 2, 3, 3))
    got = yield call("conv2d_forward", x, w, None, stride=2, padding=1)
    _check(t, got, x, w, None, stride=2, padding=1, what="stride=2, padding=1")


@case()
def stride_that_does_not_divide(t):
    x = t.rng.normal(size=(1, 2, 7, 8))
    w = t.rng.normal(size=(2, 2, 3, 3))
    got = yield call("conv2d_forward", x, w, stride=3)
    t.check(np.shape(got) == (1, 2, 2, 2), "output shape with H=7, W=8, K=3, stride=3 must be "
            "(1, 2, 2, 2): floor((7 - 3) / 3) + 1 = 2", expected=(1, 2, 2, 2), got=np.shape(got))
    _check(t, got, x, w, stride=3, what="stride=3 on a 7x8 input")


@case()
def rectangular_kernel_and_input(t):
    x = t.rng.normal(size=(2, 3, 5, 9))
    w = t.rng.normal(size=(2, 3, 2, 4))
    b = np.array([0.5, -1.5])
    got = yield call("conv2d_forward", x, w, b, stride=2, padding=2)
    _check(t, got, x, w, b, stride=2, padding=2, what="2x4 kernel on a 5x9 input, stride=2, padding=2")


@case()
def kernel_covers_whole_input(t):
    x = t.rng.normal(size=(3, 2, 4, 4))
    w = t.rng.normal(size=(5, 2, 4, 4))
    got = yield call("conv2d_forward", x, w)
    expected = np.einsum("nchw,ochw->no", x, w)[:, :, None, None]
    t.close(got, expected, what="a 4x4 kernel on a 4x4 input (one output pixel per channel)")


@case()
def one_by_one_convolution_mixes_channels(t):
    x = t.rng.normal(size=(2, 4, 3, 5))
    w = t.rng.normal(size=(6, 4, 1, 1))
    b = t.rng.normal(size=6)
    got = yield call("conv2d_forward", x, w, b)
    expected = np.einsum("nchw,oc->nohw", x, w[:, :, 0, 0]) + b[None, :, None, None]
    t.close(got, expected, what="1x1 convolution (a per-pixel linear map over channels)")


@case()
def single_channel_single_filter_padding_two(t):
    x = t.rng.normal(size=(1, 1, 3, 3))
    w = t.rng.normal(size=(1, 1, 3, 3))
    got = yield call("conv2d_forward", x, w, padding=2)
    _check(t, got, x, w, padding=2, what="padding=2 (output 5x5)")
