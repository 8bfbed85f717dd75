import numpy as np


def gradient_descent(X, y,  # design matrix (no bias added) and targets
                     learning_rate=0.01, epochs=1000):
    """Fit linear regression y ~ X @ theta by full-batch gradient descent on the MSE.

    Args:
        X: array of shape (n_samples, n_features); used as given (no bias column is added).
        y: array of shape (n_samples,).
        learning_rate: step size.
        epochs: number of gradient steps.
    Returns:
        theta: float array of shape (n_features,).
    """
    raise NotImplementedError("implement gradient_descent")
