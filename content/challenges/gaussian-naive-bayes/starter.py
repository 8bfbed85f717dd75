import numpy as np


class GaussianNB:
    """Gaussian naive Bayes classifier.

    After fit(X, y) the object has:
        classes_:     (n_classes,) the sorted distinct labels of y
        class_prior_: (n_classes,) fraction of training rows in each class
        theta_:       (n_classes, n_features) per-class feature means
        var_:         (n_classes, n_features) per-class feature variances (ddof=0)
                      plus var_smoothing * (largest variance of any feature over all of X)
    """

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """X: (n_samples, n_features); y: (n_samples,) integer labels. Returns self."""
        raise NotImplementedError("implement fit")

    def predict_log_proba(self, X):
        """log P(class | x), shape (n_samples, n_classes), columns in classes_ order."""
        raise NotImplementedError("implement predict_log_proba")

    def predict_proba(self, X):
        """P(class | x), shape (n_samples, n_classes); every row sums to 1."""
        raise NotImplementedError("implement predict_proba")

    def predict(self, X):
        """The most probable label for each row, shape (n_samples,), dtype of y."""
        raise NotImplementedError("implement predict")
