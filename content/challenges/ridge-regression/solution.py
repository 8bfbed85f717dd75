import numpy as np


def ridge_regression(X, y, alpha=1.0, fit_intercept=True):
    """Minimise ||y - X w - b||^2 + alpha * ||w||^2 in closed form; b is never penalised.

    Centring X and y first removes the intercept from the problem exactly: the optimal b
    makes the residuals average to zero, so b = mean(y) - mean(X) . w, and w solves the
    ridge normal equations on the centred data.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
    else:
        Xc, yc = X, y
    n_features = X.shape[1]
    gram = Xc.T @ Xc + alpha * np.eye(n_features)
    # solve() is cheaper and more accurate than forming the inverse
    coef = np.linalg.solve(gram, Xc.T @ yc)
    intercept = float(y_mean - x_mean @ coef) if fit_intercept else 0.0
    return coef, intercept
