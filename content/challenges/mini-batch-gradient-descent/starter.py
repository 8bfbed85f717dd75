import numpy as np


def mini_batch_gradient_descent(X, y,  # training data, first axis = samples
                                model,  # dict: parameter name -> array
                                loss_fn, grad_fn,  # callables, see the prompt
                                learning_rate=0.01, batch_size=32, epochs=100):
    """Train `model` by mini-batch gradient descent.

    Args:
        X: array of shape (n_samples, ...); y: array of shape (n_samples, ...).
        model: dict mapping parameter names to float NumPy arrays.
        loss_fn: loss_fn(model, xb, yb) -> float, the mean loss on the batch (xb, yb).
        grad_fn: grad_fn(model, xb, yb) -> dict with the same keys as `model`, each
            gradient shaped like its parameter.
        learning_rate, batch_size, epochs: as usual.
    Returns:
        (model, history): the updated parameter dict and a list of `epochs` floats, the mean
        batch loss of each epoch.
    """
    raise NotImplementedError("implement mini_batch_gradient_descent")
