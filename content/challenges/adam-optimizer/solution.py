import numpy as np


def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update; t is the 1-based number of this step. Returns new (param, m, v)."""
    param, grad, m, v = (np.asarray(a, dtype=float) for a in (param, grad, m, v))
    # Exponential moving averages of the gradient and of its square (new arrays, no in-place).
    m = beta1 * m + (1.0 - beta1) * grad
    v = beta2 * v + (1.0 - beta2) * grad ** 2
    # Both averages start at 0, which biases them towards 0 in early steps; dividing by
    # 1 - beta**t undoes that exactly for a constant gradient.
    m_hat = m / (1.0 - beta1 ** t)
    v_hat = v / (1.0 - beta2 ** t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
