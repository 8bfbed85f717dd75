import numpy as np


def _sigmoid(z):
    # Same function as 1 / (1 + exp(-z)), but tanh never overflows for large |z|.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def lstm_cell_forward(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    """One LSTM step with PyTorch's layout: gates stacked as [input, forget, cell, output]."""
    x, h_prev, c_prev = (np.asarray(a, dtype=float) for a in (x, h_prev, c_prev))
    gates = x @ np.asarray(W_ih).T + b_ih + h_prev @ np.asarray(W_hh).T + b_hh  # (N, 4H)
    i, f, g, o = np.split(gates, 4, axis=1)
    i, f, o = _sigmoid(i), _sigmoid(f), _sigmoid(o)
    g = np.tanh(g)
    c_next = f * c_prev + i * g   # keep part of the old memory, write part of the candidate
    h_next = o * np.tanh(c_next)  # expose a gated view of the memory
    return h_next, c_next
