import numpy as np


def gradient_descent(X, y,  # design matrix (no bias added) and targets
                     learning_rate=0.01, epochs=1000):
    """Full-batch gradient descent on the mean squared error; returns theta, shape (n_features,)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n_samples, n_features = X.shape
    theta = np.zeros(n_features)
    for _ in range(epochs):
        residual = X @ theta - y  # (n_samples,)
        # d/dtheta of mean((X theta - y)^2); the mean keeps the step size independent of n
        gradient = (2.0 / n_samples) * (X.T @ residual)
        theta = theta - learning_rate * gradient
    return theta
