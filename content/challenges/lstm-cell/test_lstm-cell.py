"""Hidden tests for lstm_cell_forward: gate order, both biases, shapes, saturation, unrolling."""

import numpy as np

from mlcoach.judge.testkit import call, case, drive, driver


@driver
def unroll(sub, xs, h0, c0, W_ih, W_hh, b_ih, b_hh):
    h, c = h0, c0
    hs = []
    for x in xs:
        res = sub.lstm_cell_forward(x, h, c, W_ih, W_hh, b_ih, b_hh)
        h, c = res[0], res[1]
        hs.append(np.asarray(h, dtype=float))
    return np.stack(hs), np.asarray(c, dtype=float)


def _params(rng, n_in, n_hidden, scale=0.5):
    return (rng.normal(scale=scale, size=(4 * n_hidden, n_in)),
            rng.normal(scale=scale, size=(4 * n_hidden, n_hidden)),
            rng.normal(scale=scale, size=4 * n_hidden), rng.normal(scale=scale, size=4 * n_hidden))


def _check(t, got, args, what):
    h, c = t.parts(got, 2, "(h_next, c_next)")
    eh, ec = t.ref.lstm_cell_forward(*args)
    t.close(c, ec, what=f"c_next ({what})")
    t.close(h, eh, what=f"h_next ({what})")


@case(visible=True)
def zero_parameters(t):
    x, h, c = np.array([[1.0]]), np.array([[0.0]]), np.array([[2.0]])
    got = yield call("lstm_cell_forward", x, h, c, np.zeros((4, 1)), np.zeros((4, 1)),
                     np.zeros(4), np.zeros(4))
    hn, cn = t.parts(got, 2, "(h_next, c_next)")
    t.close(cn, np.array([[1.0]]), what="c_next with all-zero parameters")
    t.close(hn, np.array([[0.5 * np.tanh(1.0)]]), what="h_next with all-zero parameters")


@case(visible=True)
def small_random_step(t):
    x, h, c = t.rng.normal(size=(2, 3)), t.rng.normal(size=(2, 4)), t.rng.normal(size=(2, 4))
    args = (x, h, c, *_params(t.rng, 3, 4))
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "N=2, I=3, H=4")


@case(visible=True)
def forget_and_output_gates_open(t):
    # input gate shut (-50), forget gate open (+50), output gate open (+50): memory is kept
    H = 3
    c = np.array([[0.5, -1.0, 2.0]])
    b_ih = np.concatenate([np.full(H, -50.0), np.full(H, 50.0), np.full(H, 0.9), np.full(H, 50.0)])
    got = yield call("lstm_cell_forward", np.ones((1, 2)), np.zeros((1, H)), c,
                     np.zeros((4 * H, 2)), np.zeros((4 * H, H)), b_ih, np.zeros(4 * H))
    hn, cn = t.parts(got, 2, "(h_next, c_next)")
    t.close(cn, c, what="c_next with i shut and f open (gate order i, f, g, o)", atol=1e-12)
    t.close(hn, np.tanh(c), what="h_next with o open", atol=1e-12)


@case()
def input_gate_writes_candidate(t):
    # input gate open, forget gate shut, candidate pre-activation 0.8, output gate open
    H = 2
    c = np.array([[3.0, -3.0]])
    b_hh = np.concatenate([np.full(H, 50.0), np.full(H, -50.0), np.full(H, 0.8), np.full(H, 50.0)])
    got = yield call("lstm_cell_forward", np.zeros((1, 1)), np.zeros((1, H)), c,
                     np.zeros((4 * H, 1)), np.zeros((4 * H, H)), np.zeros(4 * H), b_hh)
    hn, cn = t.parts(got, 2, "(h_next, c_next)")
    t.close(cn, np.full((1, H), np.tanh(0.8)), what="c_next = tanh(candidate) when f is shut",
            atol=1e-12)
    t.close(hn, np.tanh(np.full((1, H), np.tanh(0.8))), what="h_next", atol=1e-12)


@case()
def larger_batch(t):
    x, h, c = t.rng.normal(size=(6, 5)), t.rng.normal(size=(6, 3)), t.rng.normal(size=(6, 3))
    args = (x, h, c, *_params(t.rng, 5, 3))
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "N=6, I=5, H=3")


@case()
def saturated_gates_stay_finite(t):
    x, h, c = t.rng.normal(size=(3, 4)), t.rng.normal(size=(3, 2)), t.rng.normal(size=(3, 2))
    args = (x, h, c, *_params(t.rng, 4, 2, scale=200.0))
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "pre-activations in the hundreds")


@case()
def batch_of_one(t):
    x, h, c = t.rng.normal(size=(1, 2)), t.rng.normal(size=(1, 5)), t.rng.normal(size=(1, 5))
    args = (x, h, c, *_params(t.rng, 2, 5))
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "N=1, I=2, H=5")


@case()
def hidden_size_one(t):
    x, h, c = t.rng.normal(size=(4, 6)), t.rng.normal(size=(4, 1)), t.rng.normal(size=(4, 1))
    args = (x, h, c, *_params(t.rng, 6, 1))
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "H=1")


@case()
def recurrent_bias_only(t):
    H = 3
    x, h, c = t.rng.normal(size=(2, 2)), t.rng.normal(size=(2, H)), t.rng.normal(size=(2, H))
    W_ih, W_hh, _, b_hh = _params(t.rng, 2, H)
    args = (x, h, c, W_ih, W_hh, np.zeros(4 * H), b_hh)
    got = yield call("lstm_cell_forward", *args)
    _check(t, got, args, "only b_hh non-zero")


@case()
def unrolled_sequence(t):
    xs = t.rng.normal(size=(6, 2, 3))  # 6 time steps, batch 2, input 3
    h0, c0 = np.zeros((2, 4)), np.zeros((2, 4))
    params = _params(t.rng, 3, 4)
    got = yield drive("unroll", xs, h0, c0, *params)
    hs, c_last = t.parts(got, 2, "(hidden states, last cell state)")
    h, c, expected = h0, c0, []
    for x in xs:
        h, c = t.ref.lstm_cell_forward(x, h, c, *params)
        expected.append(h)
    t.close(hs, np.stack(expected), what="hidden states over 6 unrolled steps")
    t.close(c_last, c, what="cell state after 6 steps")
