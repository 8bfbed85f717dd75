import numpy as np


def lstm_cell_forward(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    """One step of an LSTM cell (PyTorch conventions, gate order i, f, g, o).

    Args:
        x: (N, input_size); h_prev, c_prev: (N, hidden_size).
        W_ih: (4 * hidden_size, input_size); W_hh: (4 * hidden_size, hidden_size).
        b_ih, b_hh: (4 * hidden_size,).
    Returns:
        (h_next, c_next), each of shape (N, hidden_size).
    """
    raise NotImplementedError("implement one LSTM step")
