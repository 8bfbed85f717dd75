import numpy as np


def sgd_momentum(grad_fn, x0, lr=0.01, momentum=0.9, n_steps=100, nesterov=False,
                 weight_decay=0.0):
    """Minimise with SGD + momentum using torch.optim.SGD's update rule (dampening = 0).

    Args:
        grad_fn: callable taking a float array shaped like x0 and returning its gradient.
        x0: starting point, array of any shape (possibly integer). Must not be modified.
        lr, momentum, weight_decay: floats >= 0.
        n_steps: number of updates (>= 0); grad_fn is called exactly once per update.
        nesterov: use PyTorch's Nesterov variant.
    Returns:
        np.ndarray of shape (n_steps + 1, *x0.shape): x_0 (as floats), x_1, ..., x_n.
    """
    raise NotImplementedError("implement sgd_momentum")
