import numpy as np


def sgd_momentum(grad_fn, x0, lr=0.01, momentum=0.9, n_steps=100, nesterov=False,
                 weight_decay=0.0):
    """Run n_steps of SGD with momentum as torch.optim.SGD does (dampening = 0).

    Returns every iterate, x_0 .. x_{n_steps}, stacked along a new first axis.
    """
    x = np.array(x0, dtype=float)        # a float copy: the caller's x0 is never modified
    velocity = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(n_steps):
        g = np.asarray(grad_fn(x), dtype=float) + weight_decay * x   # coupled L2, as in torch
        velocity = momentum * velocity + g                             # no (1 - momentum) factor
        step = g + momentum * velocity if nesterov else velocity
        x = x - lr * step                                              # a new array each step
        path.append(x.copy())
    return np.stack(path)
