import numpy as np


def ridge_regression(X, y, alpha=1.0, fit_intercept=True):
    """Closed-form least squares with an L2 penalty on the coefficients (not the intercept).

    Minimises ||y - X @ coef - intercept||^2 + alpha * ||coef||^2.

    Args:
        X: array (n_samples, n_features).
        y: array (n_samples,).
        alpha: penalty strength >= 0; alpha = 0 is ordinary least squares.
        fit_intercept: if False the intercept is fixed at 0.0 and the data are not centred.
    Returns:
        (coef, intercept): coef a float array of shape (n_features,), intercept a float.
    """
    raise NotImplementedError("implement ridge_regression")
