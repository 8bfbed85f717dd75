import numpy as np


def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam.

    Args:
        param, grad, m, v: float arrays of the same shape (parameters, gradient, first and
            second moment estimates).
        t: the number of this step, starting at 1.
    Returns:
        (new_param, new_m, new_v), new arrays; the inputs must not be modified.
    """
    raise NotImplementedError("implement the Adam update")
