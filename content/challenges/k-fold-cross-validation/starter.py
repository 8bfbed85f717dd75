import numpy as np


def k_fold_cross_validation(X, y, model_fn,  # data, and a factory of fresh models
                            k=5, metric_fn=None):
    """Estimate a model's performance with k-fold cross-validation.

    Args:
        X: array of shape (n_samples, n_features); y: array of shape (n_samples,).
        model_fn: called with no arguments, returns a new unfitted model with
            .fit(X_train, y_train) and .predict(X_val) -> predictions of shape (n_val,).
        k: number of folds, 2 <= k <= n_samples.
        metric_fn: metric_fn(y_true, y_pred) -> float; None means accuracy.
    Returns:
        list of k floats: the score on each validation fold, in fold order.
    """
    raise NotImplementedError("implement k_fold_cross_validation")
